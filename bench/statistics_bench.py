"""The statistics dashboard: reads the summary (summary.py), never the cases.

- ``run(target)``: in the main bench database, each table as the dashboard gets it (``selectors.published``:
  the cached protected cube, cut to the view) against the SQL that counts the same view from the summary
  (its cells added up over organisations and regions, unprotected), run directly; and, for information, the same with the cache cleared (summary read plus protection).
- ``compare(small, large)``: the whole dashboard (every table and the durations, for an organisation, the
  country and a region, one year and the three-year block) in two databases of its own, ``small`` and
  ``large`` cases over the same organisations, each in its own process; the ratio large / small is
  ``statistics_1m_vs_10k``: as a page gets it after the worker's rebuild (the cubes are ready), and
  ``statistics_1m_vs_10k_uncached``: with the cache emptied before every dashboard (each cube read from the
  summary and protected again: the worst case, e.g. after the cache was cleared). python -m bench.statistics_bench --cases N measures one of them (JSON on stdout).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

from bench.timing import median_ms

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 7


def _summary_sql(scope, table: str) -> tuple[str, tuple]:  # type: ignore[no-untyped-def,type-arg]
    """The same view counted straight from the summary with SQL: the table's cells for the scope's years and
    area, added up over organisations (and regions), without protection. What a hand-written report on the
    summary would run."""
    from django.db.models import Sum

    from signaalwijzer.statistics.models import StatisticsCount

    rows = StatisticsCount.objects.filter(table=table, year__in=scope.years)
    if not scope.national:
        rows = rows.filter(organisation_id=scope.organisation_id or 0)
    elif scope.area != "national":
        rows = rows.filter(region=scope.area)
    query = (
        rows.values("row", "column").annotate(total=Sum("n")).values_list("row", "column", "total")
    )
    return query.order_by().query.sql_with_params()


def _scopes(organisation_id: int) -> list:  # type: ignore[type-arg]
    from signaalwijzer.statistics.selectors import Scope, block_of

    year = date.today().year
    return [
        Scope("organisation", (year,), organisation_id),
        Scope("organisation", block_of(year), organisation_id),
        Scope("national", (year,), None),
        Scope("national", block_of(year), None),
        Scope("VR13", (year,), None),
    ]


def _busiest_organisation() -> int:
    from django.db.models import Sum

    from signaalwijzer.statistics.models import StatisticsCount

    top = (
        StatisticsCount.objects.filter(table="age_gender")
        .values("organisation_id")
        .annotate(total=Sum("n"))
        .order_by("-total")
        .first()
    )
    return int(top["organisation_id"]) if top else 0


def _rebuild() -> float:
    """What the worker does after a change, here for every organisation-year: rebuild, then warm the cubes."""
    from signaalwijzer.statistics import selectors, summary

    start = time.perf_counter()
    selectors.warm(summary.rebuild_all())
    return time.perf_counter() - start


def run(target: int) -> list[tuple[str, float, float, float, float]]:
    """Per table: (name, dashboard ms, summary SQL ms, ratio, dashboard ms without cache)."""
    from django.core.cache import cache

    from signaalwijzer.statistics import selectors
    from signaalwijzer.statistics.dimensions import TABLES

    _rebuild()
    scope = selectors.Scope("national", (date.today().year,), None)
    results = []
    for name in TABLES:
        sql, params = _summary_sql(scope, name)

        def raw(sql: str = sql, params: tuple = params) -> None:  # type: ignore[type-arg]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        def cold(name: str = name) -> None:
            cache.clear()
            selectors.published(scope, [name])

        cold_ms = median_ms(cold, REPEAT) - median_ms(cache.clear, REPEAT)
        selectors.published(scope, [name])
        dashboard_ms = median_ms(lambda name=name: selectors.published(scope, [name]), REPEAT)
        raw_ms = median_ms(raw, REPEAT)
        ratio = dashboard_ms / raw_ms if raw_ms else 0.0
        results.append((name, dashboard_ms, raw_ms, ratio, cold_ms))
    return results


def dashboard(scopes) -> None:  # type: ignore[no-untyped-def]
    """Everything the statistics page shows, for each scope."""
    from signaalwijzer.statistics import selectors
    from signaalwijzer.statistics.dimensions import TABLES

    for scope in scopes:
        selectors.published(scope, list(TABLES))
        selectors.durations(scope)


def measure(cases: int) -> dict[str, float]:
    """In the current database: make the dataset (if needed) and the summary, then time the dashboard."""
    from django.core.cache import cache
    from django.core.management import call_command

    from bench.data import ensure_statistics_bulk
    from signaalwijzer.cases.models import Case
    from signaalwijzer.statistics.models import StatisticsCount

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    start = time.perf_counter()
    ensure_statistics_bulk(cases)
    generated = time.perf_counter() - start
    rebuilt = _rebuild()
    scopes = _scopes(_busiest_organisation())
    cache.clear()
    dashboard(scopes)  # warm up the connection and the imports

    def cold() -> None:
        cache.clear()
        dashboard(scopes)

    clearing = median_ms(cache.clear, REPEAT)
    cold_ms = median_ms(cold, REPEAT) - clearing
    dashboard(scopes)
    warm_ms = median_ms(lambda: dashboard(scopes), REPEAT)
    return {
        "cases": Case.objects.count(),
        "summary_rows": StatisticsCount.objects.count(),
        "generate_s": round(generated, 1),
        "summary_rebuild_s": round(rebuilt, 1),
        "dashboard_uncached_ms": round(cold_ms, 1),
        "dashboard_ms": round(warm_ms, 1),
    }


def _database_env(cases: int) -> dict[str, str]:
    """A database of its own per dataset: <bench database>_stats_<cases> on PostgreSQL, else a SQLite file."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    url = os.environ.get("DATABASE_URL")
    if not url:
        env["SQLITE_PATH"] = str(ROOT / "var" / f"bench-statistics-{cases}.sqlite3")
        return env
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'signaalwijzer_bench'}_stats_{cases}"
    _create_postgres_database(url, name)
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return env


def _create_postgres_database(url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        exists = admin_connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            admin_connection.execute(f'CREATE DATABASE "{name}"')


def compare(small: int, large: int) -> dict[str, object]:
    """The dashboard at ``small`` and at ``large`` cases, each in its own database and process."""
    runs = {}
    for cases in (small, large):
        print(f"Statistics dataset: {cases:,} cases ...", flush=True)
        output = subprocess.run(
            [sys.executable, "-m", "bench.statistics_bench", "--cases", str(cases)],
            cwd=ROOT,
            env=_database_env(cases),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        runs[cases] = json.loads(output.strip().splitlines()[-1])
    few, many = runs[small], runs[large]
    return {
        "ratio": round(many["dashboard_ms"] / few["dashboard_ms"], 3),
        "ratio_uncached": round(many["dashboard_uncached_ms"] / few["dashboard_uncached_ms"], 3),
        "runs": {str(cases): values for cases, values in runs.items()},
    }


def main() -> int:
    import django

    parser = argparse.ArgumentParser(prog="python -m bench.statistics_bench")
    parser.add_argument("--cases", type=int, required=True)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(measure(arguments.cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
