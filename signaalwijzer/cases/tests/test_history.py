"""Every update keeps the previous version: who, when, which fields from what to what — encrypted, shown, destroyed."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.cases.history import case_history, record_history
from signaalwijzer.cases.models import Case, RecordChange
from signaalwijzer.cases.write_path import ConflictError
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


@pytest.fixture
def action(owner_access, professional):
    return meldcode_services.add_action(
        owner_access,
        kind="monitoring",
        owner=professional,
        due_on=dt.date(2027, 1, 15),
        description="Nagaan of de hulp werkt.",
    )


def test_an_edited_action_keeps_its_old_due_date(owner_access, action):
    changed = meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"due_on": dt.date(2027, 2, 1)},
    )
    meldcode_services.update_action(
        owner_access, changed, expected_version=changed.version, changes={"description": "Anders."}
    )
    newest, first = record_history(owner_access, action)
    assert [f.name for f in first.fields] == ["due_on"]
    assert (first.fields[0].before, first.fields[0].after) == ("2027-01-15", "2027-02-01")
    assert first.changed_by == owner_access.user
    assert [f.name for f in newest.fields] == ["description"]
    assert newest.fields[0].before_text == "Nagaan of de hulp werkt."


def test_the_history_page_shows_the_old_due_date(signed_in_client, owner_access, case, action):
    meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"due_on": dt.date(2027, 2, 1)},
    )
    page = signed_in_client.get(reverse("cases:action_update", args=[case.pk, action.pk]))
    content = page.content.decode()
    assert "Geschiedenis" in content
    assert "15 januari 2027" in content and "1 februari 2027" in content


def test_a_stale_update_changes_nothing_and_keeps_no_history(owner_access, action):
    meldcode_services.update_action(
        owner_access, action, expected_version=action.version, changes={"description": "Eerste."}
    )
    with pytest.raises(ConflictError):
        meldcode_services.update_action(
            owner_access, action, expected_version=action.version, changes={"description": "Oud."}
        )
    assert RecordChange.objects.count() == 1


def test_case_details_keep_their_history_with_labels(owner_access, case):
    services.update_case(
        owner_access, expected_version=case.version, changes={"reference": "R-7", "lvb": "yes"}
    )
    (change,) = case_history(owner_access)
    texts = {f.name: (f.label, f.before_text, f.after_text) for f in change.fields}
    assert texts["reference"][1:] == ("–", "R-7")
    assert texts["lvb"][2] != "yes"  # the label, not the code


def test_closing_and_reopening_are_kept(owner_access, case):
    services.close_case(owner_access, reason="Hulp loopt goed.")
    access = type(owner_access)(
        case=Case.objects.get(pk=case.pk), user=owner_access.user, basis=owner_access.basis
    )
    services.reopen_case(access, reason="Nieuwe signalen.")
    statuses = [
        next(f for f in change.fields if f.name == "status").after
        for change in case_history(access)
    ]
    assert statuses == ["open", "closed"]


def test_the_history_is_encrypted_and_destroyed_with_the_case(owner_access, case, action):
    meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"description": "GEHEIM-Hotel-Centrum"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM cases_recordchange")
        (raw,) = cursor.fetchone()
    assert "GEHEIM" not in raw and "Nagaan" not in raw
    Case.objects.filter(pk=case.pk).delete()
    assert not RecordChange.objects.exists()


def test_the_api_lists_the_history_and_logs_the_read(owner_access, professional, case, action):
    from django.test import Client

    from signaalwijzer.api.models import PersonalAccessToken
    from signaalwijzer.audit.models import AccessEvent

    meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"due_on": dt.date(2027, 2, 1)},
    )
    _token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    (entry,) = api.get(reverse("api:history", args=[case.pk])).json()
    assert entry["record_type"] == "meldcode.action" and entry["record_id"] == action.pk
    assert entry["changed_by"] == professional.pk and entry["changed_fields"] == ["due_on"]
    assert entry["values"] == [{"name": "due_on", "before": "2027-01-15", "after": "2027-02-01"}]
    assert (
        AccessEvent.objects.filter(case=case, purpose="api.history.list", action="read").count()
        == 1
    )


def test_a_stranger_gets_404_for_the_history(outsider_org, case):
    from django.test import Client

    from signaalwijzer.api.models import PersonalAccessToken

    _token, raw = PersonalAccessToken.issue(user=outsider_org, name="t", scope="read", days=1)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(
        reverse("api:history", args=[case.pk])
    )
    assert response.status_code == 404


def test_a_conflict_shows_both_versions(signed_in_client, owner_access, case, action):
    url = reverse("cases:action_update", args=[case.pk, action.pk])
    meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"description": "Van collega."},
    )
    response = signed_in_client.post(
        url,
        {
            "version": action.version,  # the version this user opened: stale now
            "kind": "monitoring",
            "description": "Mijn eigen tekst.",
            "owner": owner_access.user.pk,
            "due_on": "2027-01-15",
            "status": "open",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Wat nu is opgeslagen" in content
    assert "Van collega." in content and "Mijn eigen tekst." in content
