"""Finding 11: behind the proxy, login limits count the client, not the proxy.

The proxy connects from 10.0.0.2 (REMOTE_ADDR) and names the client last in X-Forwarded-For.
"""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.urls import reverse

from signaalwijzer.client_address import address_of
from tests.factories import PASSWORD

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1


def _login(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        # A client may send its own X-Forwarded-For; the proxy appends the address it saw.
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {address}",
    )


def test_one_clients_failures_do_not_lock_out_another(client, professional, behind_one_proxy):
    for _attempt in range(5):
        _login(client, professional.email, "verkeerd-wachtwoord-123", CLIENT_A)
    assert _login(client, professional.email, PASSWORD, CLIENT_A).status_code == 429

    response = _login(client, professional.email, PASSWORD, CLIENT_B)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_axes_and_allauth_use_the_access_logs_client_address(behind_one_proxy):
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT_A}"
    )
    assert address_of(request) == CLIENT_A
    assert get_client_ip_address(request) == CLIENT_A
    assert get_adapter(request).get_client_ip(request) == CLIENT_A


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.AXES_IPWARE_PROXY_COUNT = None
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR=CLIENT_B, HTTP_X_FORWARDED_FOR=CLIENT_A)
    assert get_client_ip_address(request) == CLIENT_B
    assert get_adapter(request).get_client_ip(request) == CLIENT_B
