"""The whole sign-in through a real OpenID Provider (tests/oidc_provider, its own process, real HTTP)."""

from __future__ import annotations

import time

from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.urls import reverse

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.accounts.session_limits import SESSION_ENDS_AT_KEY
from signaalwijzer.sso.models import SsoUser
from tests.factories import enrol_totp, make_user


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_first_sign_in_creates_the_account_with_the_mapped_role_and_team(client, sso, team):
    email, sub = sso.user(
        {
            "groups": ["sw-professionals", "other-group"],
            "amr": ["pwd", "mfa"],
            "name": "Fleur Jansen",
        }
    )
    response = sso.sign_in(client, email)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dashboard")

    user = User.objects.get(email=email)
    assert user.organisation == sso.provider.organisation
    assert user.roles == frozenset({Role.PROFESSIONAL})
    assert list(user.teams.all()) == [team]
    assert user.full_name == "Fleur Jansen"
    assert not user.has_usable_password()
    assert SsoUser.objects.get(user=user).provider == sso.provider
    account = SocialAccount.objects.get(user=user)
    assert account.uid == sub
    # Only the reference to the provider's subject is kept, not the token's personal data.
    assert account.extra_data == {"id_token": {"iss": sso.op.issuer, "sub": sub}}


def test_the_providers_mfa_replaces_our_second_step(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["pwd", "mfa"]})
    sso.sign_in(client, email)
    # No authenticator enrolled in Signaalwijzer, yet the dashboard opens: the provider did the MFA.
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_an_acr_value_can_stand_for_mfa(client, sso):
    sso.provider.mfa_acr_values = "urn:test:loa:substantial"
    sso.provider.save()
    email, _sub = sso.user({"groups": ["sw-professionals"], "acr": "urn:test:loa:substantial"})
    sso.sign_in(client, email)
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_without_the_providers_mfa_the_user_enrols_our_second_step(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["pwd"]})
    sso.sign_in(client, email)
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_user_with_our_second_factor_is_asked_for_it_without_the_providers_mfa(client, sso, team):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["pwd"]})
    user = make_user(email, team=team)
    enrol_totp(user)
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_a_user_with_our_second_factor_is_not_asked_for_it_after_the_providers_mfa(
    client, sso, team
):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    user = make_user(email, team=team)
    enrol_totp(user)
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("cases:dashboard")
    assert client.get(reverse("cases:dashboard")).status_code == 200
    # The existing account was linked, not duplicated.
    assert SocialAccount.objects.get(user=user)


def test_an_address_outside_the_organisations_domains_is_refused(client, sso):
    email, _sub = sso.user(
        {"groups": ["sw-professionals"], "amr": ["mfa"]}, email="iemand@elders.nl"
    )
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("account_login")
    assert "hoort niet bij Jeugdzorg Test" in _messages(response)
    assert not User.objects.filter(email="iemand@elders.nl").exists()
    assert "_auth_user_id" not in client.session


def test_an_unverified_address_is_refused(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "email_verified": False})
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("account_login")
    assert not User.objects.filter(email=email).exists()


def test_a_person_in_no_mapped_group_gets_no_access(client, sso):
    email, _sub = sso.user({"groups": ["finance"], "amr": ["mfa"]})
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("account_login")
    assert "niet in een groep die toegang geeft" in _messages(response)
    assert not User.objects.filter(email=email).exists()
    assert "_auth_user_id" not in client.session


def test_role_and_team_changes_at_the_provider_apply_at_the_next_sign_in(
    client, sso, team, other_team
):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    sso.sign_in(client, email)
    user = User.objects.get(email=email)
    # A role the administrator gave by hand, that no mapping mentions, stays.
    from signaalwijzer.accounts.models import RoleGrant

    RoleGrant.objects.create(user=user, role=Role.LOG_MANAGER)
    client.post(reverse("account_logout"))

    sso.op.add_user(
        email,
        "op-password-1",
        {
            "email": email,
            "email_verified": True,
            "groups": ["sw-officers", "sw-team-b"],
            "amr": ["mfa"],
        },
    )
    sso.sign_in(client, email)
    user = User.objects.get(email=email)
    assert user.roles == frozenset({Role.MELDCODE_OFFICER, Role.PROFESSIONAL, Role.LOG_MANAGER})
    assert list(user.teams.all()) == [other_team]

    client.post(reverse("account_logout"))
    sso.op.add_user(
        email,
        "op-password-1",
        {"email": email, "email_verified": True, "groups": [], "amr": ["mfa"]},
    )
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("account_login")
    user = User.objects.get(email=email)
    assert user.roles == frozenset({Role.LOG_MANAGER})
    assert list(user.teams.all()) == []


def test_an_account_of_another_organisation_is_not_taken_over(client, sso, other_organisation):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    other = make_user(email, organisation=other_organisation)
    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("account_login")
    assert not SocialAccount.objects.filter(user=other).exists()
    assert "_auth_user_id" not in client.session


def test_an_sso_session_ends_after_the_providers_session_hours(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    sso.sign_in(client, email)
    ends_at = client.session[SESSION_ENDS_AT_KEY]
    assert abs(ends_at - (time.time() + 10 * 3600)) < 60
    session = client.session
    session[SESSION_ENDS_AT_KEY] = time.time() - 1
    session.save()
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_a_tampered_id_token_is_refused(client, sso):
    """The provider returns its signed token with other claims in it: the signature no longer fits."""
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"], "tamper": "claims"})
    response = sso.sign_in(client, email)
    assert response.status_code == 401  # allauth's "login failed" page
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(
        email__endswith="@jeugdzorg-test.nl", email__startswith="someone.else"
    ).exists()
    assert not User.objects.filter(email=email).exists()


def test_an_unsigned_id_token_is_refused(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"], "tamper": "unsigned"})
    response = sso.sign_in(client, email)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email=email).exists()


def test_a_user_disabled_at_the_provider_cannot_fall_back_to_a_password(client, sso, team):
    """Password login is off: the password form refuses an address of the organisation's domain."""
    email = "oud-medewerker@jeugdzorg-test.nl"
    make_user(email, team=team)
    response = client.post(
        reverse("account_login"), {"login": email, "password": "Een-lang-test-wachtwoord-42"}
    )
    assert response.status_code == 200
    assert "gebruikt eenmalig inloggen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_a_user_of_the_organisation_outside_its_domains_cannot_use_a_password_either(
    client, sso, team
):
    user = make_user("extern@gmail.example", team=team)
    enrol_totp(user)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "Een-lang-test-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_with_password_login_on_a_password_still_works(client, sso, team):
    sso.provider.password_login_enabled = True
    sso.provider.save()
    user = make_user("collega@jeugdzorg-test.nl", team=team)
    enrol_totp(user)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "Een-lang-test-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_typing_the_work_address_goes_to_the_organisations_provider(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    response = client.post(reverse("sso_start"), {"email": email})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{sso.op.issuer}/authorize/")


def test_an_address_without_single_sign_on_stays_on_the_login_page(client, sso):
    response = client.post(reverse("sso_start"), {"email": "iemand@elders.nl"})
    assert response["Location"] == reverse("account_login")


def test_the_login_page_offers_sign_in_with_the_organisation(client, sso):
    page = client.get(reverse("account_login")).content.decode()
    assert "Inloggen met Jeugdzorg Test" in page
    assert reverse("signaalwijzer_sso_login", kwargs={"provider_id": sso.provider.slug}) in page


def test_connecting_an_account_to_a_logged_in_user_is_not_offered(client, sso, professional):
    from tests.factories import sign_in

    sign_in(client, professional)
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    response = client.post(
        reverse("signaalwijzer_sso_login", kwargs={"provider_id": sso.provider.slug}),
        {"process": "connect"},
    )
    from tests.oidc_provider.harness import ProviderBrowser, local_path

    back = ProviderBrowser().authorize(response["Location"], email, "op-password-1")
    response = client.get(local_path(back))
    assert not SocialAccount.objects.filter(user=professional).exists()
    assert not User.objects.filter(email=email).exists()


def test_a_user_the_sweep_deactivated_is_back_after_signing_in_at_the_provider(client, sso):
    import datetime as dt

    from django.utils import timezone

    from signaalwijzer.sso.departures import sweep

    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    sso.sign_in(client, email)
    client.post(reverse("account_logout"))
    assert sweep(timezone.now() + dt.timedelta(days=31)) == 1
    assert not User.objects.get(email=email).is_active

    response = sso.sign_in(client, email)
    assert response["Location"] == reverse("cases:dashboard")
    assert User.objects.get(email=email).is_active
    assert SsoUser.objects.get(user__email=email).deactivated_by_sweep_at is None


def test_a_user_deactivated_by_an_administrator_stays_out(client, sso):
    email, _sub = sso.user({"groups": ["sw-professionals"], "amr": ["mfa"]})
    sso.sign_in(client, email)
    client.post(reverse("account_logout"))
    User.objects.filter(email=email).update(is_active=False)
    response = sso.sign_in(client, email)
    assert response["Location"] != reverse("cases:dashboard")
    assert "_auth_user_id" not in client.session


def test_the_login_pages_policy_lets_its_forms_lead_to_the_provider(client, sso):
    """Browsers check CSP form-action on the redirect after the form: the provider's origin is allowed,
    on that page only."""
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert "'self'" in form_action and f"http://127.0.0.1:{sso.op.port}" in form_action
    other = client.get(reverse("public:home"))["Content-Security-Policy"]
    assert f"127.0.0.1:{sso.op.port}" not in other


def test_opening_the_sign_in_address_asks_to_continue_with_a_form_that_may_lead_to_the_provider(
    client, sso
):
    response = client.get(
        reverse("signaalwijzer_sso_login", kwargs={"provider_id": sso.provider.slug})
    )
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert f"127.0.0.1:{sso.op.port}" in response["Content-Security-Policy"]


def test_an_unknown_provider_is_not_found(client, sso):
    response = client.post(
        reverse("signaalwijzer_sso_login", kwargs={"provider_id": "bestaat-niet"})
    )
    assert response.status_code == 404
