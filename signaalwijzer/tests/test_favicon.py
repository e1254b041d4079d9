"""A neutral favicon: linked from every page, and /favicon.ico answers (no 404 in the logs)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

import signaalwijzer

ICONS = Path(signaalwijzer.__file__).parent / "static" / "icons"


def test_every_page_links_the_icon(client, db):
    html = client.get(reverse("public:home")).content.decode()
    assert 'rel="icon"' in html
    assert "icons/favicon.svg" in html
    assert "icons/favicon.ico" in html


def test_favicon_ico_redirects_to_the_static_file_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")
    assert finders.find("icons/favicon.ico")


def test_the_icon_is_neutral_and_small():
    svg = (ICONS / "favicon.svg").read_text()
    assert "<text" not in svg  # no letters or words that tell what the site is about
    assert (ICONS / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert all(path.stat().st_size < 10_000 for path in ICONS.iterdir())
