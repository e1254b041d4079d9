"""Statistics as files: one protected table as CSV or XLSX, or all tables in one XLSX (a background task)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from signaalwijzer.statistics.disclosure import TOTAL
from signaalwijzer.statistics.selectors import StatisticsTable


def rows_of(stats: StatisticsTable) -> list[list[str]]:
    """The published table as text rows, suppressed cells as '<threshold'; the same on page, CSV and XLSX."""
    table = stats.table
    rows = [[stats.row_title, *[stats.column_labels.get(c, c) for c in table.columns], _("Total")]]
    for row in (*table.rows, TOTAL):
        label = _("Total") if row == TOTAL else stats.row_labels.get(row, row)
        rows.append([label, *[table.label(row, c) for c in table.columns], table.label(row, TOTAL)])
    return rows


def as_csv(stats: StatisticsTable) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows_of(stats))
    return buffer.getvalue()


def as_xlsx(
    tables: Iterable[StatisticsTable], progress: Callable[[int], None] | None = None
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = list(tables)
    for index, stats in enumerate(tables, start=1):
        sheet = workbook.create_sheet(stats.key[:31])
        sheet.append([stats.title])
        for row in rows_of(stats):
            # Numbers as numbers, '<10' as text, so a spreadsheet can sum what is published.
            sheet.append([int(value) if value.isdigit() else value for value in row])
        if progress is not None:
            progress(round(index * 100 / len(tables)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def start_export(user: Any, *, year: int, national: bool) -> Any:
    """Queue a full export for ``user``; the worker builds it after the transaction commits."""
    from django.db import transaction

    from signaalwijzer.statistics.models import StatisticsExport
    from signaalwijzer.statistics.tasks import build_statistics_export

    job = StatisticsExport.objects.create(requested_by=user, year=year, national=national)
    transaction.on_commit(lambda: build_statistics_export.enqueue(job.pk))
    return job


def exports_of(user: Any) -> list[Any]:
    from signaalwijzer.statistics.models import StatisticsExport

    return list(StatisticsExport.objects.filter(requested_by=user).defer("content")[:10])


def finished_export(user: Any, export_id: int) -> Any:
    """The user's own finished export, or None (someone else's export does not exist for them)."""
    from signaalwijzer.statistics.models import StatisticsExport

    return StatisticsExport.objects.filter(
        pk=export_id, requested_by=user, status=StatisticsExport.Status.DONE
    ).first()
