"""Free text refuses invisible direction/control characters and text over the limit, on pages and in the API."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer import free_text
from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.cases.models import Case, Observation

RLO = "\u202e"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_ordinary_text_passes(text):
    cleaned = "".join(ch for ch in text if ch not in free_text._DIRECTION_CONTROLS)
    assert free_text.forbidden_characters(cleaned) == []


@given(st.text(), st.sampled_from([*sorted(free_text._DIRECTION_CONTROLS), "\x00", "\x1b"]))
def test_a_hidden_character_anywhere_is_found(text, hidden):
    middle = len(text) // 2
    assert f"U+{ord(hidden):04X}" in free_text.forbidden_characters(
        text[:middle] + hidden + text[middle:]
    )


def test_tabs_and_new_lines_are_fine():
    assert free_text.forbidden_characters("Regel 1\r\nRegel 2\tmet tab") == []


def test_a_signal_with_a_direction_override_is_refused_on_the_page(signed_in_client, case):
    response = signed_in_client.post(
        reverse("cases:observation_create", args=[case.pk]),
        {
            "observed_on": dt.date.today().isoformat(),
            "description": f"Factuur {RLO}fdp.exe",
            "source": "own",
            "nature": "fact",
        },
    )
    assert response.status_code == 400
    assert "U+202E" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_reason_that_is_too_long_is_refused(signed_in_client, case):
    response = signed_in_client.post(
        reverse("cases:close", args=[case.pk]), {"reason": "x" * (free_text.MAX_FREE_TEXT + 1)}
    )
    assert response.status_code in (200, 400)
    case.refresh_from_db()
    assert case.is_open


def test_the_api_refuses_hidden_characters_and_endless_text(professional, case):
    _token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="write", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    hidden = api.post(
        reverse("api:cases"),
        {"pseudonym": f"J{RLO}.", "concern": "Zorg."},
        content_type="application/json",
    )
    endless = api.post(
        reverse("api:observations", args=[case.pk]),
        {
            "observed_on": dt.date.today().isoformat(),
            "description": "x" * (free_text.MAX_FREE_TEXT + 1),
            "source": "own",
            "nature": "fact",
        },
        content_type="application/json",
    )
    assert hidden.status_code == endless.status_code == 400
    assert "pseudonym" in hidden.json()["errors"]
    assert "description" in endless.json()["errors"]
    assert Case.objects.count() == 1 and not Observation.objects.exists()
