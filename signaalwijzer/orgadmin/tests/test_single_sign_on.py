"""The administrator's single sign-on page (/admin-org/sso/): the organisation's part (enabled, password login,
session, inactivity, groups claim, group mappings) through sso.services (SsoChange) and the orgadmin log
(AdminChange); the provider itself (issuer, client ID, secret variable, domains, MFA values) is the platform
operator's and only shown; bad input changes nothing; another organisation's provider is never reachable; the
secret's value is never shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.roles import Role
from signaalwijzer.orgadmin import services
from signaalwijzer.orgadmin.group_lines import (
    LineProblem,
    format_group_line,
    parse_group_lines,
)
from signaalwijzer.orgadmin.models import AdminChange
from signaalwijzer.sso.models import EmailDomain, GroupMapping, IdentityProvider, SsoChange
from signaalwijzer.sso.services import save_provider
from tests.factories import enrol_totp, make_user, sign_in

SECRET = "zeer-geheim-waarde-123"
URL = "/admin-org/sso/"


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("SSO_SECRET_ORGTEST", SECRET)


def _post(**overrides):
    data = {
        "enabled": "on",
        "group_mappings": "sw-prof = professional, Team A\nCN=Officers,OU=Groups = meldcode_officer",
        "groups_claim": "groups",
        "session_hours": "10",
        "inactive_days": "30",
        "password_login_enabled": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _fields(**overrides):
    values = {
        "enabled": True,
        "password_login_enabled": True,
        "groups_claim": "groups",
        "session_hours": 10,
        "inactive_days": 30,
        "group_mappings": "sw-prof = professional, Team A",
    }
    values.update(overrides)
    return values


ISSUER = "https://login.example.nl/tenant/v2.0"


@pytest.fixture
def provider(organisation):
    """Set up by the platform operator (Django admin path)."""
    return save_provider(
        None,
        organisation,
        domains="jeugdzorg-test.nl\nSchool-Test.nl",
        slug="jeugdzorg-test",
        issuer=ISSUER,
        client_id="client-123",
        secret_env="SSO_SECRET_ORGTEST",
        mfa_amr_values="mfa",
    )


# --- The pure line parser ---------------------------------------------------------------------------------


def test_lines_are_read_with_the_group_before_the_last_equals_sign():
    lines, problems = parse_group_lines(
        "# comment\n\nCN=Zorg,OU=Groepen = professional, Team A\nsw = meldcode_officer\nkapot\n= professional\nx ="
    )
    assert [(line.number, line.group, line.role, line.team) for line in lines] == [
        (3, "CN=Zorg,OU=Groepen", "professional", "Team A"),
        (4, "sw", "meldcode_officer", ""),
    ]
    assert problems == [
        (5, LineProblem.NO_EQUALS),
        (6, LineProblem.NO_GROUP),
        (7, LineProblem.NO_ROLE),
    ]


_word = (
    st.text(
        alphabet=st.characters(blacklist_characters="=,#\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@given(group=_word, role=_word, team=st.one_of(st.just(""), _word))
def test_a_formatted_line_reads_back_to_the_same_values(group, role, team):
    lines, problems = parse_group_lines(format_group_line(group, role, team))
    assert problems == []
    assert [(line.group, line.role, line.team) for line in lines] == [(group, role, team)]


# --- Service ----------------------------------------------------------------------------------------------


def test_the_service_changes_the_organisations_part_and_logs_both(administrator, team, provider):
    change = services.save_single_sign_on(administrator, **_fields(session_hours=8))
    provider.refresh_from_db()
    assert provider.session_hours == 8
    mapping = GroupMapping.objects.get(provider=provider)
    assert (mapping.group, mapping.role, mapping.team) == ("sw-prof", "professional", team)
    assert change is not None and change.kind == AdminChange.Kind.SSO_CHANGED
    assert change.changes["session_hours"] == [10, 8]
    assert change.changes["group_mappings"][1] == ["sw-prof -> professional / Team A"]
    assert SECRET not in str(change.changes)
    assert set(
        SsoChange.objects.exclude(action=SsoChange.Action.CREATED).values_list("action", flat=True)
    ) == {
        SsoChange.Action.UPDATED,
        SsoChange.Action.MAPPINGS,
    }


def test_an_unchanged_save_logs_nothing(administrator, team, provider):
    services.save_single_sign_on(administrator, **_fields())
    assert services.save_single_sign_on(administrator, **_fields()) is None
    assert AdminChange.objects.count() == 1


@pytest.mark.parametrize(
    "field",
    ["issuer", "client_id", "secret_env", "domains", "mfa_amr_values", "mfa_acr_values", "slug"],
)
def test_the_trust_defining_fields_are_not_the_organisations_to_change(
    administrator, provider, field
):
    before = list(IdentityProvider.objects.values())
    with pytest.raises(ValueError, match="unknown fields"):
        services.save_single_sign_on(administrator, **_fields(**{field: "https://evil.example"}))
    assert list(IdentityProvider.objects.values()) == before
    assert not AdminChange.objects.exists()


def test_without_a_provider_the_organisation_cannot_create_one(administrator, team):
    with pytest.raises(Http404):
        services.save_single_sign_on(administrator, **_fields())
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"session_hours": 25}, "session_hours"),
        ({"inactive_days": 0}, "inactive_days"),
        ({"groups_claim": ""}, "groups_claim"),
        ({"group_mappings": "sw = koning"}, "group_mappings"),
        ({"group_mappings": "sw = professional, Onbekend team"}, "group_mappings"),
        ({"group_mappings": "zonder-is-teken"}, "group_mappings"),
        ({"enabled": False, "password_login_enabled": False}, "password_login_enabled"),
    ],
)
def test_bad_input_is_refused_per_field_and_changes_nothing(
    administrator, team, provider, overrides, field
):
    services.save_single_sign_on(administrator, **_fields())
    before = (
        list(IdentityProvider.objects.values()),
        list(EmailDomain.objects.values()),
        list(GroupMapping.objects.values()),
        SsoChange.objects.count(),
        AdminChange.objects.count(),
    )
    with pytest.raises(ValidationError) as raised:
        services.save_single_sign_on(
            administrator, **_fields(**{"session_hours": 9, "group_mappings": "", **overrides})
        )
    assert field in raised.value.message_dict
    after = (
        list(IdentityProvider.objects.values()),
        list(EmailDomain.objects.values()),
        list(GroupMapping.objects.values()),
        SsoChange.objects.count(),
        AdminChange.objects.count(),
    )
    assert after == before


def test_a_team_of_another_organisation_is_unknown(administrator, outsider_org, provider):
    with pytest.raises(ValidationError) as raised:
        services.save_single_sign_on(
            administrator, **_fields(group_mappings="sw = professional, Onderbouw")
        )
    assert "Onderbouw" in raised.value.message_dict["group_mappings"][0]
    assert not GroupMapping.objects.exists()


def test_only_an_organisation_administrator_may_save(professional, provider):
    with pytest.raises(PermissionDenied):
        services.save_single_sign_on(professional, **_fields(group_mappings=""))


# --- Views ------------------------------------------------------------------------------------------------


def test_the_index_links_to_the_page(admin_client):
    assert f'href="{URL}"' in admin_client.get(reverse("orgadmin:index")).content.decode()
    assert reverse("orgadmin:sso") == URL


def test_other_roles_get_a_403(signed_in_client, provider):
    assert signed_in_client.get(URL).status_code == 403
    assert signed_in_client.post(URL, _post()).status_code == 403
    assert not GroupMapping.objects.exists()


def test_without_a_provider_the_page_says_the_platform_operator_sets_it_up(admin_client, team):
    page = admin_client.get(URL).content.decode()
    assert 'id="sso-not-set-up"' in page
    assert "/accounts/sso/jeugdzorg-test/login/callback/" in page
    assert 'name="issuer"' not in page and 'name="enabled"' not in page
    response = admin_client.post(
        URL, {**_post(), "issuer": ISSUER, "client_id": "x", "secret_env": "SSO_SECRET_ORGTEST"}
    )
    assert response.status_code == 400
    assert not IdentityProvider.objects.exists()


def test_the_provider_is_shown_read_only_and_the_organisations_part_is_edited(
    admin_client, team, provider
):
    page = admin_client.get(URL).content.decode()
    assert "/accounts/sso/jeugdzorg-test/login/callback/" in page
    assert ISSUER in page and "client-123" in page and "school-test.nl" in page
    assert "The platform operator sets these details" in page
    for name in (
        "issuer",
        "client_id",
        "secret_env",
        "domains",
        "mfa_amr_values",
        "mfa_acr_values",
    ):
        assert f'name="{name}"' not in page
    assert 'data-present="yes"' in page
    # Posting a trust-defining field changes nothing of it.
    response = admin_client.post(
        URL,
        _post(
            issuer="https://evil.example",
            client_id="evil",
            secret_env="SSO_SECRET_EVIL",
            domains="evil.example",
            mfa_amr_values="pwd",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider.refresh_from_db()
    assert (provider.issuer, provider.client_id, provider.secret_env, provider.mfa_amr_values) == (
        ISSUER,
        "client-123",
        "SSO_SECRET_ORGTEST",
        "mfa",
    )
    assert sorted(provider.domains.values_list("domain", flat=True)) == [
        "jeugdzorg-test.nl",
        "school-test.nl",
    ]
    assert GroupMapping.objects.filter(provider=provider).count() == 2
    page = admin_client.get(URL).content.decode()
    assert "CN=Officers,OU=Groups = meldcode_officer" in page
    assert "sw-prof = professional, Team A" in page

    response = admin_client.post(
        URL, _post(session_hours="8", password_login_enabled=None, group_mappings="")
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.session_hours == 8
    assert provider.password_login_enabled is False
    assert not GroupMapping.objects.exists()


def test_the_change_appears_in_the_log(admin_client, team, provider):
    admin_client.post(URL, _post())
    admin_client.post(URL, _post(session_hours="12"))
    log = admin_client.get(reverse("orgadmin:changes")).content.decode()
    assert 'data-kind="sso_changed"' in log
    assert "Maximum session length in hours: 10 → 12" in log
    assert SECRET not in log


def test_bad_input_shows_messages_on_the_fields_and_changes_nothing(admin_client, team, provider):
    response = admin_client.post(
        URL,
        _post(
            session_hours="99",
            enabled=None,
            password_login_enabled=None,
            group_mappings="sw = koning",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"session_hours", "password_login_enabled", "group_mappings"} <= set(errors)
    assert "only be switched off while single sign-on is enabled" in str(
        errors["password_login_enabled"]
    )
    provider.refresh_from_db()
    assert provider.enabled and provider.session_hours == 10
    assert not AdminChange.objects.exists()
    assert not SsoChange.objects.exclude(action=SsoChange.Action.CREATED).exists()


def test_the_secret_value_is_never_shown_and_a_missing_one_says_so(
    admin_client, team, provider, monkeypatch
):
    page = admin_client.get(URL).content.decode()
    assert SECRET not in page and "SSO_SECRET_ORGTEST" in page
    monkeypatch.delenv("SSO_SECRET_ORGTEST")
    page = admin_client.get(URL).content.decode()
    assert 'data-present="no"' in page and SECRET not in page


def test_a_stored_name_that_is_not_an_sso_secret_is_never_read(admin_client, provider, settings):
    # A row from before the rule (the model validator now refuses such a name).
    IdentityProvider.objects.filter(pk=provider.pk).update(secret_env="SECRET_KEY")
    page = admin_client.get(URL).content.decode()
    assert 'data-present="invalid"' in page
    assert settings.SECRET_KEY not in page
    assert "Missing: the variable SECRET_KEY" not in page


def test_another_organisations_admin_neither_sees_nor_changes_it(
    administrator, team, provider, other_organisation
):
    other_admin = make_user(
        "beheer@elders.example.org",
        organisation=other_organisation,
        roles=(Role.ORGANISATION_ADMIN,),
    )
    enrol_totp(other_admin)
    other = Client()
    sign_in(other, other_admin)
    other.cookies["django_language"] = "en"
    page = other.get(URL).content.decode()
    assert "client-123" not in page and "jeugdzorg-test.nl" not in page
    assert "SSO_SECRET_ORGTEST" not in page
    response = other.post(URL, _post(enabled=None, group_mappings=""))
    assert response.status_code == 400
    provider.refresh_from_db()
    assert provider.enabled
    assert not IdentityProvider.objects.filter(organisation=other_organisation).exists()
    assert not AdminChange.objects.filter(organisation=other_organisation).exists()
