"""count_cases: every table's counts for real cases, fixed label sets, and a constant number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.models import Action
from signaalwijzer.safety import services as safety_services
from signaalwijzer.statistics import dimensions
from signaalwijzer.statistics.dimensions import NOT_FILLED_IN, TABLES, count_cases

LISTS = ("recruitment_channels", "methods", "location_types")


def _open(professional, **details):
    # The coded lists are set directly: this test is about counting, not about how step 1 saves them.
    lists = {name: details.pop(name) for name in LISTS if name in details}
    case = services.open_case(user=professional, pseudonym="X.", concern="Zorg.", **details)
    Case.objects.filter(pk=case.pk).update(**lists)
    return case


def _access(professional, case):
    return CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)


def _table(counts, key):
    return {
        (region, row, column): n
        for (table, region, row, column), n in counts.items()
        if table == key
    }


def test_every_table_has_fixed_labels_for_every_row_and_column():
    for key, table in TABLES.items():
        assert table.key == key
        assert table.rows and table.columns, key
        assert len(set(table.rows)) == len(table.rows) and len(set(table.columns)) == len(
            table.columns
        )
        for row in table.rows:
            assert table.row_label(row), (key, row)
        for column in table.columns:
            assert table.column_label(column), (key, column)
        assert str(table.note), key
    assert TABLES["forms"].rows == ("K1", "K2", "K3", "K4")
    assert "organ_removal" in TABLES["forms"].columns
    assert NOT_FILLED_IN in TABLES["forms"].columns
    assert "signalenlijst-uitbuiting" in TABLES["screenings"].rows


def test_the_forms_show_comensha_codes():
    labels = TABLES["forms"].column_labels
    assert "CoMensha" in str(labels["organ_removal"]) and "CoMensha" in str(labels["sexual"])
    assert "CoMensha" not in str(labels["other_unknown"])


def test_lists_count_in_every_column_and_empty_lists_as_not_filled_in(professional):
    today = dt.date.today()
    _open(
        professional,
        exploitation_forms=["sexual", "criminal"],
        methods=["relationship", "debt"],
        recruitment_channels=["online"],
        location_types=None,
        lvb="yes",
        setting="residential",
        municipality_code="GM0014",  # Groningen: safety region VR01
        date_of_birth=today.replace(year=today.year - 15),
        gender="girl",
    )
    _open(professional, exploitation_forms=[], methods=[], recruitment_channels=None)
    counts = count_cases(Case.objects.all())

    method = _table(counts, "method")
    assert method == {
        ("VR01", "relationship", "sexual"): 1,
        ("VR01", "relationship", "criminal"): 1,
        ("VR01", "debt", "sexual"): 1,
        ("VR01", "debt", "criminal"): 1,
        ("", NOT_FILLED_IN, NOT_FILLED_IN): 1,
    }
    assert _table(counts, "location") == {
        ("VR01", NOT_FILLED_IN, "sexual"): 1,
        ("VR01", NOT_FILLED_IN, "criminal"): 1,
        ("", NOT_FILLED_IN, NOT_FILLED_IN): 1,
    }
    assert _table(counts, "recruitment") == {
        ("VR01", "online", "12_15"): 1,
        ("", NOT_FILLED_IN, "unknown"): 1,
    }
    assert _table(counts, "lvb")[("VR01", "yes", "criminal")] == 1
    assert _table(counts, "lvb")[("", "unknown", NOT_FILLED_IN)] == 1
    assert _table(counts, "setting")[("VR01", "residential", "sexual")] == 1
    assert _table(counts, "setting")[("", NOT_FILLED_IN, NOT_FILLED_IN)] == 1
    assert _table(counts, "age_gender") == {
        ("VR01", "12_15", "girl"): 1,
        ("", "unknown", "unknown"): 1,
    }
    assert _table(counts, "outcomes") == {
        ("VR01", "youth_care", "none"): 1,
        ("", "youth_care", "none"): 1,
    }
    quarter = f"K{(timezone.localdate().month - 1) // 3 + 1}"
    assert _table(counts, "forms") == {
        ("VR01", quarter, "sexual"): 1,
        ("VR01", quarter, "criminal"): 1,
        ("", quarter, NOT_FILLED_IN): 1,
    }
    # Every key is a known row and column of its table.
    for table, _region, row, column in counts:
        assert row in TABLES[table].rows and column in TABLES[table].columns, (table, row, column)


def test_missing_episodes_are_banded(professional):
    first, second, _third = (_open(professional) for _ in range(3))
    now = timezone.now()
    for case, times in ((first, 1), (second, 2)):
        for day in range(times):
            start = now - dt.timedelta(days=10 + day * 2)
            safety_services.record_missing_episode(
                _access(professional, case),
                missing_from=start,
                missing_until=start + dt.timedelta(hours=5),
            )
    counts = _table(count_cases(Case.objects.all()), "missing")
    assert counts == {
        ("", "1", "unknown"): 1,
        ("", "2-3", "unknown"): 1,
        ("", "none", "unknown"): 1,
    }


def _report(professional, case, reported_on):
    return meldcode_services.add_action(
        _access(professional, case),
        kind=Action.Kind.REPORT_VEILIG_THUIS,
        owner=professional,
        reported_on=reported_on,
        channel="phone",
        informed_beforehand=False,
        not_informed_reason="Gevaar.",
    )


def test_chain_actions_and_feedback_on_time(professional):
    today = timezone.localdate()
    on_time, late, none, advice_only = (
        _open(professional, exploitation_forms=["labour"]) for _ in range(4)
    )
    for case, feedback_after in ((on_time, 30), (late, 80), (none, None)):
        action = _report(professional, case, today - dt.timedelta(days=100))
        if feedback_after is not None:
            meldcode_services.record_feedback(
                _access(professional, case),
                action,
                received_on=today - dt.timedelta(days=100 - feedback_after),
                stage="safety_assessment",
                summary="Terugkoppeling.",
            )
    for kind, status in (
        (Action.Kind.ADVICE_VEILIG_THUIS, Action.Status.DONE),
        (Action.Kind.POLICE_REPORT, Action.Status.DONE),
        (Action.Kind.POLICE_INFORMATION, Action.Status.DONE),  # the same case: police counts once
        (Action.Kind.CARE_COORDINATOR, Action.Status.OPEN),  # not done yet: not counted
    ):
        meldcode_services.add_action(
            _access(professional, advice_only), kind=kind, owner=professional, status=status
        )
    with CaptureQueriesContext(connection) as few:
        counts = count_cases(Case.objects.all())
    assert _table(counts, "chain") == {
        ("", "report_veilig_thuis", "labour"): 3,
        ("", "feedback_on_time", "labour"): 1,
        ("", "feedback_late", "labour"): 1,
        ("", "feedback_none", "labour"): 1,
        ("", "advice_veilig_thuis", "labour"): 1,
        ("", "police", "labour"): 1,
    }
    # Ten times the cases, the same number of queries.
    for _ in range(36):
        _open(professional, exploitation_forms=["labour"], methods=["debt"])
    with CaptureQueriesContext(connection) as many:
        counts = count_cases(Case.objects.all())
    assert len(many) == len(few)
    assert _table(counts, "method")[("", "debt", "labour")] == 36


def test_screenings_count_finished_lists_by_result(professional):
    from signaalwijzer.instruments.models import Assessment

    case = _open(professional)
    for result in ("few_signals", "few_signals", "something_new"):
        Assessment.objects.create(
            case=case,
            instrument_key="signalenlijst-uitbuiting",
            instrument_version="1.1.0",
            status=Assessment.Status.FINISHED,
            result_key=result,
            recorded_by=professional,
        )
    Assessment.objects.create(
        case=case,
        instrument_key="own-list",
        instrument_version="1",
        status=Assessment.Status.FINISHED,
        result_key="few_signals",
        recorded_by=professional,
    )
    counts = _table(count_cases(Case.objects.all()), "screenings")
    assert counts == {
        ("", "signalenlijst-uitbuiting", "few_signals"): 2,
        ("", "signalenlijst-uitbuiting", "other"): 1,
        ("", "other", "few_signals"): 1,
    }


def test_no_cases_no_counts():
    assert count_cases(Case.objects.none()) == {}


def test_safety_regions_have_names():
    names = dimensions.safety_region_names()
    assert len(names) == 25 and names["VR01"] == "Groningen"
