"""Logging in through the real forms: password, then the second factor."""

import logging

from allauth.mfa.models import Authenticator
from django.urls import reverse

from signaalwijzer.accounts.models import User
from tests.factories import PASSWORD, TOTP_SECRET, current_code


def _password_step(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_password_then_code_opens_the_dashboard(client, professional):
    response = _password_step(client, professional.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet: the second step is still to come.
    assert client.get(reverse("cases:dashboard")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dashboard")
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_a_wrong_code_keeps_the_user_out(client, professional):
    _password_step(client, professional.email)
    wrong = "000000" if current_code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_a_used_code_cannot_be_replayed(client, professional):
    code = current_code()
    _password_step(client, professional.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))
    _password_step(client, professional.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_rotates_the_session_key(client, professional):
    client.get(reverse("account_login"))
    _password_step(client, professional.email)
    before = client.session.session_key
    client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert client.session.session_key != before


def test_a_wrong_password_says_so_in_dutch_and_logs_no_address(client, professional, caplog):
    with caplog.at_level(logging.DEBUG):
        response = _password_step(client, professional.email, "verkeerd-wachtwoord-123")
    assert response.status_code == 200
    assert "niet juist" in response.content.decode()
    assert professional.email not in caplog.text


def test_five_failures_lock_the_account_even_for_the_right_password(client, professional, caplog):
    for _attempt in range(5):
        _password_step(client, professional.email, "verkeerd-wachtwoord-123")
    with caplog.at_level(logging.DEBUG):
        response = _password_step(client, professional.email)
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "mfa_authenticate" not in response.get("Location", "")
    assert professional.email not in caplog.text


def test_the_admin_login_cannot_be_used_to_skip_the_second_factor(client, professional):
    professional.is_staff = professional.is_superuser = True
    professional.save()
    response = client.post(
        reverse("admin:login"), {"username": professional.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_the_totp_secret_is_stored_encrypted(professional):
    stored = Authenticator.objects.get(user=professional, type=Authenticator.Type.TOTP).data
    assert TOTP_SECRET not in str(stored)


def test_the_session_expires_after_idle_time_and_is_saved_on_every_request(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
