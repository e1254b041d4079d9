"""Anonymised statistics: counts computed by the database, then protected (disclosure.py) before display.

Only plain, coarse columns are counted (organisation, sector, age band, gender, forms, profile, outcome, dates);
encrypted fields are never read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import Sector, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases.models import Case, ExploitationForm, Gender
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.meldcode.models import Action, DecisionChoice, WeighingVersion
from signaalwijzer.statistics.bands import AGE_BANDS
from signaalwijzer.statistics.disclosure import PublishedTable, protect

AGE_BAND_LABELS = {
    "under_12": _("under 12"),
    "12_15": _("12 to 15"),
    "16_17": _("16 and 17"),
    "18_plus": _("18 and older"),
    "unknown": _("unknown"),
}


@dataclass(frozen=True)
class Scope:
    national: bool
    organisation_id: int | None
    year: int


@dataclass
class StatisticsTable:
    key: str
    title: str
    row_title: str
    table: PublishedTable
    row_labels: dict[str, str]
    column_labels: dict[str, str]


def may_see_national(user: User) -> bool:
    return Role.RESEARCHER in user.roles


@dataclass
class _Tally:
    """Counts per (row, column), added up, and the same per organisation (the parts of a national table).

    Added up, never overwritten: two database rows can land in the same cell (no weighing and a weighing
    without a decision are both "no decision yet").
    """

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    parts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def add(self, organisation_id: int, row: str, column: str, n: int) -> None:
        cells = self.counts.setdefault(row, {})
        cells[column] = cells.get(column, 0) + n
        part = self.parts.setdefault(str(organisation_id), {}).setdefault(row, {})
        part[column] = part.get(column, 0) + n

    def protect(
        self, scope: Scope, *, rows: Iterable[str], columns: Sequence[str]
    ) -> PublishedTable:
        """The protected table, rows in the given order (any others after them).

        A national table is protected against anyone who knows one organisation's own counts (its meldcode
        officer sees them): national minus own organisation never gives away a small number.
        """
        order = [row for row in rows if row in self.counts]
        order += sorted(set(self.counts) - set(order))
        ordered = {row: self.counts[row] for row in order}
        parts = self.parts if scope.national else None
        return protect(ordered, columns=columns, parts=parts)


def _cases(scope: Scope) -> QuerySet[Case]:
    start = timezone.make_aware(datetime.combine(date(scope.year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(scope.year + 1, 1, 1), time.min))
    cases = Case.objects.filter(created_at__gte=start, created_at__lt=end)
    if not scope.national:
        # A user without an organisation sees nothing of anyone's.
        cases = cases.filter(organisation_id=scope.organisation_id or 0)
    return cases


def _form_counts() -> dict[str, Count]:
    # The forms are a JSON list; matching the quoted value works on SQLite and PostgreSQL alike.
    return {
        form: Count("pk", filter=Q(exploitation_forms__icontains=f'"{form}"'))
        for form in ExploitationForm.values
    }


def cases_by_quarter_and_form(scope: Scope) -> StatisticsTable:
    rows = (
        _cases(scope)
        .annotate(quarter=TruncQuarter("created_at"))
        .values("organisation_id", "quarter")
        .annotate(**_form_counts())
        .order_by()
    )
    tally = _Tally()
    for row in rows:
        quarter = f"{row['quarter']:%Y}-K{(row['quarter'].month - 1) // 3 + 1}"
        for form in ExploitationForm.values:
            tally.add(row["organisation_id"], quarter, form, row[form])
    table = tally.protect(scope, rows=sorted(tally.counts), columns=ExploitationForm.values)
    return StatisticsTable(
        key="forms",
        title=str(_("New cases per quarter, by suspected form of exploitation")),
        row_title=str(_("Quarter")),
        table=table,
        row_labels={key: key for key in table.rows},
        column_labels={value: str(label) for value, label in ExploitationForm.choices},
    )


def cases_by_age_and_gender(scope: Scope) -> StatisticsTable:
    rows = (
        _cases(scope)
        .values("organisation_id", "age_band", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally = _Tally()
    for row in rows:
        band = row["age_band"] if row["age_band"] in AGE_BANDS else "unknown"
        gender = row["gender"] if row["gender"] in Gender.values else Gender.UNKNOWN
        tally.add(row["organisation_id"], band, gender, row["n"])
    table = tally.protect(scope, rows=AGE_BANDS, columns=Gender.values)
    return StatisticsTable(
        key="age_gender",
        title=str(_("Cases by age band and gender")),
        row_title=str(_("Age")),
        table=table,
        row_labels={band: str(AGE_BAND_LABELS[band]) for band in table.rows},
        column_labels={value: str(label) for value, label in Gender.choices},
    )


def cases_by_sector_and_outcome(scope: Scope) -> StatisticsTable:
    rows = (
        _cases(scope)
        .annotate(outcome=F("weighing__final_decision"), sector=F("organisation__sector"))
        .values("organisation_id", "sector", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    columns = [*DecisionChoice.values, "none"]
    tally = _Tally()
    for row in rows:
        # No weighing (NULL) and a weighing without a decision yet ("") both count as "none".
        outcome = row["outcome"] if row["outcome"] in DecisionChoice.values else "none"
        sector = row["sector"] if row["sector"] in Sector.values else Sector.OTHER
        tally.add(row["organisation_id"], sector, outcome, row["n"])
    table = tally.protect(scope, rows=Sector.values, columns=columns)
    labels = {value: str(label) for value, label in DecisionChoice.choices}
    labels["none"] = str(_("no decision yet"))
    return StatisticsTable(
        key="outcomes",
        title=str(_("Outcome of the weighing, by sector")),
        row_title=str(_("Sector")),
        table=table,
        row_labels={value: str(label) for value, label in Sector.choices if value in table.rows},
        column_labels=labels,
    )


def screenings_by_profile(scope: Scope) -> StatisticsTable:
    assessments = Assessment.objects.filter(
        status=Assessment.Status.FINISHED, case__in=_cases(scope).values("pk")
    )
    rows = (
        assessments.values("case__organisation_id", "instrument_key", "result_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally = _Tally()
    for row in rows:
        result = row["result_key"] or "-"
        tally.add(row["case__organisation_id"], row["instrument_key"], result, row["n"])
    columns = sorted({column for values in tally.counts.values() for column in values})
    table = tally.protect(scope, rows=sorted(tally.counts), columns=columns)
    return StatisticsTable(
        key="screenings",
        title=str(_("Finished signalling lists, by result")),
        row_title=str(_("Instrument")),
        table=table,
        row_labels={key: key for key in table.rows},
        column_labels={column: column for column in columns},
    )


@dataclass(frozen=True)
class Durations:
    cases: int
    to_decision: float | None  # average days from the first signal to the decision
    to_report: float | None  # average days from the first signal to the report to Veilig Thuis


def time_to_decision(scope: Scope, *, threshold: int) -> Durations:
    """Average days, shown only when at least ``threshold`` cases contribute (else None)."""
    rows = (
        _cases(scope)
        .annotate(
            first_signal=Min("observations__observed_on"),
            reported=Min(
                "actions__reported_on", filter=Q(actions__kind=Action.Kind.REPORT_VEILIG_THUIS)
            ),
            # The first decision, dated on its weighing version: later saves (a typo fixed, question 5
            # answered) do not move it.
            decided=Subquery(
                WeighingVersion.objects.filter(case=OuterRef("pk"), decided_at__isnull=False)
                .order_by("decided_at")
                .values("decided_at")[:1]
            ),
        )
        .filter(first_signal__isnull=False)
        .values_list("first_signal", "decided", "reported")
    )
    to_decision = [(timezone.localdate(d) - s).days for s, d, _r in rows if d is not None]
    to_report = [(r - s).days for s, _d, r in rows if r is not None]

    def average(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 1) if len(values) >= threshold else None

    return Durations(
        cases=len(rows), to_decision=average(to_decision), to_report=average(to_report)
    )
