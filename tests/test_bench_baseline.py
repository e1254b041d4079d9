"""The benchmark's baseline is a fair one: the minimal view passes the same login and MFA checks as every page."""

import pytest
from django.urls import clear_url_caches

from tests.factories import sign_in_password_only


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    yield
    clear_url_caches()


def test_minimal_view_needs_login_and_second_factor(
    bench_urls, client, signed_in_client, colleague
):
    assert signed_in_client.get("/bench/minimal/").content == b"ok"
    client.logout()
    anonymous = client.get("/bench/minimal/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    sign_in_password_only(client, colleague)
    assert client.get("/bench/minimal/").status_code == 302
