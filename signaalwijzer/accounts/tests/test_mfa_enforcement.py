"""MFA cannot be skipped: no page behind the login opens without an enrolled and used second factor."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from signaalwijzer.accounts.middleware import ENROLMENT_URL_NAMES
from tests.factories import sign_in, sign_in_password_only


def test_an_unenrolled_professional_is_sent_to_enrolment(client, unenrolled):
    client.force_login(unenrolled)
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_enrolment_page_opens_for_an_unenrolled_professional(client, unenrolled):
    sign_in_password_only(client, unenrolled)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert b"authenticator" in response.content.lower()


def test_an_enrolled_user_whose_session_skipped_the_second_factor_is_logged_out(
    client, professional
):
    client.force_login(professional)  # password only: no second factor in this session
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_a_user_who_passed_both_steps_sees_the_dashboard(client, professional):
    sign_in(client, professional)
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 200


def _named_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _protected_url_names():
    """Every URL without parameters that is neither public nor part of enrolling."""
    names = []
    for name, entry in _named_patterns(get_resolver()):
        try:
            reverse(name)
        except NoReverseMatch:
            continue  # needs parameters
        public = getattr(entry.callback, "login_required", True) is False
        if not public and name not in ENROLMENT_URL_NAMES:
            names.append(name)
    return sorted(set(names))


def test_the_walk_finds_the_pages_that_matter():
    names = _protected_url_names()
    assert {"cases:dashboard", "admin:index", "mfa_deactivate_totp"} <= set(names)
    assert "public:home" not in names and "health" not in names


@pytest.mark.parametrize("url_name", _protected_url_names())
def test_every_page_behind_the_login_needs_a_second_factor(client, unenrolled, url_name):
    client.force_login(unenrolled)
    response = client.get(reverse(url_name))
    assert response.status_code == 302, url_name
    assert response["Location"] == reverse("mfa_activate_totp"), url_name


def test_the_admin_is_behind_the_second_factor_too(client, team):
    from tests.factories import make_user

    admin_user = make_user("beheer@example.org", team=team)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
