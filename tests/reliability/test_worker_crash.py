"""Crash safety: kill -9 of a gunicorn worker in the middle of writes, repeatedly (PostgreSQL only).

Afterwards there is no partial record (a case without its owner, its first timeline line or its access event), every
write the server acknowledged is there, and the access-log chain verifies.
"""

import os
import signal
import subprocess
import threading
import time

import pytest
import requests
from django.db import connection

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases.models import Case, CaseMember, TimelineEntry
from tests.reliability.processes import gunicorn

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="crash safety is tested on PostgreSQL"
    ),
]

KILLS = 10
WRITERS = 6


def _workers(master: int) -> list[int]:
    result = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in result.stdout.split()]


@pytest.fixture
def server(transactional_db):
    with gunicorn(workers=2) as started:
        yield started


def test_killing_workers_mid_write_leaves_no_partial_record(server, professional):
    process, url = server
    _token, raw = PersonalAccessToken.issue(user=professional, name="crash", scope="write", days=1)
    headers = {"Authorization": f"Bearer {raw}"}
    acknowledged: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def writer(number: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            try:
                response = requests.post(
                    f"{url}/api/v1/cases/",
                    json={"pseudonym": f"K{number}.", "concern": f"Schrijven {count}."},
                    headers=headers,
                    timeout=10,
                )
            except requests.RequestException:
                continue  # the worker died under this request: the client does not know, and retries
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])
            elif response.status_code != 502:
                failures.append(f"{response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    kills = 0
    try:
        for _ in range(KILLS):
            time.sleep(0.3)
            workers = _workers(process.pid)
            if workers:
                os.kill(workers[0], signal.SIGKILL)
                kills += 1
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert kills == KILLS
    assert failures == []
    assert len(acknowledged) > 0
    case_ids = set(Case.objects.values_list("pk", flat=True))
    # Every write the server confirmed is there.
    assert set(acknowledged) <= case_ids
    # No partial record: each case has its owner, its first timeline line and its access event.
    owners = set(
        CaseMember.objects.filter(role=CaseMember.Role.OWNER).values_list("case_id", flat=True)
    )
    opened = set(TimelineEntry.objects.filter(kind="case_opened").values_list("case_id", flat=True))
    logged = set(
        AccessEvent.objects.filter(
            action=AccessEvent.Action.CREATE, purpose="case.open"
        ).values_list("case_id", flat=True)
    )
    assert owners == case_ids
    assert opened == case_ids
    assert logged == case_ids
    assert verify_chain() is None
