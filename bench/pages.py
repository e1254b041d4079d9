"""Page throughput through gunicorn, measured by the load tool from a second process; and queries per page."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.reliability.processes import serve

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = 4
REPEAT = 3


@contextmanager
def gunicorn(*, audit: bool) -> Iterator[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_AUDIT": "on" if audit else "off",
    }
    with serve(env, workers=2) as (_process, url):
        yield url


def _throughput(url: str, session: str) -> float:
    """Requests per second from the load tool, a separate process; the median of REPEAT runs."""
    runs = []
    for _ in range(REPEAT):
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.load",
                url,
                "--cookie",
                f"sessionid={session}",
                "--seconds",
                str(SECONDS),
                "--concurrency",
                str(CONCURRENCY),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output)
        if result["errors"] or not result["requests"]:
            raise RuntimeError(f"{url}: {result['errors']} answers were not 200")
        runs.append(result["per_second"])
    return statistics.median(runs)


def _session(user) -> str:  # type: ignore[no-untyped-def]
    from django.test import Client

    from tests.factories import sign_in

    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


def throughput(readers) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    session = _session(readers.few)
    case_page = reverse("cases:detail", args=[readers.small_case])
    with gunicorn(audit=True) as url:
        _throughput(f"{url}{case_page}", session)  # warm-up: caches, connections, imports
        minimal = _throughput(f"{url}/bench/minimal/", session)
        audited = _throughput(f"{url}{case_page}", session)
    with gunicorn(audit=False) as url:
        _throughput(f"{url}{case_page}", session)
        unaudited = _throughput(f"{url}{case_page}", session)
    return {"minimal_view": minimal, "case_page": audited, "case_page_without_audit": unaudited}


def queries_per_page(readers) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import sign_in

    def count(user, url: str) -> int:  # type: ignore[no-untyped-def]
        client = Client()
        sign_in(client, user)
        client.get(url)  # the first request fills per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return len(queries)

    return {
        "case_page": [
            count(readers.few, reverse("cases:detail", args=[readers.small_case])),
            count(readers.few, reverse("cases:detail", args=[readers.large_case])),
        ],
        "case_list": [
            count(readers.few, reverse("cases:dashboard")),
            count(readers.many, reverse("cases:dashboard")),
        ],
    }
