"""Reminders by e-mail: sent when due, once a day at most, never with case content."""

import datetime as dt

from django.core import mail
from django_tasks_db.models import DBTaskResult

from signaalwijzer.meldcode import services
from signaalwijzer.meldcode.tasks import (
    remind_action_owner,
    remind_veilig_thuis_feedback,
    schedule_action_reminders,
)

TODAY = dt.date.today()


def test_a_due_action_mails_its_owner_once_without_case_content(owner_access, professional, case):
    action = services.add_action(
        owner_access,
        kind="monitoring",
        owner=professional,
        due_on=TODAY,
        description="Bel moeder over de nieuwe vriend",
    )
    assert remind_action_owner.call(action.pk) is True
    assert remind_action_owner.call(action.pk) is False  # not twice on one day
    (message,) = mail.outbox
    assert message.to == [professional.email]
    text = message.subject + message.body
    for secret in ("J.", "moeder", "telefoon", case.concern):
        assert secret not in text
    assert "/dashboard/" in message.body


def test_an_action_not_yet_due_or_done_sends_nothing(owner_access, professional):
    later = services.add_action(
        owner_access, kind="monitoring", owner=professional, due_on=TODAY + dt.timedelta(days=3)
    )
    done = services.add_action(
        owner_access, kind="police", owner=professional, due_on=TODAY, status="done"
    )
    assert remind_action_owner.call(later.pk) is False
    assert remind_action_owner.call(done.pk) is False
    assert mail.outbox == []


def test_missing_feedback_after_five_working_days_mails_the_owner(owner_access, professional):
    long_ago = TODAY - dt.timedelta(days=14)
    report = services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=long_ago,
        channel="phone",
        informed_beforehand=True,
        informed_who="de jongere",
    )
    assert remind_veilig_thuis_feedback.call(report.pk) is True
    assert "Veilig Thuis" in mail.outbox[0].subject


def test_recorded_feedback_stops_the_feedback_reminder(owner_access, professional, report_action):
    services.record_feedback(
        owner_access, report_action, received_on=TODAY, stage="safety_assessment", summary="Veilig."
    )
    assert remind_veilig_thuis_feedback.call(report_action.pk) is False


def test_scheduling_queues_a_reminder_on_the_due_date(owner_access, professional):
    action = services.add_action(
        owner_access, kind="monitoring", owner=professional, due_on=TODAY + dt.timedelta(days=10)
    )
    schedule_action_reminders(action.pk)
    queued = DBTaskResult.objects.filter(task_path__endswith="remind_action_owner").get()
    assert queued.run_after.date() == action.due_on
    assert queued.args_kwargs["args"] == [action.pk]


def test_the_meldcode_officer_asked_to_consult_gets_a_mail_without_case_content(
    team, owner_access, case, django_capture_on_commit_callbacks
):
    from signaalwijzer.accounts.roles import Role
    from signaalwijzer.cases import services as case_services
    from signaalwijzer.cases.tasks import notify_meldcode_officer
    from tests.factories import make_user

    officer = make_user(
        "af@example.org", organisation=team.organisation, roles=(Role.MELDCODE_OFFICER,)
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.ask_meldcode_officer(owner_access, officer=officer)
    queued = DBTaskResult.objects.filter(task_path__endswith="notify_meldcode_officer").get()
    assert queued.args_kwargs["args"] == [officer.pk]
    assert notify_meldcode_officer.call(officer.pk) is True
    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert case.pseudonym not in message.body and case.concern not in message.body
