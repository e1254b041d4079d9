"""The session's clock for the timeout warning: the status endpoint (GET, does not extend), "stay logged in"
(POST, extends), the time left on the page, and a form sent after the session ended."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.accounts.session_limits import LAST_ACTIVITY_KEY, SESSION_STARTED_KEY
from tests.factories import PASSWORD, current_code, sign_in

STATUS = "/accounts/session/"
KEEP_ALIVE = "/accounts/session/keep-alive/"


def test_the_urls_are_the_documented_ones():
    assert reverse("session_status") == STATUS
    assert reverse("session_keep_alive") == KEEP_ALIVE


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _idle_for(client, seconds: int, settings) -> dt.datetime:
    """As if the last activity was ``seconds`` ago: the noted time and the stored expiry move back."""
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - seconds
    session.save()
    expiry = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds)
    Session.objects.filter(session_key=session.session_key).update(expire_date=expiry)
    return expiry


def test_the_status_tells_the_time_left_without_extending_the_session(signed_in_client, settings):
    expiry = _idle_for(signed_in_client, 600, settings)
    data_before = _row(signed_in_client).session_data

    response = signed_in_client.get(STATUS)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"signed_in", "expires_in", "extendable"}  # nothing about the user
    assert body["signed_in"] is True and body["extendable"] is True
    assert (
        settings.SESSION_COOKIE_AGE - 600 - 5
        <= body["expires_in"]
        <= settings.SESSION_COOKIE_AGE - 600
    )
    row = _row(signed_in_client)
    assert row.expire_date == expiry  # not moved
    assert row.session_data == data_before  # not saved at all
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_stay_logged_in_extends_the_session_and_answers_the_new_time(signed_in_client, settings):
    expiry = _idle_for(signed_in_client, 600, settings)

    response = signed_in_client.post(KEEP_ALIVE)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"signed_in", "expires_in", "extendable"}
    assert body["signed_in"] is True
    assert settings.SESSION_COOKIE_AGE - 5 <= body["expires_in"] <= settings.SESSION_COOKIE_AGE
    new_expiry = _row(signed_in_client).expire_date
    assert new_expiry > expiry + dt.timedelta(seconds=590)
    # The status agrees afterwards.
    assert signed_in_client.get(STATUS).json()["expires_in"] >= settings.SESSION_COOKIE_AGE - 5


def test_a_page_counts_as_activity_but_the_status_does_not(signed_in_client, settings):
    _idle_for(signed_in_client, 600, settings)
    assert signed_in_client.get(STATUS).json()["expires_in"] <= settings.SESSION_COOKIE_AGE - 600
    signed_in_client.get(reverse("cases:dashboard"))
    assert signed_in_client.get(STATUS).json()["expires_in"] >= settings.SESSION_COOKIE_AGE - 5


def test_stay_logged_in_needs_the_csrf_token(professional):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, professional)
    page = client.get(reverse("cases:dashboard")).content.decode()
    assert client.post(KEEP_ALIVE).status_code == 403
    # The token comes from the dialog's own form on the page.
    form = re.search(r'id="session-keep-alive-form".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(KEEP_ALIVE, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.json()["signed_in"] is True


def test_the_status_only_answers_get(signed_in_client):
    assert signed_in_client.post(STATUS).status_code == 405
    assert signed_in_client.get(KEEP_ALIVE).status_code == 405


@pytest.mark.parametrize("url,method", [(STATUS, "get"), (KEEP_ALIVE, "post")])
def test_signed_out_gets_json_and_no_redirect(client, db, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"signed_in": False, "expires_in": 0, "extendable": False}


@pytest.mark.parametrize("url,method", [(STATUS, "get"), (KEEP_ALIVE, "post")])
def test_an_ended_session_gets_json_and_no_redirect(signed_in_client, url, method):
    Session.objects.all().delete()  # ended on the server (idle timeout, or logged out elsewhere)
    response = getattr(signed_in_client, method)(url)
    assert response.status_code == 403
    assert response.json()["signed_in"] is False


def test_a_session_that_skipped_the_second_factor_cannot_be_kept_alive(client, professional):
    client.force_login(professional)  # password only: the pages behind the login log it out
    assert client.get(STATUS).status_code == 403
    response = client.post(KEEP_ALIVE)
    assert response.status_code == 403
    assert response.json()["signed_in"] is False
    assert "_auth_user_id" not in client.session  # ended, as RequireMFAMiddleware would


def test_near_the_absolute_limit_the_status_says_staying_does_not_help(signed_in_client, settings):
    session = signed_in_client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600 + 90
    session.save()
    body = signed_in_client.post(KEEP_ALIVE).json()
    assert body["extendable"] is False
    assert 80 <= body["expires_in"] <= 90


def _page_expires_in(response) -> int:
    match = re.search(r'id="session-dialog"[^>]*data-expires-in="(\d+)"', response.content.decode())
    assert match, "the page has the timeout dialog"
    return int(match.group(1))


def test_a_signed_in_page_carries_the_time_left_and_the_dialog(signed_in_client, settings):
    response = signed_in_client.get(reverse("cases:dashboard"))
    html = response.content.decode()
    assert (
        settings.SESSION_COOKIE_AGE - 5 <= _page_expires_in(response) <= settings.SESSION_COOKIE_AGE
    )
    for element_id in ("session-dialog", "session-keep-alive", "session-sign-out", "session-ended"):
        assert f'id="{element_id}"' in html
    assert 'data-status-url="/accounts/session/"' in html
    # Dutch texts from the translation, not from the script.
    assert "Ingelogd blijven" in html and "Nu afmelden" in html
    assert "Je wordt over 2 minuten afgemeld omdat je een tijd niets hebt gedaan." in html
    # An external script without the nonce, so that the case-page cache keeps working.
    assert re.search(r'<script src="/static/js/session.js" defer></script>', html)


def test_a_page_without_login_has_no_dialog_but_the_script(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert 'id="session-dialog"' not in html
    assert "/static/js/session.js" in html


def test_a_cached_case_page_shows_each_response_its_own_time_left(signed_in_client, case, settings):
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
    session = signed_in_client.session
    session[SESSION_STARTED_KEY] = time.time() - absolute + 900
    session.save()
    first = _page_expires_in(signed_in_client.get(case.get_absolute_url()))
    assert 890 <= first <= 900
    session = signed_in_client.session
    session[SESSION_STARTED_KEY] = time.time() - absolute + 400
    session.save()
    second = signed_in_client.get(case.get_absolute_url())  # from the cache now
    assert 390 <= _page_expires_in(second) <= 400


def test_a_form_sent_after_the_session_ended_comes_back_after_logging_in(
    signed_in_client, professional, case
):
    form_url = reverse("cases:observation_create", kwargs={"case_id": case.pk})
    assert signed_in_client.get(form_url).status_code == 200
    Session.objects.all().delete()

    response = signed_in_client.post(form_url, {"description": "Een lange tekst."})

    login = reverse("account_login")
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={form_url}"
    # Logging in again with that address ends on the form.
    response = signed_in_client.post(
        f"{login}?next={form_url}", {"login": professional.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    response = signed_in_client.post(response["Location"], {"code": current_code()})
    assert response.status_code == 302
    assert response["Location"] == form_url


DUTCH = {
    "Stay logged in": "Ingelogd blijven",
    "Log out now": "Nu afmelden",
    "We put back the text you had not saved yet.": (
        "We hebben de tekst teruggezet die je nog niet had opgeslagen."
    ),
}


@pytest.mark.parametrize("english", sorted(DUTCH))
def test_the_session_texts_have_dutch_translations(english):
    from django.utils import translation

    with translation.override("nl"):
        assert translation.gettext(english) == DUTCH[english]


def test_the_status_body_is_json(signed_in_client):
    json.loads(signed_in_client.get(STATUS).content)
