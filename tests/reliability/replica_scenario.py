"""Run by tests/reliability/test_replica.py as its own process, with DATABASE_URL = the harness primary and
DATABASE_REPLICA_URL = its streaming replica. Serves pages through Django's test client, records which connection
ran which query, stops and starts the replica, pauses its replay; prints what it saw as JSON on the last line.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.settings")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from signaalwijzer import replica  # noqa: E402
from signaalwijzer.accounts.roles import Role  # noqa: E402
from tests.factories import OrganisationFactory, enrol_totp, make_user, sign_in  # noqa: E402
from tests.reliability.clusters import Pair  # noqa: E402

control = json.loads(os.environ["REPLICA_PAIR"])
pair = Pair(
    Path(control["base"]),
    Path(control["bin"]),
    control["prefix"],
    control["primary_port"],
    control["replica_port"],
)


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


warnings = Warnings()
logging.getLogger("signaalwijzer.replica").addHandler(warnings)


@contextmanager
def recorded() -> Iterator[dict[str, list[str]]]:
    """The SQL each alias ran successfully meanwhile (execute_wrapper: it does not open a connection itself)."""
    seen: dict[str, list[str]] = {"default": [], "replica": []}

    def recorder(alias: str) -> Callable[..., Any]:
        def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
            result = execute(sql, *args)
            seen[alias].append(sql)
            return result

        return wrapper

    with ExitStack() as stack:
        for alias in seen:
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield seen


def page(client: Client, url: str) -> dict[str, Any]:
    before = len(warnings.messages)
    with recorded() as seen:
        response = client.get(url)
    return {
        "status": response.status_code,
        # The health check itself is not a read of the page.
        "replica": [sql for sql in seen["replica"] if "pg_is_in_recovery" not in sql],
        "default": seen["default"],
        "warnings": warnings.messages[before:],
    }


@contextmanager
def writes_on_the_primary() -> Iterator[None]:
    """A steady stream of commits on the primary while the pages are served."""
    stop = threading.Event()

    def write() -> None:
        with pair.connect(pair.primary_port) as primary:
            while not stop.is_set():
                primary.execute("INSERT INTO replica_load (at) VALUES (now())")
                time.sleep(0.01)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def main() -> dict[str, Any]:
    organisation = OrganisationFactory(name="Replica-organisatie")
    officer = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    manager = make_user("log@example.org", organisation=organisation, roles=(Role.LOG_MANAGER,))
    for user in (officer, manager):
        enrol_totp(user)
    with pair.connect(pair.primary_port) as primary:
        primary.execute("CREATE TABLE replica_load (at timestamptz)")
    officers, managers = Client(), Client()
    sign_in(officers, officer)
    sign_in(managers, manager)
    pair.wait_until_replayed()
    dashboard = reverse("statistics:dashboard")
    search = reverse("audit:search") + "?action=log_view"
    result: dict[str, Any] = {}

    replica.forget_health()
    with writes_on_the_primary():
        result["dashboard"] = page(officers, dashboard)
        result["download"] = page(officers, reverse("statistics:download", args=["lvb.csv"]))
        result["search"] = page(managers, search)

    pair.stop(pair.replica_dir)
    result["down_at_once"] = page(officers, dashboard)  # health still cached as good: the retry
    result["down_search"] = page(managers, search)
    replica.forget_health()
    result["down_checked"] = page(officers, dashboard)  # the check itself finds it down

    pair.start(pair.replica_dir)
    pair.wait_until_replayed()
    replica.forget_health()
    result["back"] = page(officers, dashboard)

    with pair.connect(pair.replica_port) as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        with pair.connect(pair.primary_port) as primary:
            primary.execute("INSERT INTO replica_load (at) VALUES (now())")
        time.sleep(replica.max_lag_seconds() + 1.5)
        replica.forget_health()
        result["lagging"] = page(officers, dashboard)
        standby.execute("SELECT pg_wal_replay_resume()")
    pair.wait_until_replayed()
    replica.forget_health()
    result["caught_up"] = page(officers, dashboard)
    result["primary_port"] = connections["default"].settings_dict["PORT"]
    result["replica_port"] = connections["replica"].settings_dict["PORT"]
    return result


if __name__ == "__main__":
    print(json.dumps(main()))
