"""The regional look-up on the public resources page: no login, no JavaScript, nothing guessed."""

from __future__ import annotations

from django.urls import reverse


def test_the_resources_page_offers_the_look_up_without_a_result(client, db):
    html = client.get(reverse("public:resources")).content.decode()
    assert 'id="regional-lookup"' in html and 'name="gemeente"' in html
    assert 'id="regional-result"' not in html
    assert 'href="https://www.wegwijzermensenhandel.nl/zorgcoordinatoren"' in html


def test_weert_shows_koraal_and_veilig_thuis_limburg_noords_form(client, db):
    response = client.get(reverse("public:resources"), {"gemeente": "GM0988"})
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'data-veilig-thuis="VT13"' in html and "https://www.veiligthuisnml.nl/" in html
    assert 'data-coordinator="koraal-limburg-noord-en-limburg-midden"' in html
    assert '<option value="GM0988" selected>' in html


def test_twente_shows_a_website_and_the_note(client, db):
    html = client.get(reverse("public:resources"), {"gemeente": "GM0153"}).content.decode()
    assert 'href="https://www.mensenhandeltwente.nl"' in html
    assert "data-note" in html and "data-no-phone" in html


def test_an_unknown_municipality_shows_no_contacts(client, db):
    response = client.get(reverse("public:resources"), {"gemeente": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="regional-result"' not in html
    assert "&lt;script&gt;" not in html and " selected>" not in html  # the input is never echoed


def test_other_public_pages_have_no_look_up(client, db):
    assert 'id="regional-lookup"' not in client.get(reverse("public:parents")).content.decode()
