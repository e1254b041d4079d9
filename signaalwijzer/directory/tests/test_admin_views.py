"""The organisation administrator's contact screens: only that role, bad input changes nothing, all logged."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.directory.models import ContactChange, CoordinatorEntry
from tests.factories import enrol_totp, make_user, sign_in

KEY = "zorg-en-veiligheidshuis-zeeland"


@pytest.fixture
def entry(db):
    call_command("load_directory", stdout=StringIO())
    return CoordinatorEntry.objects.get(key=KEY)


@pytest.fixture
def administrator(organisation):
    user = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(user)
    return user


@pytest.fixture
def admin_client(client, administrator):
    sign_in(client, administrator)
    return client


def _form(entry: CoordinatorEntry, **changes: str) -> dict[str, str]:
    data = {
        "organisation": entry.organisation,
        "phones": "\n".join(entry.phones),
        "email": entry.email,
        "website": entry.website,
        "note": entry.note,
        "source": entry.source,
        "source_url": entry.source_url,
        "comment": "",
    }
    data.update(changes)
    return data


def _snapshot(entry: CoordinatorEntry) -> dict[str, object]:
    entry.refresh_from_db()
    return {
        field.name: getattr(entry, field.attname)
        for field in CoordinatorEntry._meta.concrete_fields
    }


def test_the_administrator_sees_the_list_and_an_entry(admin_client, entry):
    listing = admin_client.get(reverse("directory:contact_list"))
    assert listing.status_code == 200
    assert f'data-entry="{KEY}"' in listing.content.decode()
    page = admin_client.get(reverse("directory:contact_edit", args=[entry.pk]))
    assert page.status_code == 200
    assert 'id="verify-button"' in page.content.decode()


@pytest.mark.parametrize(
    "roles",
    [(Role.PROFESSIONAL,), (Role.MELDCODE_OFFICER,), (Role.LOG_MANAGER,), (Role.RESEARCHER,)],
)
def test_every_other_role_is_refused_and_changes_nothing(client, organisation, entry, roles):
    user = make_user("ander@example.org", organisation=organisation, roles=roles)
    enrol_totp(user)
    sign_in(client, user)
    before = _snapshot(entry)
    assert client.get(reverse("directory:contact_list")).status_code == 403
    assert client.get(reverse("directory:contact_edit", args=[entry.pk])).status_code == 403
    edit = client.post(
        reverse("directory:contact_edit", args=[entry.pk]), _form(entry, phones="0118-123456")
    )
    verify = client.post(reverse("directory:contact_verify", args=[entry.pk]))
    assert (edit.status_code, verify.status_code) == (403, 403)
    assert _snapshot(entry) == before
    assert not ContactChange.objects.exists()


def test_not_logged_in_goes_to_the_login(client, entry):
    response = client.get(reverse("directory:contact_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_entry_is_a_404(admin_client, entry):
    assert admin_client.get(reverse("directory:contact_edit", args=[999999])).status_code == 404
    assert admin_client.post(reverse("directory:contact_verify", args=[999999])).status_code == 404


def test_verifying_records_who_when_and_for_which_organisation(admin_client, entry, administrator):
    response = admin_client.post(
        reverse("directory:contact_verify", args=[entry.pk]),
        {"verify-comment": "Gebeld met het ZVH."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.last_verified == timezone.localdate()
    assert entry.verified_by == administrator
    assert entry.verified_by_organisation == administrator.organisation
    (change,) = ContactChange.objects.all()
    assert (change.action, change.user, change.organisation) == (
        "verified",
        administrator,
        administrator.organisation,
    )
    assert change.comment == "Gebeld met het ZVH."
    assert change.changes["last_verified"] == [None, timezone.localdate().isoformat()]
    page = admin_client.get(reverse("directory:contact_edit", args=[entry.pk])).content.decode()
    assert "Gebeld met het ZVH." in page


def test_a_correction_saves_only_what_changed_and_logs_from_and_to(
    admin_client, entry, administrator
):
    response = admin_client.post(
        reverse("directory:contact_edit", args=[entry.pk]),
        _form(
            entry,
            phones="0118-123 456\n06-12345678",
            note="Bereikbaar op werkdagen.",
            comment="Site gecheckt.",
        ),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.phones == ["0118-123 456", "06-12345678"]
    assert entry.note == "Bereikbaar op werkdagen."
    assert sorted(entry.corrected_fields) == ["note", "phones"]
    (change,) = ContactChange.objects.all()
    assert change.action == "corrected" and change.comment == "Site gecheckt."
    assert set(change.changes) == {"phones", "note"}
    assert change.changes["phones"] == [[], ["0118-123 456", "06-12345678"]]


def test_the_same_values_again_change_nothing_and_log_nothing(admin_client, entry):
    response = admin_client.post(reverse("directory:contact_edit", args=[entry.pk]), _form(entry))
    assert response.status_code == 302
    assert not ContactChange.objects.exists()
    entry.refresh_from_db()
    assert entry.corrected_fields == []


@pytest.mark.parametrize(
    "bad",
    [
        {"phones": "bel maar"},
        {"phones": "12"},
        {"email": "geen-adres"},
        {"website": "http://onveilig.example.org"},
        {"source_url": "javascript:alert(1)"},
        {"organisation": ""},
        {"note": "tekst\u202emet richting"},
    ],
)
def test_bad_input_changes_nothing(admin_client, entry, bad):
    before = _snapshot(entry)
    response = admin_client.post(
        reverse("directory:contact_edit", args=[entry.pk]), _form(entry, **bad)
    )
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert _snapshot(entry) == before
    assert not ContactChange.objects.exists()


def test_a_bad_verification_comment_changes_nothing(admin_client, entry):
    before = _snapshot(entry)
    response = admin_client.post(
        reverse("directory:contact_verify", args=[entry.pk]), {"verify-comment": "x\u202ey"}
    )
    assert response.status_code == 302
    assert _snapshot(entry) == before
    assert not ContactChange.objects.exists()


def test_verify_takes_only_a_post(admin_client, entry):
    assert admin_client.get(reverse("directory:contact_verify", args=[entry.pk])).status_code == 405


def test_the_list_page_takes_a_fixed_number_of_queries(
    admin_client, entry, administrator, django_assert_max_num_queries
):
    admin_client.get(reverse("directory:contact_list"))
    with django_assert_max_num_queries(12) as few:
        admin_client.get(reverse("directory:contact_list"))
    for other in CoordinatorEntry.objects.all()[:5]:
        other.verified_by_organisation = administrator.organisation
        other.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse("directory:contact_list"))
