"""Finding 1: wrong codes at the second step are limited, through the real login forms.

Password step, then wrong codes posted to the MFA page: after 5 the pending login ends; after 10 for
one account (over several logins and addresses) its second step is locked and even the right code is
refused; one client address that keeps sending wrong codes has to wait longer and longer.
"""

import logging
import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from signaalwijzer.accounts import code_attempts
from tests.factories import PASSWORD, TOTP_SECRET, current_code, sign_in

ADDRESS_A = "203.0.113.5"
ADDRESS_B = "198.51.100.7"
ADDRESS_C = "192.0.2.44"


def wrong_codes():
    """Six-digit codes that are not valid now, a step before or a step after (nor two steps away)."""
    totp = pyotp.TOTP(TOTP_SECRET)
    valid = {totp.at(time.time() + 30 * step) for step in range(-2, 3)}
    return (f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in valid)


@pytest.fixture
def client_factory(db):
    return Client


@pytest.fixture
def clock(monkeypatch):
    """The limits' clock, moved by hand; the TOTP codes keep the real time."""

    class Clock:
        at = time.time()

        def move(self, seconds):
            self.at += seconds

    instance = Clock()
    monkeypatch.setattr(code_attempts, "now", lambda: instance.at)
    return instance


def _password_step(client, user, address=ADDRESS_A):
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR=address,
    )
    assert response["Location"] == reverse("mfa_authenticate")


def _code(client, code, address=ADDRESS_A):
    return client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=address)


def _logged_in(client):
    return "_auth_user_id" in client.session


def _messages(response):
    return " ".join(str(message) for message in response.wsgi_request._messages)


def test_five_wrong_codes_end_the_pending_login(client, professional):
    codes = wrong_codes()
    _password_step(client, professional)
    for _attempt in range(4):
        response = _code(client, next(codes))
        assert response.status_code == 200
        assert response.context["form"].errors
    response = _code(client, next(codes))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "Log voor de veiligheid opnieuw in met je wachtwoord" in _messages(response)
    page = client.get(response["Location"])
    assert "Log voor de veiligheid opnieuw in met je wachtwoord" in page.content.decode()

    # No pending login any more: the right code leads back to the password, not in.
    response = _code(client, current_code())
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)
    # The ended login counts as one failed login for django-axes' password lockout.
    assert AccessAttempt.objects.get(username=professional.email).failures_since_start == 1


def test_ten_wrong_codes_lock_the_account_for_every_login_and_code(
    client_factory, professional, clock, caplog
):
    codes = wrong_codes()
    RecoveryCodes.activate(professional)
    recovery_code = RecoveryCodes(
        Authenticator.objects.get(user=professional, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]

    # Two pending logins from two addresses, five wrong codes each.
    for address in (ADDRESS_A, ADDRESS_B):
        client = client_factory()
        _password_step(client, professional, address)
        with caplog.at_level(logging.INFO, logger="signaalwijzer.security"):
            for _attempt in range(5):
                response = _code(client, next(codes), address)
    assert response["Location"] == reverse("account_login")
    assert "Inloggen is 15 minuten geblokkeerd" in _messages(response)

    # A third address, the right code: refused, and the pending login ends.
    client = client_factory()
    _password_step(client, professional, ADDRESS_C)
    response = _code(client, current_code(), ADDRESS_C)
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)
    # A recovery code neither.
    _password_step(client, professional, ADDRESS_C)
    response = _code(client, recovery_code, ADDRESS_C)
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)

    # Logged without the e-mail address or a client address; the user id says whose account.
    assert f"account locked for 15 minutes after 10 wrong codes (user {professional.pk})" in (
        caplog.text
    )
    for personal in (professional.email, ADDRESS_A, ADDRESS_B, ADDRESS_C):
        assert personal not in caplog.text

    # After the cooling period the right code works again.
    clock.move(16 * 60)
    _password_step(client, professional, ADDRESS_C)
    response = _code(client, current_code(), ADDRESS_C)
    assert response["Location"] == reverse("cases:dashboard")
    assert _logged_in(client)


def test_wrong_passkey_answers_count_too(client, professional):
    _password_step(client, professional)
    for attempt in range(5):
        # Incomplete answers: a form error (not a 500), and a wrong try.
        response = client.post(
            reverse("mfa_authenticate"),
            {"credential": '{"id": "bm90LWEta2V5"}'},
            REMOTE_ADDR=ADDRESS_A,
        )
        if attempt < 4:
            assert response.status_code == 200
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)


def test_one_address_waits_after_many_wrong_codes_for_several_accounts(
    client_factory, professional, colleague, outsider_team, clock
):
    codes = wrong_codes()
    for user in (professional, colleague):
        client = client_factory()
        _password_step(client, user)
        for _attempt in range(5):
            _code(client, next(codes))

    # A third account from the same address: even its right code has to wait.
    client = client_factory()
    _password_step(client, outsider_team)
    response = _code(client, current_code())
    assert response.status_code == 200
    assert "Wacht 2 seconden" in str(response.context["form"].errors)
    assert not _logged_in(client)

    # From another address, or after the wait, it is let in.
    clock.move(3)
    response = _code(client, current_code())
    assert response["Location"] == reverse("cases:dashboard")


def test_the_right_code_after_a_few_wrong_ones_logs_in_and_the_wrong_ones_still_count(
    client, professional
):
    codes = wrong_codes()
    _password_step(client, professional)
    for _attempt in range(4):
        _code(client, next(codes))
    response = _code(client, current_code())
    assert response["Location"] == reverse("cases:dashboard")
    record = code_attempts.rules.AccountRecord.load(
        code_attempts.cache.get(f"second-factor:account:{professional.pk}")
    )
    assert len(record.failures) == 4


def test_wrong_codes_at_re_authentication_end_the_session(client, professional):
    codes = wrong_codes()
    sign_in(client, professional)
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200
    for _attempt in range(4):
        response = client.post(reverse("mfa_reauthenticate"), {"code": next(codes)})
        assert response.status_code == 200
    response = client.post(reverse("mfa_reauthenticate"), {"code": next(codes)})
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)


def test_an_administrator_can_lift_the_lock(client, professional):
    codes = wrong_codes()
    for address in (ADDRESS_A, ADDRESS_B):
        _password_step(client, professional, address)
        for _attempt in range(5):
            _code(client, next(codes), address)
    _password_step(client, professional, ADDRESS_C)
    assert _code(client, current_code(), ADDRESS_C)["Location"] == reverse("account_login")

    call_command("unlock_second_factor", professional.email)
    _password_step(client, professional, ADDRESS_C)
    assert _code(client, current_code(), ADDRESS_C)["Location"] == reverse("cases:dashboard")
