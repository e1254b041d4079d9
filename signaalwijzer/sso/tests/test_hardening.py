"""Findings of the security review: the secret's variable name, links per issuer, platform staff, claimed
domains and password refusal, https endpoints in the discovery document."""

from __future__ import annotations

import logging

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from signaalwijzer.accounts.models import User
from signaalwijzer.sso.claims import PUBLIC_MAIL_DOMAINS, endpoint_problem
from signaalwijzer.sso.models import IdentityProvider, SsoChange, SsoUser
from signaalwijzer.sso.provider import SsoOAuth2Adapter
from signaalwijzer.sso.selectors import client_secret, password_login_refused
from signaalwijzer.sso.services import save_organisation_fields, save_provider
from signaalwijzer.sso.tests.conftest import DOMAIN
from tests.factories import enrol_totp, make_user, sign_in

FIELDS = {
    "slug": "jeugdzorg-unit",
    "issuer": "https://login.example.nl/tenant/v2.0",
    "client_id": "abc",
    "secret_env": "SSO_SECRET_UNIT",
}


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("SSO_SECRET_UNIT", "s3cret")


# --- 1. The secret's variable -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL", "SSO_SECRET_", "SSO_SECRETX"]
)
def test_only_an_sso_secret_variable_can_be_named(organisation, monkeypatch, name):
    monkeypatch.setenv(name, "server-value")  # set, so only the name rule can refuse it
    with pytest.raises(ValidationError) as raised:
        save_provider(None, organisation, domains="a.nl", **{**FIELDS, "secret_env": name})
    messages = " ".join(raised.value.message_dict["secret_env"])
    assert "SSO_SECRET_" in messages and "is not set" not in messages
    assert not IdentityProvider.objects.exists()
    # The model's own validator (the Django admin's forms) refuses it too.
    provider = IdentityProvider(organisation=organisation, **{**FIELDS, "secret_env": name})
    with pytest.raises(ValidationError) as raised:
        provider.full_clean()
    assert "secret_env" in raised.value.message_dict


def test_a_stored_name_that_is_not_an_sso_secret_is_never_read(organisation, settings):
    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    IdentityProvider.objects.filter(pk=provider.pk).update(secret_env="SECRET_KEY")
    provider.refresh_from_db()
    assert client_secret(provider) is None


def test_the_operators_admin_refuses_a_server_variable(client, organisation):
    operator = make_user("beheer@platform.example", roles=())
    operator.is_staff = operator.is_superuser = True
    operator.save()
    enrol_totp(operator)
    sign_in(client, operator)
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "organisation": organisation.pk,
            **{**FIELDS, "secret_env": "SECRET_KEY"},
            "enabled": "on",
            "password_login_enabled": "on",
            "groups_claim": "groups",
            "mfa_amr_values": "mfa",
            "session_hours": "10",
            "inactive_days": "30",
            "domains_text": "a.nl",
            "group_mappings-TOTAL_FORMS": "0",
            "group_mappings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "secret_env" in response.context["adminform"].form.errors
    assert not IdentityProvider.objects.exists()


# --- 3. Links to the provider's subjects ---------------------------------------------------------------------


def _linked(provider: IdentityProvider, user: User) -> None:
    SocialAccount.objects.create(user=user, provider=provider.slug, uid="sub-1")
    SsoUser.objects.create(user=user, provider=provider)


@pytest.mark.parametrize(
    "change", [{"issuer": "https://andere-idp.example.nl"}, {"client_id": "ander"}]
)
def test_another_issuer_or_client_forgets_the_old_subjects(organisation, professional, change):
    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    _linked(provider, professional)
    save_provider(None, organisation, domains="a.nl", **{**FIELDS, **change})
    assert not SocialAccount.objects.exists()
    assert not SsoUser.objects.exists()
    logged = SsoChange.objects.get(action=SsoChange.Action.UPDATED)
    assert logged.changes["unlinked_accounts"] == [2, 0]
    assert professional.email not in str(logged.changes)


def test_other_changes_keep_the_links(organisation, professional):
    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    _linked(provider, professional)
    save_provider(None, organisation, domains="a.nl b.nl", **{**FIELDS, "session_hours": 8})
    save_organisation_fields(None, provider, session_hours=9, enabled=False)
    assert SocialAccount.objects.count() == 1 and SsoUser.objects.count() == 1


def test_a_reused_subject_after_an_issuer_change_does_not_land_on_the_old_account(
    client, sso, professional
):
    email, sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    sso.sign_in(client, email)
    client.post(reverse("account_logout"))
    first = User.objects.get(email=email)
    assert SocialAccount.objects.filter(user=first, uid=sub).exists()
    provider = sso.provider
    save_provider(
        None,
        provider.organisation,
        domains=[DOMAIN],
        slug=provider.slug,
        issuer=provider.issuer + "/",  # normalised to the same: keeps the links
        client_id=provider.client_id,
        secret_env=provider.secret_env,
        password_login_enabled=False,
    )
    assert SocialAccount.objects.filter(user=first).exists()
    save_provider(
        None,
        provider.organisation,
        domains=[DOMAIN],
        slug=provider.slug,
        issuer=provider.issuer,
        client_id="another-client",
        secret_env=provider.secret_env,
        password_login_enabled=False,
    )
    assert not SocialAccount.objects.filter(uid=sub).exists()
    assert not SsoUser.objects.filter(user=first).exists()


# --- 4. Platform staff ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_platform_staff_never_sign_in_through_an_organisations_provider(
    client, sso, organisation, flag
):
    email = f"operator@{DOMAIN}"
    staff = make_user(email, organisation=organisation)
    User.objects.filter(pk=staff.pk).update(**{flag: True})
    sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]}, email=email)
    response = sso.sign_in(client, email)
    assert response["Location"] != reverse("cases:dashboard")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert not SsoUser.objects.exists()


# --- 5. Domains ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", sorted(PUBLIC_MAIL_DOMAINS))
def test_a_public_mail_domain_cannot_be_claimed(organisation, domain):
    with pytest.raises(ValidationError) as raised:
        save_provider(None, organisation, domains=f"eigen.nl {domain.upper()}", **FIELDS)
    assert domain in raised.value.message_dict["domains"][0]
    assert not IdentityProvider.objects.exists()


def test_the_domain_of_another_organisations_active_user_cannot_be_claimed(
    organisation, other_organisation
):
    make_user("juf@orga.nl", organisation=other_organisation)
    make_user("collega@eigen.nl", organisation=organisation)
    with pytest.raises(ValidationError) as raised:
        save_provider(None, organisation, domains="eigen.nl orga.nl", **FIELDS)
    assert "orga.nl" in raised.value.message_dict["domains"][0]
    assert "eigen.nl" not in raised.value.message_dict["domains"][0]
    User.objects.filter(email="juf@orga.nl").update(is_active=False)
    save_provider(None, organisation, domains="eigen.nl orga.nl", **FIELDS)


def test_password_refusal_by_address_only_for_the_providers_own_users(
    organisation, other_organisation
):
    provider = save_provider(
        None, organisation, domains="eigen.nl", **{**FIELDS, "password_login_enabled": False}
    )
    make_user("collega@eigen.nl", organisation=organisation)
    make_user("gast@eigen.nl", organisation=other_organisation)
    assert password_login_refused(email="Collega@eigen.nl") == provider
    # An unknown address is refused like a known one: the form tells nothing about which accounts exist.
    assert password_login_refused(email="onbekend@eigen.nl") == provider
    assert password_login_refused(email="gast@eigen.nl") is None


def test_a_user_of_another_organisation_still_gets_the_password_form(
    client, organisation, other_organisation
):
    save_provider(
        None, organisation, domains="eigen.nl", **{**FIELDS, "password_login_enabled": False}
    )
    make_user("gast@eigen.nl", organisation=other_organisation)
    response = client.post(
        reverse("account_login"), {"login": "gast@eigen.nl", "password": "wrong-password-1"}
    )
    assert "sso_only" not in str(response.context["form"].errors.as_data())


# --- 6. Discovery endpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "local", "problem"),
    [
        ("https://idp.example.nl/token", False, None),
        ("http://idp.example.nl/token", True, "scheme"),
        ("http://127.0.0.1:8000/token", True, None),
        ("http://127.0.0.1:8000/token", False, "scheme"),
        ("ftp://idp.example.nl/token", True, "scheme"),
        ("", True, "host"),
        (None, True, "host"),
    ],
)
def test_endpoint_problem(url, local, problem):
    assert endpoint_problem(url, allow_local_http=local) == problem


def _adapter(sso) -> SsoOAuth2Adapter:
    request = RequestFactory().get("/")
    return SsoOAuth2Adapter(request, sso.provider.slug)


@pytest.mark.parametrize(
    "endpoint", ["authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"]
)
def test_a_discovery_endpoint_that_is_not_https_is_refused_and_logged(sso, caplog, endpoint):
    adapter = _adapter(sso)
    config = dict(adapter.openid_config)  # the real, local document passes in tests
    config[endpoint] = "http://idp.example.nl/endpoint"
    adapter._openid_config = config  # type: ignore[attr-defined]
    with (
        caplog.at_level(logging.WARNING, logger="signaalwijzer.security"),
        pytest.raises(OAuth2Error),
    ):
        adapter.openid_config  # noqa: B018
    assert endpoint in caplog.text and sso.provider.slug in caplog.text


def test_in_production_the_local_http_provider_is_refused(sso):
    adapter = _adapter(sso)
    with override_settings(DEBUG=False, PRODUCTION=True), pytest.raises(OAuth2Error):
        adapter.openid_config  # noqa: B018
