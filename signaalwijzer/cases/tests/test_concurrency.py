"""Two people editing the same record: the second save is refused, nothing is lost silently."""

import datetime as dt

import pytest
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.cases.services import ConflictError
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.models import Action, Weighing


def test_the_second_case_update_from_the_same_version_is_refused(owner_access, case):
    services.update_case(owner_access, expected_version=1, changes={"reference": "eerste"})
    with pytest.raises(ConflictError):
        services.update_case(owner_access, expected_version=1, changes={"reference": "tweede"})
    case.refresh_from_db()
    assert (case.reference, case.version) == ("eerste", 2)


def test_a_conflicting_edit_in_the_browser_keeps_the_input_and_explains(
    signed_in_client, owner_access, case
):
    services.update_case(owner_access, expected_version=1, changes={"reference": "van een collega"})
    response = signed_in_client.post(
        reverse("cases:edit", args=[case.pk]),
        {
            "version": 1,
            "pseudonym": "J.",
            "concern": "Mijn nieuwe tekst",
            "gender": "unknown",
            "lvb": "unknown",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn nieuwe tekst" in html  # the user's input is still there
    assert response.context["form"].data["version"] == "2"
    case.refresh_from_db()
    assert case.reference == "van een collega"
    assert case.concern != "Mijn nieuwe tekst"


def test_two_weighings_started_at_once_do_not_overwrite_each_other(owner_access):
    data = {"q1_suspicion": True, "q1_reason": "Signalen."}
    meldcode_services.save_weighing(owner_access, expected_version=0, data=data)
    with pytest.raises(ConflictError):
        meldcode_services.save_weighing(
            owner_access, expected_version=0, data={"q1_suspicion": False, "q1_reason": "x"}
        )
    assert Weighing.objects.get().q1_suspicion is True


def test_a_stale_action_update_is_refused(owner_access, professional):
    action = meldcode_services.add_action(owner_access, kind="police", owner=professional)
    meldcode_services.update_action(
        owner_access, action, expected_version=1, changes={"status": "done"}
    )
    with pytest.raises(ConflictError):
        meldcode_services.update_action(
            owner_access, action, expected_version=1, changes={"due_on": dt.date.today()}
        )
    action = Action.objects.get()
    assert (action.status, action.version, action.due_on) == ("done", 2, None)
