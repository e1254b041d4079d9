"""/.well-known/security.txt (RFC 9116) from SECURITY_CONTACT and SECURITY_TXT_EXPIRES."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from signaalwijzer import release
from signaalwijzer.security_txt import render

ROOT = Path(__file__).resolve().parents[2]
URL = "/.well-known/security.txt"


def _fields(text):
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


def test_security_txt_names_the_contact_expiry_languages_and_its_address(client, db, settings):
    settings.SECURITY_CONTACT = "mailto:security@gemeente.example.nl"
    settings.SECURITY_TXT_EXPIRES = date(2027, 6, 30)
    settings.SITE_URL = "https://signaalwijzer.example.nl/"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert _fields(response.content.decode()) == {
        "Contact": "mailto:security@gemeente.example.nl",
        "Expires": "2027-06-30T00:00:00.000Z",
        "Preferred-Languages": "nl, en",
        "Canonical": "https://signaalwijzer.example.nl/.well-known/security.txt",
    }


def test_without_a_contact_there_is_no_security_txt(client, db, settings):
    settings.SECURITY_CONTACT = None
    assert client.get(URL).status_code == 404


def test_security_txt_needs_no_login_and_only_answers_get(client, db, settings):
    settings.SECURITY_CONTACT = "https://example.nl/security"
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_the_default_expiry_is_a_year_after_the_release_and_still_ahead(settings):
    """Fails once the release is a year old: make a release (signaalwijzer/release.py) or set the date."""
    default = release.one_year_after(release.RELEASE_DATE)
    if not os.environ.get("SECURITY_TXT_EXPIRES"):
        assert default == settings.SECURITY_TXT_EXPIRES
    assert default > date.today()


def test_one_year_after_a_leap_day_is_the_28th():
    assert release.one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert release.one_year_after(date(2026, 12, 1)) == date(2027, 12, 1)


def test_render_ends_every_field_with_a_line_break():
    text = render("mailto:a@b.nl", date(2027, 1, 2), "https://x.nl/.well-known/security.txt")
    assert text.endswith("\n")
    assert text.count("\n") == 4


def _check(extra_env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SECURITY_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **extra_env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECURITY_CONTACT", "security@example.nl"),
        ("SECURITY_CONTACT", "http://example.nl/security"),
        ("SECURITY_TXT_EXPIRES", "next year"),
        ("LOG_FORMAT", "xml"),
    ],
)
def test_a_wrong_value_stops_the_start(name, value):
    result = _check({name: value})
    assert result.returncode != 0
    assert name in result.stderr
