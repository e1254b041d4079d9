"""Finding 1 under load: wrong codes sent all at once still get no more than the account's limit of checks."""

import threading

import pytest
from allauth.mfa import signals
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from signaalwijzer.accounts.tests.test_second_factor_limits import wrong_codes
from tests.factories import PASSWORD, current_code

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]

LOGINS = 12


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_are_checked_at_most_the_accounts_limit(professional):
    # Each pending login from its own address and with 3 codes: only the account's limit can stop them.
    clients = []
    for number in range(LOGINS):
        client = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        client.post(reverse("account_login"), {"login": professional.email, "password": PASSWORD})
        clients.append(client)
    codes = wrong_codes()
    batches = [[next(codes) for _ in range(3)] for _ in clients]

    checked: list[int] = []
    errors: list[BaseException] = []

    def count(**kwargs):
        checked.append(1)

    signals.authentication_failed.connect(count, weak=False)
    start = threading.Barrier(LOGINS)

    def guess(client: Client, batch: list[str]) -> None:
        try:
            start.wait()
            for code in batch:
                client.post(reverse("mfa_authenticate"), {"code": code})
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, batches, strict=True)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        signals.authentication_failed.disconnect(count)

    assert errors == []
    assert 0 < len(checked) <= settings.SECOND_FACTOR_FAILURES_PER_ACCOUNT
    # And the account is locked now: a new login with the right code is refused.
    client = Client(REMOTE_ADDR="192.0.2.200")
    client.post(reverse("account_login"), {"login": professional.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
