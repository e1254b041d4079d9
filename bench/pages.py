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
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CONCURRENCY = 4
# One per core of the 2-core machine the results in docs/performance.md come from.
WORKERS = 2
REPEAT = 10
# access_events_8_orgs_vs_1: one client per user, and as many workers, so that as many transactions as users can
# wait on the access log's chain head at once.
ORGANISATION_WORKERS = int(os.environ.get("BENCH_ORG_WORKERS", "8"))


@contextmanager
def gunicorn(*, audit: bool, page_cache: bool = True, workers: int = WORKERS) -> Iterator[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_AUDIT": "on" if audit else "off",
    }
    if not page_cache:
        env["CASE_PAGE_CACHE_SECONDS"] = "0"
    with serve(env, workers=workers) as (_process, url):
        yield url


def _load(arguments: list[str], what: str) -> float:
    """Requests per second from one run of the load tool, a separate process."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.load", *arguments, "--seconds", str(SECONDS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(output)
    if result["errors"] or not result["requests"]:
        raise RuntimeError(f"{what}: {result['errors']} answers were not 200")
    return float(result["per_second"])


def _rate(url: str, session: str) -> float:
    arguments = [url, "--cookie", f"sessionid={session}", "--concurrency", str(CONCURRENCY)]
    return _load(arguments, url)


def _rate_of_many(targets: list[tuple[str, str]]) -> float:
    """All (url, session) pairs at once, one client each: the total requests per second."""
    arguments = [
        part for url, session in targets for part in ("--target", url, f"sessionid={session}")
    ]
    return _load(arguments, ", ".join(url for url, _session in targets))


def _session(user) -> str:  # type: ignore[no-untyped-def]
    from django.test import Client

    from tests.factories import sign_in

    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


def throughput(readers) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Requests per second of each target in each of REPEAT rounds.

    All servers run at once and each round measures every target in turn, so a drift of the machine
    (another process, the database's autovacuum) touches every target alike; ratios are taken per round.
    """
    from django.urls import reverse

    session = _session(readers.few)
    case_page = reverse("cases:detail", args=[readers.small_case])
    with (
        gunicorn(audit=True) as audited,
        gunicorn(audit=False) as unaudited,
        gunicorn(audit=True, page_cache=False) as uncached,
    ):
        targets = {
            "minimal_view": f"{audited}/bench/minimal/",
            "case_page": f"{audited}{case_page}",
            "case_page_without_audit": f"{unaudited}{case_page}",
            # Every request builds the page, as the first read after a change does.
            "case_page_uncached": f"{uncached}{case_page}",
        }
        for url in targets.values():
            _rate(url, session)  # warm-up: caches, connections, imports
        rates: dict[str, list[float]] = {name: [] for name in targets}
        for _round in range(REPEAT):
            for name, url in targets.items():
                rates[name].append(_rate(url, session))
    return rates


def organisations_throughput(readers) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Cached case pages read by 8 users at once, each their own case: in 8 organisations and in one.

    The page comes from the page cache, so the request's work is mostly the access check, the session save
    and the READ access event written with it, which locks the access log's chain head until the commit. The
    same rounds measure the 8 organisations with the access log off, to see what the events cost at this
    concurrency at all.
    """
    from django.urls import reverse

    def pairs(server: str, users: list[tuple[object, int]]) -> list[tuple[str, str]]:
        return [
            (f"{server}{reverse('cases:detail', args=[case])}", sessions[user])
            for user, case in users
        ]

    sessions = {user: _session(user) for user, _case in [*readers.spread, *readers.together]}
    with (
        gunicorn(audit=True, workers=ORGANISATION_WORKERS) as audited,
        gunicorn(audit=False, workers=ORGANISATION_WORKERS) as unaudited,
    ):
        targets = {
            "case_page_8_orgs": pairs(audited, readers.spread),
            "case_page_1_org": pairs(audited, readers.together),
            "case_page_8_orgs_without_audit": pairs(unaudited, readers.spread),
        }
        for many in targets.values():
            _rate_of_many(
                many
            )  # warm-up: every worker's caches, connections, every user's page cached
        rates: dict[str, list[float]] = {name: [] for name in targets}
        for _round in range(REPEAT):
            for name, many in targets.items():
                rates[name].append(_rate_of_many(many))
    return rates


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of the per-round ratios: targets measured in the same round share its drift."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def queries_per_page(readers) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Queries of one request, after a warm-up request; the case page built, and served from its cache."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import sign_in

    def count(user, url: str, *, cached: bool = False) -> int:  # type: ignore[no-untyped-def]
        client = Client()
        sign_in(client, user)
        client.get(url)  # the first request fills per-process caches
        if not cached:
            caches["case_pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return len(queries)

    small = reverse("cases:detail", args=[readers.small_case])
    large = reverse("cases:detail", args=[readers.large_case])
    return {
        "case_page": [count(readers.few, small), count(readers.few, large)],
        "case_page_from_cache": [
            count(readers.few, small, cached=True),
            count(readers.few, large, cached=True),
        ],
        "case_list": [
            count(readers.few, reverse("cases:dashboard")),
            count(readers.many, reverse("cases:dashboard")),
        ],
    }
