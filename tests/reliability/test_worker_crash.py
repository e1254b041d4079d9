"""Crash safety: kill -9 of a gunicorn worker in the middle of writes, repeatedly (PostgreSQL only).

Afterwards there is no partial record (a case without its owner, its first timeline line or its access event), every
write the server acknowledged is there, and the access-log chain verifies.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases.models import Case, CaseMember, TimelineEntry

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="crash safety is tested on PostgreSQL"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
KILLS = 10
WRITERS = 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def _workers(master: int) -> list[int]:
    result = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in result.stdout.split()]


@pytest.fixture
def gunicorn(transactional_db):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "signaalwijzer.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/health/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_killing_workers_mid_write_leaves_no_partial_record(gunicorn, professional):
    process, url = gunicorn
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
