"""Every weighing is dated and kept: a save adds a version; contradictions and unclear decisions are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import TimelineEntry
from signaalwijzer.meldcode import services
from signaalwijzer.meldcode.models import Weighing, WeighingVersion

REPORT = {
    "q1_suspicion": True,
    "q1_reason": "Signalen van uitbuiting.",
    "q2_unsafety": "acute",
    "q2_reason": "Loverboy haalt haar op.",
    "final_decision": "report",
}


def _save(access, data, expected_version=None):
    if expected_version is None:
        current = Weighing.objects.filter(case=access.case).first()
        expected_version = current.version if current else 0
    return services.save_weighing(access, expected_version=expected_version, data=data)


def test_two_saves_keep_two_versions_and_the_first_answers_stay_as_they_were(owner_access):
    first = {"q1_suspicion": True, "q1_reason": "Eerste indruk."}
    _save(owner_access, first)
    _save(owner_access, {**REPORT, "q1_reason": "Na overleg: duidelijke signalen."})
    older, newer = WeighingVersion.objects.filter(case=owner_access.case).order_by("number")
    assert (older.number, newer.number) == (1, 2)
    assert older.q1_reason == "Eerste indruk." and older.q2_unsafety == ""
    assert older.outcome == "incomplete" and older.final_decision == ""
    assert newer.q1_reason == "Na overleg: duidelijke signalen." and newer.outcome == "report"
    assert newer.author == owner_access.user and newer.recorded_at is not None
    weighing = Weighing.objects.get(case=owner_access.case)
    assert weighing.version == newer.number  # the current weighing is the newest version
    assert TimelineEntry.objects.filter(case=owner_access.case, kind="weighing_saved").count() == 2
    events = AccessEvent.objects.filter(case=owner_access.case, purpose="weighing.save")
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


def test_the_decision_keeps_its_date_until_it_changes(
    owner_access, django_capture_on_commit_callbacks
):
    _save(owner_access, {"q1_suspicion": True, "q1_reason": "Signalen."})
    _save(owner_access, REPORT)
    decided = WeighingVersion.objects.get(number=2).decided_at
    assert decided is not None
    _save(owner_access, {**REPORT, "q2_reason": "Loverboy haalt haar op (typfout hersteld)."})
    assert WeighingVersion.objects.get(number=3).decided_at == decided
    _save(owner_access, {**REPORT, "report_needed": True, "help_possible": True})
    assert WeighingVersion.objects.get(number=4).decided_at > decided
    assert WeighingVersion.objects.get(number=1).decided_at is None


def test_report_and_keep_helping_are_two_decisions(owner_access):
    data = {
        **REPORT,
        "q3_can_help": True,
        "q3_reason": "Wij bieden al hulp.",
        "q4_help_accepted": True,
        "q4_reason": "Zij doet mee.",
        "report_needed": True,
        "help_possible": True,
    }
    weighing = _save(owner_access, data)
    assert (weighing.report_needed, weighing.help_possible) == (True, True)
    version = WeighingVersion.objects.get(case=owner_access.case)
    assert (version.report_needed, version.help_possible) == (True, True)


def _refused(access, data):
    with pytest.raises(ValidationError) as caught:
        _save(access, data)
    assert not WeighingVersion.objects.filter(case=access.case).exists()
    return {
        field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()
    }


def test_no_suspicion_with_a_later_answer_is_refused_not_closed(owner_access):
    errors = _refused(
        owner_access,
        {
            "q1_suspicion": False,
            "q1_reason": "Geen vermoeden.",
            "q3_can_help": False,
            "q3_reason": "Kan niet helpen.",
            "final_decision": "close",
        },
    )
    assert "Je hebt vraag 1 met nee beantwoord" in errors["q3_can_help"][0]
    assert not Weighing.objects.exists()


def test_an_answer_after_the_weighing_ended_is_refused(owner_access):
    errors = _refused(
        owner_access,
        {
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "none",
            "q2_reason": "Niet acuut.",
            "q3_can_help": False,
            "q3_reason": "Buiten onze rol.",
            "q4_help_accepted": True,
            "q4_reason": "Zij wil wel.",
        },
    )
    assert "Je hebt vraag 3 met nee beantwoord" in errors["q4_help_accepted"][0]


def test_skipping_a_question_is_refused(owner_access):
    errors = _refused(
        owner_access,
        {"q1_suspicion": True, "q1_reason": "x", "q3_can_help": True, "q3_reason": "y"},
    )
    assert errors["q3_can_help"] == ["Beantwoord eerst vraag 2."]


def test_a_disclosure_with_no_suspicion_is_refused(owner_access):
    errors = _refused(
        owner_access, {"q1_suspicion": False, "q1_reason": "Twijfel.", "disclosure": True}
    )
    assert "q1_suspicion" in errors


def test_not_reporting_where_the_afwegingskader_says_report_needs_a_reason(owner_access):
    errors = _refused(owner_access, {**REPORT, "final_decision": "", "report_needed": False})
    assert list(errors) == ["deviation_reason"]
    _save(
        owner_access,
        {
            **REPORT,
            "final_decision": "",
            "report_needed": False,
            "deviation_reason": "VT is al betrokken.",
        },
    )
    assert WeighingVersion.objects.get().report_needed is False


def test_helping_where_question_3_says_no_needs_a_reason(owner_access):
    data = {
        "q1_suspicion": True,
        "q1_reason": "Signalen.",
        "q2_unsafety": "none",
        "q2_reason": "Niet acuut.",
        "q3_can_help": False,
        "q3_reason": "Buiten onze rol.",
        "help_possible": True,
    }
    assert list(_refused(owner_access, data)) == ["deviation_reason"]


def test_a_report_decision_with_reporting_not_necessary_is_refused(owner_access):
    errors = _refused(owner_access, {**REPORT, "report_needed": False, "deviation_reason": "x"})
    assert list(errors) == ["report_needed"]


def test_deciding_before_the_questions_are_answered_is_refused(owner_access):
    errors = _refused(owner_access, {"q1_suspicion": True, "q1_reason": "x", "help_possible": True})
    assert list(errors) == ["final_decision"]


def test_a_stale_save_adds_no_version(owner_access):
    _save(owner_access, REPORT)
    _save(owner_access, REPORT)
    with pytest.raises(services.ConflictError):
        _save(owner_access, REPORT, expected_version=1)
    assert WeighingVersion.objects.count() == 2


def test_the_stored_outcome_is_what_the_afwegingskader_gave(owner_access):
    _save(
        owner_access,
        {"q1_suspicion": False, "q1_reason": "Geen vermoeden.", "final_decision": "close"},
    )
    assert WeighingVersion.objects.get().outcome == "close"
    assert WeighingVersion.objects.get().recorded_at.date() <= dt.date.today()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_existing_weighing_as_its_first_version(case, professional):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("meldcode", "0001_initial")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    saved_at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    old_apps.get_model("meldcode", "Weighing").objects.create(
        case_id=case.pk,
        q1_suspicion=True,
        q1_reason="Oude reden.",
        q2_unsafety="acute",
        q2_reason="Acuut.",
        final_decision="report",
        updated_by_id=professional.pk,
        updated_at=saved_at,
        version=3,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)  # back to where every other test expects the schema
    version = WeighingVersion.objects.get(case=case)
    assert (version.number, version.outcome, version.final_decision) == (3, "report", "report")
    assert version.q1_reason == "Oude reden." and version.author == professional
    assert version.decided_at == saved_at == version.recorded_at
