from django.test import Client
from django.urls import reverse


def test_a_missing_page_is_a_dutch_404_with_the_emergency_numbers(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "0800-2000" in html and "112" in html


def test_an_expired_form_gets_a_clear_message_not_a_technical_one(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Er is niets opgeslagen" in html
    assert "CSRF" not in html


def test_the_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "0800-2000" in html and "112" in html
