"""The administrator's single sign-on page (/admin-org/sso/): create and change the own organisation's identity
provider through sso.services (SsoChange) and the orgadmin log (AdminChange); bad input changes nothing; another
organisation's provider is never reachable; the secret's value is never shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
        "issuer": "https://login.example.nl/tenant/v2.0",
        "client_id": "client-123",
        "secret_env": "SSO_SECRET_ORGTEST",
        "domains": "jeugdzorg-test.nl\nSchool-Test.nl",
        "group_mappings": "sw-prof = professional, Team A\nCN=Officers,OU=Groups = meldcode_officer",
        "groups_claim": "groups",
        "mfa_amr_values": "mfa",
        "mfa_acr_values": "",
        "session_hours": "10",
        "inactive_days": "30",
        "password_login_enabled": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _fields(**overrides):
    values = {
        "issuer": "https://login.example.nl/tenant/v2.0",
        "client_id": "client-123",
        "secret_env": "SSO_SECRET_ORGTEST",
        "enabled": True,
        "password_login_enabled": True,
        "groups_claim": "groups",
        "mfa_amr_values": "mfa",
        "mfa_acr_values": "",
        "session_hours": 10,
        "inactive_days": 30,
        "domains": "jeugdzorg-test.nl",
        "group_mappings": "sw-prof = professional, Team A",
    }
    values.update(overrides)
    return values


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


def test_the_service_creates_the_provider_its_mappings_and_both_logs(administrator, team):
    change = services.save_single_sign_on(administrator, **_fields())
    provider = IdentityProvider.objects.get(organisation=administrator.organisation)
    assert provider.slug == "jeugdzorg-test"
    assert list(provider.domains.values_list("domain", flat=True)) == ["jeugdzorg-test.nl"]
    mapping = GroupMapping.objects.get(provider=provider)
    assert (mapping.group, mapping.role, mapping.team) == ("sw-prof", "professional", team)
    assert change is not None and change.kind == AdminChange.Kind.SSO_CREATED
    assert change.changes["issuer"] == [None, "https://login.example.nl/tenant/v2.0"]
    assert change.changes["group_mappings"][1] == ["sw-prof -> professional / Team A"]
    assert SECRET not in str(change.changes)
    assert set(SsoChange.objects.values_list("action", flat=True)) == {
        SsoChange.Action.CREATED,
        SsoChange.Action.MAPPINGS,
    }


def test_an_unchanged_save_logs_nothing(administrator, team):
    services.save_single_sign_on(administrator, **_fields())
    assert services.save_single_sign_on(administrator, **_fields()) is None
    assert AdminChange.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issuer": "http://login.example.nl"}, "issuer"),
        ({"secret_env": "SSO_SECRET_MISSING"}, "secret_env"),
        ({"secret_env": "kleine-letters"}, "secret_env"),
        ({"domains": ""}, "domains"),
        ({"session_hours": 25}, "session_hours"),
        ({"inactive_days": 0}, "inactive_days"),
        ({"group_mappings": "sw = koning"}, "group_mappings"),
        ({"group_mappings": "sw = professional, Onbekend team"}, "group_mappings"),
        ({"group_mappings": "zonder-is-teken"}, "group_mappings"),
        ({"enabled": False, "password_login_enabled": False}, "password_login_enabled"),
    ],
)
def test_bad_input_is_refused_per_field_and_changes_nothing(administrator, team, overrides, field):
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
            administrator,
            **_fields(**{"domains": "ander.nl", "group_mappings": "", **overrides}),
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


def test_a_team_of_another_organisation_is_unknown(administrator, outsider_org):
    with pytest.raises(ValidationError) as raised:
        services.save_single_sign_on(
            administrator, **_fields(group_mappings="sw = professional, Onderbouw")
        )
    assert "Onderbouw" in raised.value.message_dict["group_mappings"][0]
    assert not IdentityProvider.objects.exists()


def test_a_domain_of_another_organisation_is_refused(administrator, other_organisation):
    save_provider(
        None,
        other_organisation,
        domains="jeugdzorg-test.nl",
        slug="elders",
        issuer="https://idp.elders.nl",
        client_id="x",
        secret_env="SSO_SECRET_ORGTEST",
    )
    with pytest.raises(ValidationError) as raised:
        services.save_single_sign_on(administrator, **_fields(group_mappings=""))
    assert "domains" in raised.value.message_dict
    assert not IdentityProvider.objects.filter(organisation=administrator.organisation).exists()


def test_only_an_organisation_administrator_may_save(professional):
    with pytest.raises(PermissionDenied):
        services.save_single_sign_on(professional, **_fields(group_mappings=""))


# --- Views ------------------------------------------------------------------------------------------------


def test_the_index_links_to_the_page(admin_client):
    assert f'href="{URL}"' in admin_client.get(reverse("orgadmin:index")).content.decode()
    assert reverse("orgadmin:sso") == URL


def test_other_roles_get_a_403(signed_in_client):
    assert signed_in_client.get(URL).status_code == 403
    assert signed_in_client.post(URL, _post()).status_code == 403
    assert not IdentityProvider.objects.exists()


def test_the_administrator_creates_and_edits_the_provider(admin_client, team):
    page = admin_client.get(URL).content.decode()
    assert "/accounts/sso/jeugdzorg-test/login/callback/" in page
    response = admin_client.post(URL, _post())
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get()
    assert sorted(provider.domains.values_list("domain", flat=True)) == [
        "jeugdzorg-test.nl",
        "school-test.nl",
    ]
    assert GroupMapping.objects.filter(provider=provider).count() == 2
    page = admin_client.get(URL).content.decode()
    assert "CN=Officers,OU=Groups = meldcode_officer" in page
    assert "sw-prof = professional, Team A" in page
    assert 'data-present="yes"' in page

    response = admin_client.post(
        URL, _post(session_hours="8", password_login_enabled=None, group_mappings="")
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.session_hours == 8
    assert provider.password_login_enabled is False
    assert not GroupMapping.objects.exists()


def test_the_change_appears_in_the_log(admin_client, team):
    admin_client.post(URL, _post())
    admin_client.post(URL, _post(session_hours="12"))
    log = admin_client.get(reverse("orgadmin:changes")).content.decode()
    assert 'data-kind="sso_created"' in log
    assert 'data-kind="sso_changed"' in log
    assert "Maximum session length in hours: 10 → 12" in log
    assert SECRET not in log


def test_bad_input_shows_messages_on_the_fields_and_changes_nothing(admin_client, team):
    response = admin_client.post(
        URL,
        _post(
            issuer="ftp://x",
            session_hours="99",
            enabled=None,
            password_login_enabled=None,
            group_mappings="sw = koning",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"issuer"}
    # The form's own checks stop first; then the service's checks, each on its field.
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
    assert not IdentityProvider.objects.exists()
    assert not AdminChange.objects.exists()
    assert not SsoChange.objects.exists()


def test_the_secret_value_is_never_shown_and_a_missing_one_says_so(
    admin_client, administrator, team, monkeypatch
):
    services.save_single_sign_on(administrator, **_fields())
    page = admin_client.get(URL).content.decode()
    assert SECRET not in page and "SSO_SECRET_ORGTEST" in page
    monkeypatch.delenv("SSO_SECRET_ORGTEST")
    page = admin_client.get(URL).content.decode()
    assert 'data-present="no"' in page and SECRET not in page


def test_another_organisations_admin_neither_sees_nor_changes_it(
    admin_client, administrator, team, other_organisation
):
    services.save_single_sign_on(administrator, **_fields())
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
    # Saving there makes the other organisation's own provider; ours stays as it was. Our domain is refused.
    response = other.post(URL, _post(client_id="overgenomen", group_mappings=""))
    assert response.status_code == 400
    assert "domains" in response.context["form"].errors
    ours = IdentityProvider.objects.get(organisation=administrator.organisation)
    assert ours.client_id == "client-123"
    assert not IdentityProvider.objects.filter(organisation=other_organisation).exists()
    assert not AdminChange.objects.filter(organisation=other_organisation).exists()
