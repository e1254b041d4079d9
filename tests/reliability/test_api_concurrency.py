"""Reliability under concurrency, through the real server (PostgreSQL only: that is what production runs).

20 editors update the same case at once for a bounded number of rounds: no update is lost, every conflict is
reported. 100 retries of one POST with the same Idempotency-Key, at once: one record.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases.models import Case
from tests.reliability.editing import edit_concurrently

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]

EDITORS = 20
ROUNDS = 5


@pytest.fixture
def token(transactional_db, professional):
    _token, raw = PersonalAccessToken.issue(user=professional, name="load", scope="write", days=1)
    return raw


def test_twenty_concurrent_editors_lose_no_update(live_server, token, professional):
    from signaalwijzer.cases import services

    case = services.open_case(user=professional, pseudonym="C.", concern="Gelijktijdig.")
    url = f"{live_server.url}/api/v1/cases/{case.pk}/"
    headers = {"Authorization": f"Bearer {token}"}

    saved, conflicts = edit_concurrently([url], headers, editors=EDITORS, rounds=ROUNDS)
    case.refresh_from_db()
    assert saved + conflicts == EDITORS * ROUNDS
    assert saved >= 1
    # Every accepted update raised the version by exactly one: none was silently overwritten.
    assert case.version == 1 + saved
    assert verify_chain() is None


def test_a_hundred_retries_with_one_key_make_one_case(live_server, token):
    url = f"{live_server.url}/api/v1/cases/"
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-me-please"}

    def post(_attempt: int) -> int:
        return requests.post(
            url, json={"pseudonym": "R.", "concern": "Opnieuw."}, headers=headers, timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(post, range(100)))
    assert set(statuses) == {201}
    assert Case.objects.filter(concern__isnull=False).count() == 1
