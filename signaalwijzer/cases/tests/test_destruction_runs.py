"""The retention run commits per case, goes on past a case that fails, and never destroys a case on legal
hold; a hold is placed and lifted by a meldcode officer or organisation administrator, with history."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases import destruction, services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember, RecordChange, TimelineEntry
from tests.factories import make_user

LONG_AGO = dt.timedelta(days=365 * 30)


def _closed_long_ago(user, n):
    cases = []
    for index in range(n):
        case = services.open_case(user=user, pseudonym=f"J{index}.", concern="Zorg.")
        cases.append(case)
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - LONG_AGO
    )
    return cases


def _failing_on(monkeypatch, case_id, error):
    """The access log write for one case fails (as a database error or a killed process would)."""
    real = destruction.record_system_event

    def record(**kwargs):
        if kwargs["case_id"] == case_id:
            raise error
        return real(**kwargs)

    monkeypatch.setattr(destruction, "record_system_event", record)


def test_a_case_that_fails_does_not_stop_the_others(professional, monkeypatch):
    first, second, third = _closed_long_ago(professional, 3)
    _failing_on(monkeypatch, second.pk, RuntimeError("disk full"))
    report = destruction.destroy_expired_cases()
    assert sorted(report.destroyed) == sorted([first.pk, third.pk])
    assert report.failed == [second.pk]
    assert list(Case.objects.values_list("pk", flat=True)) == [second.pk]
    # The failed case left nothing half-done: no delete event for it.
    deleted = AccessEvent.objects.filter(action="delete").values_list("case_id", flat=True)
    assert sorted(deleted) == sorted([first.pk, third.pk])
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_half_way_keeps_what_it_destroyed_and_the_next_run_goes_on(team):
    professional = make_user("sanne@example.org", team=team)
    first, second, third = _closed_long_ago(professional, 3)
    # Not an Exception: like a killed process, it ends the run at once.
    _failing_on(monkeypatch := pytest.MonkeyPatch(), second.pk, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        destruction.destroy_expired_cases()
    monkeypatch.undo()
    # Committed per case: the first case is gone for good, the others wait for the next run.
    assert not Case.objects.filter(pk=first.pk).exists()
    assert set(Case.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    report = destruction.destroy_expired_cases()
    assert sorted(report.destroyed) == sorted([second.pk, third.pk])
    assert not Case.objects.exists()


@pytest.fixture
def officer_access(case, organisation):
    officer = make_user(
        "af@example.org",
        organisation=organisation,
        roles=(Role.PROFESSIONAL, Role.MELDCODE_OFFICER),
    )
    CaseMember.objects.create(case=case, user=officer, role=CaseMember.Role.MEMBER)
    return CaseAccess(case=case, user=officer, basis=CaseMember.Role.MEMBER)


def test_a_legal_hold_stops_destruction_and_the_report_says_so(officer_access, case):
    destruction.place_legal_hold(officer_access, reason="Strafrechtelijk onderzoek, politie.")
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - LONG_AGO
    )
    report = destruction.destroy_expired_cases()
    assert (report.destroyed, report.held) == ([], [case.pk])
    assert Case.objects.filter(pk=case.pk).exists()
    out = StringIO()
    call_command("retention", "run", stdout=out)
    assert f"Kept on legal hold: #{case.pk}" in out.getvalue()


def test_a_lifted_hold_lets_the_next_run_destroy_the_case(officer_access, case):
    destruction.place_legal_hold(officer_access, reason="Rechtszaak loopt.")
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - LONG_AGO
    )
    destruction.lift_legal_hold(officer_access, reason="Zaak afgerond.")
    assert destruction.destroy_expired_cases().destroyed == [case.pk]


def test_placing_and_lifting_keep_history_timeline_and_access_events(officer_access, case):
    destruction.place_legal_hold(officer_access, reason="Politieonderzoek.")
    case.refresh_from_db()
    assert case.on_legal_hold and case.legal_hold_reason == "Politieonderzoek."
    destruction.lift_legal_hold(officer_access, reason="Onderzoek gesloten.")
    case.refresh_from_db()
    assert not case.on_legal_hold and case.legal_hold_reason == ""
    purposes = list(
        AccessEvent.objects.filter(case=case, purpose__startswith="case.legal_hold")
        .order_by("pk")
        .values_list("purpose", "user")
    )
    officer = officer_access.user
    assert purposes == [
        ("case.legal_hold.place", officer.pk),
        ("case.legal_hold.lift", officer.pk),
    ]
    kinds = TimelineEntry.objects.filter(case=case, kind__startswith="legal_hold")
    assert [entry.kind for entry in kinds.order_by("pk")] == [
        "legal_hold_placed",
        "legal_hold_lifted",
    ]
    # The lift kept the reason it removed.
    lift = RecordChange.objects.filter(case=case, record_type="cases.case").order_by("pk").last()
    assert '"Politieonderzoek."' in lift.changes


def test_a_professional_cannot_place_a_hold(owner_access, case):
    with pytest.raises(PermissionDenied):
        destruction.place_legal_hold(owner_access, reason="Ik wil het bewaren.")
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_a_hold_needs_a_reason_and_cannot_be_placed_twice(officer_access, case):
    with pytest.raises(ValidationError):
        destruction.place_legal_hold(officer_access, reason="  ")
    destruction.place_legal_hold(officer_access, reason="Onderzoek.")
    with pytest.raises(ValidationError):
        destruction.place_legal_hold(officer_access, reason="Nog eens.")
    with pytest.raises(ValidationError):
        destruction.lift_legal_hold(officer_access, reason="")
