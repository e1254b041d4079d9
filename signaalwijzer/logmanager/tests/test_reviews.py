"""The review of an emergency access is an event in the hash chain, and `audit verify` checks the two agree."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases.models import EmergencyAccess
from signaalwijzer.cases.services import break_the_glass
from signaalwijzer.logmanager.reviews import review, reviews_out_of_chain
from tests.factories import sign_in

backfill = importlib.import_module("signaalwijzer.audit.migrations.0007_chain_existing_reviews")


@pytest.fixture
def emergency(officer, case):
    return break_the_glass(user=officer, case_id=case.pk, reason="Moeder belt: jongere is vermist.")


def _verify():
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_a_review_writes_an_event_to_the_chain(client, log_manager, emergency, case):
    sign_in(client, log_manager)
    client.post(
        reverse("audit:emergency_reviews"), {"emergency": emergency.pk, "note": "Terecht gebruikt."}
    )
    event = AccessEvent.objects.get(action=AccessEvent.Action.REVIEW)
    assert (event.user, event.case_id, event.record_type, event.record_id) == (
        log_manager,
        case.pk,
        "cases.emergencyaccess",
        emergency.pk,
    )
    emergency.refresh_from_db()
    assert emergency.reviewed_by == log_manager
    assert reviews_out_of_chain() == []
    assert "intact" in _verify()


def test_a_second_review_changes_nothing_and_writes_no_event(log_manager, emergency):
    assert review(reviewer=log_manager, emergency=emergency, note="Terecht.") is True
    assert review(reviewer=log_manager, emergency=emergency, note="Toch niet.") is False
    emergency.refresh_from_db()
    assert emergency.review_note == "Terecht."
    assert AccessEvent.objects.filter(action=AccessEvent.Action.REVIEW).count() == 1


def test_a_review_marked_in_the_database_alone_fails_verify(log_manager, emergency):
    EmergencyAccess.objects.filter(pk=emergency.pk).update(
        reviewed_by=log_manager, reviewed_at=timezone.now(), review_note="Achteraf."
    )
    assert verify_chain() is None  # the chain itself is untouched
    with pytest.raises(
        CommandError, match=f"emergency access {emergency.pk} is marked as reviewed"
    ):
        _verify()


def test_a_review_undone_in_the_database_fails_verify(log_manager, emergency):
    review(reviewer=log_manager, emergency=emergency, note="Terecht.")
    EmergencyAccess.objects.filter(pk=emergency.pk).update(reviewed_by=None, reviewed_at=None)
    with pytest.raises(CommandError, match="not marked as reviewed"):
        _verify()


def test_reviews_made_before_this_change_are_chained_by_the_migration(log_manager, emergency):
    EmergencyAccess.objects.filter(pk=emergency.pk).update(
        reviewed_by=log_manager, reviewed_at=timezone.now(), review_note="Eerder."
    )
    assert reviews_out_of_chain() != []
    backfill.chain_reviews(apps, None)
    event = AccessEvent.objects.get(action=AccessEvent.Action.REVIEW)
    assert event.on_behalf_of == backfill.BACKFILL and event.user == log_manager
    # The migration's frozen hash content is the model's: the chain verifies with the new row.
    assert verify_chain() is None
    assert "intact" in _verify()
