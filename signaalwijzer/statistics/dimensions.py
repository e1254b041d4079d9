"""What the statistics count: every published table's fixed rows and columns, and counting a set of cases.

Each table is 2D with fixed, known label sets (never taken from the data), so the same table always has the same
cells, whatever the period or area. A case counts in every row and column that its list fields give it (a case
with two forms counts under both), so a table's total can be larger than the number of cases: each table's note
says so. "Not filled in" is a column or row of its own, so the totals are honest.

``count_cases`` counts the cases of one organisation-year with a constant number of queries (one per related
model), keyed (table, safety region, row, column); the summary stores these counts and the pages read only the
summary. Encrypted fields are never read.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import Sector
from signaalwijzer.cases.ages import AGE_BANDS
from signaalwijzer.cases.comensha import COMENSHA_FORMS
from signaalwijzer.cases.models import (
    Case,
    ExploitationForm,
    ExploitationMethod,
    Gender,
    LocationType,
    LvbIndication,
    RecruitmentChannel,
    Setting,
)
from signaalwijzer.directory.municipalities import DATA_FILE, safety_regions
from signaalwijzer.meldcode.models import Action, DecisionChoice, VeiligThuisFeedback

Label = str | Promise  # a lazy translation is fine: it becomes text in the language of the page

NOT_FILLED_IN = "not_filled_in"
OTHER = "other"
QUARTERS = ("K1", "K2", "K3", "K4")
MISSING_ROWS = ("none", "1", "2-3", "4+")
FEEDBACK_ON_TIME_WEEKS = 10  # Veilig Thuis finishes an investigation within ten weeks

# The chain's actions, as table rows -> the action kinds that count for them.
CHAIN_ACTIONS: dict[str, tuple[str, ...]] = {
    "report_veilig_thuis": (Action.Kind.REPORT_VEILIG_THUIS,),
    "advice_veilig_thuis": (Action.Kind.ADVICE_VEILIG_THUIS,),
    "care_coordinator": (Action.Kind.CARE_COORDINATOR,),
    "comensha": (Action.Kind.COMENSHA,),
    "police": (Action.Kind.POLICE, Action.Kind.POLICE_REPORT, Action.Kind.POLICE_INFORMATION),
}
FEEDBACK_ROWS = ("feedback_on_time", "feedback_late", "feedback_none")


@dataclass(frozen=True)
class TableDefinition:
    key: str
    title: Label
    row_title: Label
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    row_labels: Mapping[str, Label]
    column_labels: Mapping[str, Label]
    note: Label = ""
    column_title: Label = ""

    def row_label(self, row: str) -> str:
        return str(self.row_labels.get(row, row))

    def column_label(self, column: str) -> str:
        return str(self.column_labels.get(column, column))


# --- label sets ---------------------------------------------------------------------------------------------

AGE_BAND_LABELS: dict[str, Label] = {
    "under_12": _("under 12"),
    "12_15": _("12 to 15"),
    "16_17": _("16 and 17"),
    "18_plus": _("18 and older"),
    "unknown": _("unknown"),
}

FORM_COLUMNS: tuple[str, ...] = (*ExploitationForm.values, NOT_FILLED_IN)


def _form_label(form: str, label: Label) -> str:
    code = COMENSHA_FORMS.get(form)
    if code is None:
        return str(label)
    return f"{label} (CoMensha: {code})"


def _form_labels() -> dict[str, str]:
    labels = {form: _form_label(form, label) for form, label in ExploitationForm.choices}
    labels[NOT_FILLED_IN] = str(_("not filled in"))
    return labels


class _LazyLabels(Mapping[str, Label]):
    """Labels made when they are read, in the language of the request (the table definitions are module-level)."""

    def __init__(self, make: Callable[[], Mapping[str, Label]]) -> None:
        self._make = make

    def _labels(self) -> Mapping[str, Label]:
        return self._make()

    def __getitem__(self, key: str) -> Label:
        return self._labels()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


def _choices(choices: Iterable[tuple[str, Label]], **more: Label) -> dict[str, Label]:
    return {**dict(choices), **more}


FORM_LABELS = _LazyLabels(_form_labels)
NOT_FILLED_IN_LABEL = _("not filled in")


# --- instruments: known from the shipped definitions; uploaded ones count as "other" --------------------------


@cache
def _instruments() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(instrument keys, result keys) of the shipped instruments, in a fixed order."""
    from signaalwijzer.instruments.loader import shipped_definitions

    keys: list[str] = []
    results: list[str] = []
    for loaded in shipped_definitions():
        definition = loaded.definition
        if definition.key not in keys:
            keys.append(definition.key)
        found = [level.key for level in definition.levels]
        if definition.profile_rule is not None:
            found += [profile.key for profile in definition.profile_rule.profiles]
        results += [key for key in found if key not in results]
    return tuple(keys), (*results, OTHER)


def _instrument_labels(kind: str) -> dict[str, str]:
    from signaalwijzer.instruments.loader import shipped_definitions

    language = (get_language() or "nl")[:2]
    labels: dict[str, str] = {}
    for loaded in shipped_definitions():
        definition = loaded.definition
        if kind == "rows":
            labels[definition.key] = definition.title.get(language)
            continue
        for level in definition.levels:
            labels[level.key] = level.label.get(language)
        if definition.profile_rule is not None:
            for profile in definition.profile_rule.profiles:
                labels[profile.key] = profile.label.get(language)
    labels[OTHER] = str(_("other (own instrument or result)"))
    return labels


# --- regions ---------------------------------------------------------------------------------------------------


@cache
def safety_region_names() -> dict[str, str]:
    """Safety region code (VR01..VR25) -> its name, sorted by code."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        names = {
            row["veiligheidsregio_code"]: row["veiligheidsregio"] for row in csv.DictReader(file)
        }
    return dict(sorted(names.items()))


def region_of(municipality_code: str | None) -> str:
    return safety_regions().get(municipality_code or "", "")


# --- the tables ----------------------------------------------------------------------------------------------

MORE_THAN_ONCE = _(
    "A case can count in more than one row or column, so the totals can be larger than the number of cases."
)

TABLES: dict[str, TableDefinition] = {
    table.key: table
    for table in (
        TableDefinition(
            key="forms",
            title=_("New cases per quarter, by suspected form of exploitation"),
            row_title=_("Quarter"),
            column_title=_("Form of exploitation"),
            rows=QUARTERS,
            columns=FORM_COLUMNS,
            row_labels={quarter: quarter for quarter in QUARTERS},
            column_labels=FORM_LABELS,
            note=_(
                "Counted in the quarter the case was opened; over several years, a quarter adds up those years. "
                "The forms are CoMensha's four registration codes (shown with each form), plus "
                '"other or not yet clear". A case with more than one form counts under each of them.'
            ),
        ),
        TableDefinition(
            key="age_gender",
            title=_("Cases by age band and gender"),
            row_title=_("Age"),
            column_title=_("Gender"),
            rows=AGE_BANDS,
            columns=tuple(Gender.values),
            row_labels=AGE_BAND_LABELS,
            column_labels=_choices(Gender.choices),
            note=_(
                "Every case counts once, by its age band when the case was opened (or the date of birth "
                "was last changed) and the gender recorded."
            ),
        ),
        TableDefinition(
            key="outcomes",
            title=_("Outcome of the weighing, by sector"),
            row_title=_("Sector"),
            column_title=_("Decision"),
            rows=tuple(Sector.values),
            columns=(*DecisionChoice.values, "none"),
            row_labels=_choices(Sector.choices),
            column_labels=_choices(DecisionChoice.choices, none=_("no decision yet")),
            note=_(
                "Every case counts once, under the sector of its organisation and the decision of its weighing."
            ),
        ),
        TableDefinition(
            key="screenings",
            title=_("Finished signalling lists, by result"),
            row_title=_("Instrument"),
            column_title=_("Result"),
            rows=(*_instruments()[0], OTHER),
            columns=_instruments()[1],
            row_labels=_LazyLabels(lambda: _instrument_labels("rows")),
            column_labels=_LazyLabels(lambda: _instrument_labels("columns")),
            note=_(
                "Finished lists are counted, not cases: a case with two finished lists counts twice. "
                'An organisation\'s own instruments count as "other".'
            ),
        ),
        TableDefinition(
            key="lvb",
            title=_("Cases by LVB indication and form of exploitation"),
            row_title=_("Mild intellectual disability (LVB)"),
            column_title=_("Form of exploitation"),
            rows=tuple(LvbIndication.values),
            columns=FORM_COLUMNS,
            row_labels=_choices(LvbIndication.choices),
            column_labels=FORM_LABELS,
            note=MORE_THAN_ONCE,
        ),
        TableDefinition(
            key="setting",
            title=_("Cases by setting and form of exploitation"),
            row_title=_("Setting"),
            column_title=_("Form of exploitation"),
            rows=(*Setting.values, NOT_FILLED_IN),
            columns=FORM_COLUMNS,
            row_labels=_choices(Setting.choices, not_filled_in=NOT_FILLED_IN_LABEL),
            column_labels=FORM_LABELS,
            note=MORE_THAN_ONCE,
        ),
        TableDefinition(
            key="recruitment",
            title=_("How young people were recruited, by age band"),
            row_title=_("Recruitment"),
            column_title=_("Age"),
            rows=(*RecruitmentChannel.values, NOT_FILLED_IN),
            columns=AGE_BANDS,
            row_labels=_choices(RecruitmentChannel.choices, not_filled_in=NOT_FILLED_IN_LABEL),
            column_labels=AGE_BAND_LABELS,
            note=MORE_THAN_ONCE,
        ),
        TableDefinition(
            key="method",
            title=_("Method of the exploiters, by form of exploitation"),
            row_title=_("Method"),
            column_title=_("Form of exploitation"),
            rows=(*ExploitationMethod.values, NOT_FILLED_IN),
            columns=FORM_COLUMNS,
            row_labels=_choices(ExploitationMethod.choices, not_filled_in=NOT_FILLED_IN_LABEL),
            column_labels=FORM_LABELS,
            note=MORE_THAN_ONCE,
        ),
        TableDefinition(
            key="location",
            title=_("Where the exploitation takes place, by form of exploitation"),
            row_title=_("Place"),
            column_title=_("Form of exploitation"),
            rows=(*LocationType.values, NOT_FILLED_IN),
            columns=FORM_COLUMNS,
            row_labels=_choices(LocationType.choices, not_filled_in=NOT_FILLED_IN_LABEL),
            column_labels=FORM_LABELS,
            note=MORE_THAN_ONCE,
        ),
        TableDefinition(
            key="missing",
            title=_("Missing episodes per case, by age band"),
            row_title=_("Times missing"),
            column_title=_("Age"),
            rows=MISSING_ROWS,
            columns=AGE_BANDS,
            row_labels={
                "none": _("never"),
                "1": _("once"),
                "2-3": _("2 or 3 times"),
                "4+": _("4 times or more"),
            },
            column_labels=AGE_BAND_LABELS,
            note=_("Every case counts once, by the number of missing episodes recorded in it."),
        ),
        TableDefinition(
            key="chain",
            title=_("Actions in the chain, by form of exploitation"),
            row_title=_("Action"),
            column_title=_("Form of exploitation"),
            rows=(*CHAIN_ACTIONS, *FEEDBACK_ROWS),
            columns=FORM_COLUMNS,
            row_labels={
                "report_veilig_thuis": _("Report to Veilig Thuis"),
                "advice_veilig_thuis": _("Advice from Veilig Thuis"),
                "care_coordinator": _("Zorgcoördinator mensenhandel contacted"),
                "comensha": _("Registration with CoMensha"),
                "police": _("Police (contact, report or informative report)"),
                "feedback_on_time": _("Report: feedback from Veilig Thuis on time"),
                "feedback_late": _("Report: feedback from Veilig Thuis late"),
                "feedback_none": _("Report: no feedback from Veilig Thuis yet"),
            },
            column_labels=FORM_LABELS,
            note=_(
                "Cases, not actions: a case counts once in a row, however often it happened. An action counts "
                "when it is done (a report to Veilig Thuis: when it has a report date). Feedback is on time when "
                "the first feedback from Veilig Thuis came within 10 weeks of the first report. A case with "
                "more than one form counts under each of them."
            ),
        ),
    )
}


# --- counting ------------------------------------------------------------------------------------------------

CountKey = tuple[str, str, str, str]  # (table key, safety region code or "", row, column)


def _listed(values: Any, known: Iterable[str]) -> list[str]:
    """A list field's values as table labels: unknown values dropped, None or [] -> "not filled in"."""
    known = set(known)
    found = [value for value in dict.fromkeys(values or []) if value in known]
    return found or [NOT_FILLED_IN]


def _missing_row(episodes: int) -> str:
    if episodes == 0:
        return "none"
    if episodes == 1:
        return "1"
    return "2-3" if episodes <= 3 else "4+"


def _quarter(moment: Any) -> str:
    return QUARTERS[(timezone.localtime(moment).month - 1) // 3]


def _feedback_row(reported_on: date, first_feedback: date | None) -> str:
    if first_feedback is None:
        return "feedback_none"
    on_time = first_feedback - reported_on <= timedelta(weeks=FEEDBACK_ON_TIME_WEEKS)
    return "feedback_on_time" if on_time else "feedback_late"


def count_cases(cases: QuerySet[Case]) -> Counter[CountKey]:
    """Every table's counts for these cases, keyed (table, safety region, row, column).

    Constant number of queries: the cases (one row each, plain columns only), and one grouped query each for
    missing episodes, actions, Veilig Thuis feedback and finished assessments.
    """
    from signaalwijzer.instruments.models import Assessment
    from signaalwijzer.safety.models import MissingEpisode

    counts: Counter[CountKey] = Counter()
    rows = list(
        cases.order_by().values_list(
            "pk",
            "created_at",
            "gender",
            "age_band",
            "municipality_code",
            "lvb",
            "setting",
            "exploitation_forms",
            "recruitment_channels",
            "methods",
            "location_types",
            "organisation__sector",
            "weighing__final_decision",
        )
    )
    if not rows:
        return counts
    case_ids = cases.order_by().values("pk")

    episodes = dict(
        MissingEpisode.objects.filter(case__in=case_ids)
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values_list("case_id", "n")
    )
    kind_to_row = {kind: row for row, kinds in CHAIN_ACTIONS.items() for kind in kinds}
    chain: dict[int, set[str]] = {}
    first_report: dict[int, date] = {}
    actions = (
        Action.objects.filter(case__in=case_ids, kind__in=list(kind_to_row))
        .exclude(status=Action.Status.CANCELLED)
        .order_by()
        .values_list("case_id", "kind", "status", "reported_on")
    )
    for case_id, kind, status, reported_on in actions:
        if kind == Action.Kind.REPORT_VEILIG_THUIS:
            if reported_on is None:
                continue
            earlier = first_report.get(case_id)
            first_report[case_id] = reported_on if earlier is None else min(earlier, reported_on)
        elif status != Action.Status.DONE:
            continue
        chain.setdefault(case_id, set()).add(kind_to_row[kind])
    first_feedback: dict[int, date] = {}
    feedback = (
        VeiligThuisFeedback.objects.filter(
            case__in=case_ids, action__kind=Action.Kind.REPORT_VEILIG_THUIS
        )
        .order_by()
        .values_list("case_id", "received_on")
    )
    for case_id, received_on in feedback:
        earlier = first_feedback.get(case_id)
        first_feedback[case_id] = received_on if earlier is None else min(earlier, received_on)

    region_of_case: dict[int, str] = {}
    forms_of_case: dict[int, list[str]] = {}
    for (
        pk,
        created_at,
        gender,
        age_band,
        municipality,
        lvb,
        setting,
        forms,
        recruitment,
        methods,
        locations,
        sector,
        decision,
    ) in rows:
        region = region_of(municipality)
        region_of_case[pk] = region
        band = age_band if age_band in AGE_BANDS else "unknown"
        gender = gender if gender in Gender.values else Gender.UNKNOWN
        case_forms = _listed(forms, ExploitationForm.values)
        forms_of_case[pk] = case_forms

        def add(table: str, row: str, column: str, region: str = region) -> None:
            counts[(table, region, row, column)] += 1

        quarter = _quarter(created_at)
        for form in case_forms:
            add("forms", quarter, form)
            add("lvb", lvb if lvb in LvbIndication.values else LvbIndication.UNKNOWN, form)
            add("setting", setting if setting in Setting.values else NOT_FILLED_IN, form)
            for method in _listed(methods, ExploitationMethod.values):
                add("method", method, form)
            for location in _listed(locations, LocationType.values):
                add("location", location, form)
            for row in sorted(chain.get(pk, ())):
                add("chain", row, form)
            if pk in first_report:
                add("chain", _feedback_row(first_report[pk], first_feedback.get(pk)), form)
        add("age_gender", band, gender)
        add(
            "outcomes",
            sector if sector in Sector.values else Sector.OTHER,
            decision if decision in DecisionChoice.values else "none",
        )
        for channel in _listed(recruitment, RecruitmentChannel.values):
            add("recruitment", channel, band)
        add("missing", _missing_row(episodes.get(pk, 0)), band)

    instruments, results = _instruments()
    assessments = (
        Assessment.objects.filter(status=Assessment.Status.FINISHED, case__in=case_ids)
        .order_by()
        .values("case_id", "instrument_key", "result_key")
        .annotate(n=Count("pk"))
        .values_list("case_id", "instrument_key", "result_key", "n")
    )
    for case_id, instrument, result, n in assessments:
        row = instrument if instrument in instruments else OTHER
        column = result if result in results else OTHER
        counts[("screenings", region_of_case.get(case_id, ""), row, column)] += n
    return counts
