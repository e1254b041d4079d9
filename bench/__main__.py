"""Benchmarks, reported as ratios against a baseline measured in the same run (never as timed tests).

python -m bench [--cases N] [--only-pages | --only-statistics | --only-audit]
    (make bench runs everything; BENCH_CASES=1000000 make bench for a million cases)

On PostgreSQL when DATABASE_URL is set, else on SQLite (SQLITE_PATH). Generates synthetic cases with observations,
assessments and access events (default 100,000), then measures, each against its baseline in the same run:
- case page throughput / a minimal authenticated view, both through gunicorn, load from a second process
  (also with the page cache off: what the first read after a change costs);
- the access log's cost: 1 - case page throughput with auditing / without;
- access events from 8 organisations at once / from one (8 users reading cached case pages concurrently; the
  access log has one chain head, locked until each event's transaction commits);
- each statistics table as the dashboard gets it / the SQL counting the same view from the summary, run directly;
- the whole statistics dashboard with 1,000,000 cases / with 10,000 (two databases of its own, same run;
  BENCH_STATS_SMALL and BENCH_STATS_LARGE change the sizes);
- SQL queries per page at 10 and at 1,000 records (case page) and cases (case list);
- PostgreSQL: verifying one day of new access events with 10,000,000 events in the log / with 100,000 (two
  databases of their own; BENCH_LOG_SMALL, BENCH_LOG_LARGE and BENCH_LOG_DAY change the sizes).
Prints a table and merges the keys it measured into bench/results.json (a --only-pages and an --only-statistics
run together give every key). The method is in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django

TARGETS = {
    "case_page_vs_minimal_view": ">= 0.7",
    "case_page_uncached_vs_minimal_view": ">= 0.5",
    "audit_cost": "<= 0.15",
    "access_events_8_orgs_vs_1": "information: if well below 1 the single chain head serialises",
    "dashboard_vs_raw_sql": "<= 2.0",
    "statistics_1m_vs_10k": "<= 1.5",
    "audit_verify_day_at_10m_vs_100k": "<= 1.5",
}
RESULTS = Path(__file__).with_name("results.json")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "100000")))
    only = parser.add_mutually_exclusive_group()
    only.add_argument(
        "--only-statistics", action="store_true", help="skip the page and access-log measurements"
    )
    only.add_argument(
        "--only-pages",
        action="store_true",
        help="skip the statistics measurements (the page, access-log and query-count keys only)",
    )
    only.add_argument(
        "--only-audit",
        action="store_true",
        help="only the access log's verification at two sizes (PostgreSQL)",
    )
    arguments = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from urllib.parse import urlsplit

        from bench.statistics_bench import _create_postgres_database

        url = os.environ["DATABASE_URL"]  # the bench's own database, made when missing
        _create_postgres_database(url, urlsplit(url).path.lstrip("/"))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    run = {"database": connection.vendor, "cases": arguments.cases}
    parts = _parts(arguments)
    results: dict[str, Any] = {}
    if "pages" in parts or "statistics" in parts:
        print(f"Synthetic data: {arguments.cases:,} cases on {connection.vendor} ...", flush=True)
        from bench import data

        data.ensure_bulk(arguments.cases)
    if "statistics" in parts:
        results |= _statistics(arguments.cases)
    if "pages" in parts:
        results |= _pages()
    if "audit" in parts:
        results |= _audit()
    if "audit" in parts and "audit_verify_day_at_10m_vs_100k" not in results:
        parts.remove("audit")  # not on PostgreSQL: nothing measured
    _write(results, run, parts=parts)
    if "pages" in parts:
        _print_pages(results)
    if "statistics" in parts:
        _print_statistics(results)
    if "audit" in parts:
        _print_audit(results)
    print("\nwritten: bench/results.json")
    return 0


def _parts(arguments: argparse.Namespace) -> list[str]:
    if arguments.only_pages:
        return ["pages"]
    if arguments.only_statistics:
        return ["statistics"]
    if arguments.only_audit:
        return ["audit"]
    return ["pages", "statistics", "audit"]


def _audit() -> dict[str, Any]:
    from django.db import connection

    from bench import audit_bench

    connection.close()
    small = int(os.environ.get("BENCH_LOG_SMALL", "100000"))
    large = int(os.environ.get("BENCH_LOG_LARGE", "10000000"))
    day = int(os.environ.get("BENCH_LOG_DAY", "20000"))
    compared = audit_bench.compare(small, large, day)
    if not compared:
        print("access log verification: PostgreSQL only (set DATABASE_URL), skipped")
        return {}
    return {
        "audit_verify_day_at_10m_vs_100k": compared["ratio"],
        "audit_verify_datasets": compared["runs"],
        "audit_verify_sizes": [small, large, day],
    }


def _print_audit(results: dict[str, Any]) -> None:
    small, large, day = results["audit_verify_sizes"]
    key = "audit_verify_day_at_10m_vs_100k"
    print(f"\n{key:<34} {results[key]:>10}  {TARGETS[key]}")
    print(f"verifying {day:,} new events with {small:,} and {large:,} in the log:")
    for events, run in results["audit_verify_datasets"].items():
        print(f"  {int(events):>10,}: " + ", ".join(f"{k} {v}" for k, v in run.items()))


def _write(results: dict[str, Any], run: dict[str, Any], *, parts: list[str]) -> None:
    """Merge into bench/results.json: keys of a part that was not run keep their earlier values, and
    ``runs`` says for each part on what database, with how many cases and when it was last measured."""
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.pop("database", None)
    merged.pop("cases", None)
    runs = merged.pop("runs", {})
    measured = {**run, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    runs |= dict.fromkeys(parts, measured)
    RESULTS.write_text(json.dumps({"runs": runs, **merged, **results}, indent=2) + "\n")


def _statistics(cases: int) -> dict[str, Any]:
    from django.db import connection

    from bench import statistics_bench

    tables = statistics_bench.run(cases)
    connection.close()  # the statistics datasets run in their own processes
    small = int(os.environ.get("BENCH_STATS_SMALL", "10000"))
    large = int(os.environ.get("BENCH_STATS_LARGE", "1000000"))
    scaling = statistics_bench.compare(small, large)
    return {
        "dashboard_vs_raw_sql": round(max(ratio for _n, _ms, _base, ratio, _cold in tables), 3),
        "statistics_1m_vs_10k": scaling["ratio"],
        "statistics_1m_vs_10k_uncached": scaling["ratio_uncached"],
        "statistics_datasets": scaling["runs"],
        "statistics_sizes": [small, large],
        "statistics_tables_ms": {
            name: {
                "dashboard": round(ms, 1),
                "summary_sql": round(base, 1),
                "uncached": round(cold, 1),
            }
            for name, ms, base, _r, cold in tables
        },
    }


def _pages() -> dict[str, Any]:
    from django.db import connection

    from bench import data, pages

    readers = data.ensure_readers()
    organisation_readers = data.ensure_organisation_readers()
    connection.close()  # gunicorn and the load tool run in their own processes
    rates = pages.throughput(readers)
    rates |= pages.organisations_throughput(organisation_readers)
    queries = pages.queries_per_page(readers)
    return {
        "case_page_vs_minimal_view": round(
            pages.median_ratio(rates["case_page"], rates["minimal_view"]), 3
        ),
        "case_page_uncached_vs_minimal_view": round(
            pages.median_ratio(rates["case_page_uncached"], rates["minimal_view"]), 3
        ),
        "audit_cost": round(
            1 - pages.median_ratio(rates["case_page"], rates["case_page_without_audit"]), 3
        ),
        "access_events_8_orgs_vs_1": round(
            pages.median_ratio(rates["case_page_8_orgs"], rates["case_page_1_org"]), 3
        ),
        "access_events_8_orgs_audit_cost": round(
            1
            - pages.median_ratio(
                rates["case_page_8_orgs"], rates["case_page_8_orgs_without_audit"]
            ),
            3,
        ),
        "access_events_workers": pages.ORGANISATION_WORKERS,
        "queries_per_page": queries,
        "requests_per_second": {
            name: round(statistics.median(values), 1) for name, values in rates.items()
        },
    }


def _print_pages(results: dict[str, Any]) -> None:
    print(f"\n{'measure':<34} {'value':>10}  target")
    for key in (
        "case_page_vs_minimal_view",
        "case_page_uncached_vs_minimal_view",
        "audit_cost",
        "access_events_8_orgs_vs_1",
    ):
        print(f"{key:<34} {results[key]:>10}  {TARGETS[key]}")
    print(
        f"{'  audit cost, 8 organisations':<34} {results['access_events_8_orgs_audit_cost']:>10}"
        f"  (information: {results['access_events_workers']} workers, 8 users at once)"
    )
    for page, (few, many) in results["queries_per_page"].items():
        print(f"{'queries ' + page:<34} {f'{few} / {many}':>10}  equal at 10 / 1,000")
    print(
        "\nrequests per second: "
        + ", ".join(f"{k} {v}" for k, v in results["requests_per_second"].items())
    )


def _print_statistics(results: dict[str, Any]) -> None:
    small, large = results["statistics_sizes"]
    print()
    for key in ("dashboard_vs_raw_sql", "statistics_1m_vs_10k"):
        print(f"{key:<34} {results[key]:>10}  {TARGETS[key]}")
    print(
        f"{'  the same, cache emptied':<34} {results['statistics_1m_vs_10k_uncached']:>10}"
        "  (information: every cube read and protected again)"
    )
    print(
        f"\n{'statistics table':<16} {'dashboard ms':>13} {'summary SQL ms':>15} {'ratio':>7} {'uncached ms':>12}"
    )
    for name, ms in results["statistics_tables_ms"].items():
        ratio = ms["dashboard"] / ms["summary_sql"] if ms["summary_sql"] else float("inf")
        print(
            f"{name:<16} {ms['dashboard']:>13.1f} {ms['summary_sql']:>15.1f} {ratio:>7.2f} {ms['uncached']:>12.1f}"
        )
    print(f"\nstatistics dashboard, {small:,} and {large:,} cases:")
    for cases, run in results["statistics_datasets"].items():
        print(f"  {int(cases):>10,}: " + ", ".join(f"{k} {v}" for k, v in run.items()))


if __name__ == "__main__":
    sys.exit(main())
