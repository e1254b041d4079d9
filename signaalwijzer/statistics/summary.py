"""The statistics summary: counts per organisation, year, safety region and table cell, rebuilt per
organisation-year from that organisation-year's cases. The pages read only the summary (selectors.py).

Keeping it current (decision 39): a database trigger marks the (organisation, year) of every changed case in the
same transaction (dirty.py); ``rebuild_dirty`` (the worker's task, queued on commit) rebuilds only the marked
pairs and records the watermark: ``StatisticsSummaryState.version`` goes up, so cached protected tables keyed on
the old version are never read again. ``rebuild_all`` marks every pair and rebuilds (deployments, demo data).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from signaalwijzer.cases.models import Case
from signaalwijzer.meldcode.models import Action, WeighingVersion
from signaalwijzer.statistics import dimensions
from signaalwijzer.statistics.models import (
    StatisticsCount,
    StatisticsDirty,
    StatisticsDuration,
    StatisticsSummaryState,
)


def year_cases(organisation_id: int, year: int) -> QuerySet[Case]:
    """The cases an organisation created in a year (local time)."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return Case.objects.filter(
        organisation_id=organisation_id, created_at__gte=start, created_at__lt=end
    )


def _durations(cases: QuerySet[Case]) -> dict[str, StatisticsDuration]:
    rows = (
        cases.annotate(
            first_signal=Min("observations__observed_on"),
            reported_on=Min(
                "actions__reported_on", filter=Q(actions__kind=Action.Kind.REPORT_VEILIG_THUIS)
            ),
            # The first decision, dated on its weighing version: later saves do not move it.
            decided_at=Subquery(
                WeighingVersion.objects.filter(case=OuterRef("pk"), decided_at__isnull=False)
                .order_by("decided_at")
                .values("decided_at")[:1]
            ),
        )
        .filter(first_signal__isnull=False)
        .values_list("municipality_code", "first_signal", "decided_at", "reported_on")
    )
    sums: dict[str, StatisticsDuration] = {}
    for municipality, first_signal, decided_at, reported_on in rows:
        region = dimensions.region_of(municipality)
        total = sums.setdefault(region, StatisticsDuration(region=region))
        total.signalled += 1
        if decided_at is not None:
            total.decided += 1
            total.decision_days += (timezone.localdate(decided_at) - first_signal).days
        if reported_on is not None:
            total.reported += 1
            total.report_days += (reported_on - first_signal).days
    return sums


@transaction.atomic
def rebuild(organisation_id: int, year: int) -> int:
    """Replace the summary of one organisation-year by a fresh count of its cases. Returns the cells stored."""
    StatisticsCount.objects.filter(organisation_id=organisation_id, year=year).delete()
    StatisticsDuration.objects.filter(organisation_id=organisation_id, year=year).delete()
    if not 1 <= year <= 9998:
        return 0
    cases = year_cases(organisation_id, year)
    counts = dimensions.count_cases(cases)
    StatisticsCount.objects.bulk_create(
        [
            StatisticsCount(
                organisation_id=organisation_id,
                year=year,
                region=region,
                table=table,
                row=row,
                column=column,
                n=n,
            )
            for (table, region, row, column), n in counts.items()
            if n > 0
        ],
        batch_size=1000,
    )
    durations = list(_durations(cases).values())
    for duration in durations:
        duration.organisation_id = organisation_id
        duration.year = year
    StatisticsDuration.objects.bulk_create(durations)
    return len(counts)


ALL_ORGANISATIONS = 0  # the watermark of the views across organisations


def versions(organisation_id: int | None) -> tuple[int, int]:
    """The watermarks (across organisations, of this organisation), in one query; 0 before any rebuild."""
    found = dict(
        StatisticsSummaryState.objects.filter(
            organisation_id__in={ALL_ORGANISATIONS, organisation_id or 0}
        ).values_list("organisation_id", "version")
    )
    return found.get(ALL_ORGANISATIONS, 0), found.get(organisation_id or 0, 0)


def version(organisation_id: int | None = None) -> int:
    """The watermark of all organisations together, or of one organisation."""
    national, own = versions(organisation_id)
    return own if organisation_id else national


def _bump(organisation_ids: set[int]) -> None:
    now = timezone.now()
    for organisation_id in sorted({ALL_ORGANISATIONS, *organisation_ids}):
        updated = StatisticsSummaryState.objects.filter(organisation_id=organisation_id).update(
            version=F("version") + 1, rebuilt_at=now
        )
        if not updated:
            StatisticsSummaryState.objects.create(
                organisation_id=organisation_id, version=1, rebuilt_at=now
            )


def rebuild_dirty() -> list[tuple[int, int]]:
    """Rebuild every marked organisation-year. A mark is removed only when no change came in while its pair
    was counted (same generation); otherwise it stays for the next run. Returns the pairs rebuilt."""
    from signaalwijzer.accounts.models import Organisation

    marks = list(StatisticsDirty.objects.values_list("organisation_id", "year", "generation"))
    existing = set(
        Organisation.objects.filter(pk__in={mark[0] for mark in marks}).values_list("pk", flat=True)
    )
    for organisation_id, year, generation in marks:
        with transaction.atomic():
            if organisation_id in existing:
                rebuild(organisation_id, year)
            StatisticsDirty.objects.filter(
                organisation_id=organisation_id, year=year, generation=generation
            ).delete()
    if marks:
        _bump({organisation_id for organisation_id, _year, _generation in marks})
    return [(organisation_id, year) for organisation_id, year, _generation in marks]


def mark_all() -> int:
    """Mark every organisation-year that has cases or a summary (a summary without cases is removed)."""
    with_cases = set(
        Case.objects.annotate(created_year=ExtractYear("created_at"))
        .values_list("organisation_id", "created_year")
        .distinct()
        .order_by()
    )
    summarised = set(
        StatisticsCount.objects.values_list("organisation_id", "year").distinct().order_by()
    ) | set(StatisticsDuration.objects.values_list("organisation_id", "year").distinct().order_by())
    pairs = with_cases | summarised
    StatisticsDirty.objects.bulk_create(
        [StatisticsDirty(organisation_id=org, year=year) for org, year in sorted(pairs)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(pairs)


def rebuild_all() -> list[tuple[int, int]]:
    mark_all()
    return rebuild_dirty()
