"""Statistics as files: one protected table as CSV or XLSX, or all tables in one XLSX (a background task)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalwijzer.statistics.dimensions import TableDefinition
from signaalwijzer.statistics.disclosure import TOTAL, PublishedTable

SUPPRESSION_NOTE = gettext_lazy(
    "Numbers below %(threshold)s are not shown, and neither are numbers from which one could work them out, "
    "also in combination with the other tables, areas and periods (secondary suppression, checked with an "
    "interval audit)."
)


@dataclass(frozen=True)
class ShownTable:
    """One published table: its fixed definition (titles, labels, note) and its protected counts."""

    definition: TableDefinition
    table: PublishedTable

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def title(self) -> str:
        return str(self.definition.title)

    @property
    def row_title(self) -> str:
        return str(self.definition.row_title)

    @property
    def note(self) -> str:
        return str(self.definition.note)

    def row_label(self, row: str) -> str:
        return _("Total") if row == TOTAL else self.definition.row_label(row)

    def column_label(self, column: str) -> str:
        return _("Total") if column == TOTAL else self.definition.column_label(column)

    def notes(self) -> list[str]:
        """The shared sentence on the suppression, then the table's own note."""
        return [str(SUPPRESSION_NOTE) % {"threshold": self.table.threshold}, self.note]


def rows_of(stats: ShownTable) -> list[list[str]]:
    """The published table as text rows; a suppressed cell as PublishedTable.label gives it, as on the page."""
    table = stats.table
    columns = (*table.columns, TOTAL)
    rows = [[stats.row_title, *[stats.column_label(column) for column in columns]]]
    for row in (*table.rows, TOTAL):
        rows.append([stats.row_label(row), *[table.label(row, column) for column in columns]])
    return rows


def as_csv(stats: ShownTable, *, heading: str) -> str:
    """The table, with its title and period/area above it and its notes below it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([stats.title])
    writer.writerow([heading])
    writer.writerows(rows_of(stats))
    writer.writerow([])
    for note in stats.notes():
        writer.writerow([note])
    return buffer.getvalue()


def as_xlsx(
    tables: Iterable[ShownTable],
    *,
    heading: str,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = list(tables)
    for index, stats in enumerate(tables, start=1):
        sheet = workbook.create_sheet(stats.key[:31])
        sheet.append([stats.title])
        sheet.append([heading])
        for row in rows_of(stats):
            # Numbers as numbers, a suppressed cell as its text, so a spreadsheet can sum what is published.
            sheet.append([int(value) if value.isdigit() else value for value in row])
        sheet.append([])
        for note in stats.notes():
            sheet.append([note])
        if progress is not None:
            progress(round(index * 100 / len(tables)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def start_export(user: Any, *, area: str, years: tuple[int, ...]) -> Any:
    """Queue a full export of the scope for ``user``; the worker builds it after the transaction commits."""
    from django.db import transaction

    from signaalwijzer.statistics.models import StatisticsExport
    from signaalwijzer.statistics.tasks import build_statistics_export

    job = StatisticsExport.objects.create(
        requested_by=user,
        year=years[0],
        last_year=years[-1],
        area=area,
        national=area != "organisation",
    )
    transaction.on_commit(lambda: build_statistics_export.enqueue(job.pk))
    return job


def scope_of(job: Any) -> tuple[str, tuple[int, ...]]:
    """(area, years) of an export job (one made before areas and blocks: its year, national or not)."""
    area = job.area if job.area != "organisation" or not job.national else "national"
    last = job.last_year or job.year
    return area, tuple(range(job.year, last + 1))


def export_content(job: Any, progress: Callable[[int], None] | None = None) -> bytes:
    """Every table of the job's scope in one XLSX (the worker calls this)."""
    from signaalwijzer.statistics import views

    area, years = scope_of(job)
    scope = views.make_scope(area, years, job.requested_by.organisation_id)
    return as_xlsx(
        views.published_tables(scope), heading=views.scope_heading(area, years), progress=progress
    )


def exports_of(user: Any) -> list[Any]:
    from signaalwijzer.statistics.models import StatisticsExport

    return list(StatisticsExport.objects.filter(requested_by=user).defer("content")[:10])


def finished_export(user: Any, export_id: int) -> Any:
    """The user's own finished export, or None (someone else's export does not exist for them)."""
    from signaalwijzer.statistics.models import StatisticsExport

    return StatisticsExport.objects.filter(
        pk=export_id, requested_by=user, status=StatisticsExport.Status.DONE
    ).first()
