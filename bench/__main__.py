"""Benchmarks, reported as ratios against a baseline measured in the same run (never as timed tests).

python -m bench [--cases N] [--only-statistics]   (make bench; BENCH_CASES=1000000 make bench for a million cases)

On PostgreSQL when DATABASE_URL is set, else on SQLite (SQLITE_PATH). Generates synthetic cases with observations,
assessments and access events (default 100,000), then measures, each against its baseline in the same run:
- case page throughput / a minimal authenticated view, both through gunicorn, load from a second process
  (also with the page cache off: what the first read after a change costs);
- the access log's cost: 1 - case page throughput with auditing / without;
- each statistics table as the dashboard gets it / the SQL counting the same view from the summary, run directly;
- the whole statistics dashboard with 1,000,000 cases / with 10,000 (two databases of its own, same run;
  BENCH_STATS_SMALL and BENCH_STATS_LARGE change the sizes);
- SQL queries per page at 10 and at 1,000 records (case page) and cases (case list).
Prints a table and writes bench/results.json. The method is in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

import django

TARGETS = {
    "case_page_vs_minimal_view": ">= 0.5",
    "audit_cost": "<= 0.15",
    "dashboard_vs_raw_sql": "<= 2.0",
    "statistics_1m_vs_10k": "<= 1.5",
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "100000")))
    parser.add_argument(
        "--only-statistics", action="store_true", help="skip the page and access-log measurements"
    )
    arguments = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import data, pages, statistics_bench

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"Synthetic data: {arguments.cases:,} cases on {connection.vendor} ...", flush=True)
    data.ensure_bulk(arguments.cases)
    tables = statistics_bench.run(arguments.cases)
    connection.close()  # gunicorn, the load tool and the statistics datasets run in their own processes
    small = int(os.environ.get("BENCH_STATS_SMALL", "10000"))
    large = int(os.environ.get("BENCH_STATS_LARGE", "1000000"))
    scaling = statistics_bench.compare(small, large)
    statistics_results = {
        "dashboard_vs_raw_sql": round(max(ratio for _n, _ms, _base, ratio, _cold in tables), 3),
        "statistics_1m_vs_10k": scaling["ratio"],
        "statistics_1m_vs_10k_uncached": scaling["ratio_uncached"],
        "statistics_datasets": scaling["runs"],
        "statistics_tables_ms": {
            name: {
                "dashboard": round(ms, 1),
                "summary_sql": round(base, 1),
                "uncached": round(cold, 1),
            }
            for name, ms, base, _r, cold in tables
        },
    }
    if arguments.only_statistics:
        results = {"database": connection.vendor, "cases": arguments.cases, **statistics_results}
        Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")
        _print_statistics(results, tables, small, large)
        return 0
    readers = data.ensure_readers()
    connection.close()
    rates = pages.throughput(readers)
    queries = pages.queries_per_page(readers)

    results = {
        "database": connection.vendor,
        "cases": arguments.cases,
        "case_page_vs_minimal_view": round(
            pages.median_ratio(rates["case_page"], rates["minimal_view"]), 3
        ),
        "case_page_uncached_vs_minimal_view": round(
            pages.median_ratio(rates["case_page_uncached"], rates["minimal_view"]), 3
        ),
        "audit_cost": round(
            1 - pages.median_ratio(rates["case_page"], rates["case_page_without_audit"]), 3
        ),
        **statistics_results,
        "queries_per_page": queries,
        "requests_per_second": {
            name: round(statistics.median(values), 1) for name, values in rates.items()
        },
    }
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")

    print(f"\n{'measure':<28} {'value':>10}  target")
    for key, target in list(TARGETS.items())[:3]:
        print(f"{key:<28} {results[key]:>10}  {target}")
    print(
        f"{'case page, not cached':<28} {results['case_page_uncached_vs_minimal_view']:>10}"
        "  (information: the first read after a change)"
    )
    for page, (few, many) in queries.items():
        print(f"{'queries ' + page:<28} {f'{few} / {many}':>10}  equal at 10 / 1,000")
    print(
        "\nrequests per second: "
        + ", ".join(f"{k} {v}" for k, v in results["requests_per_second"].items())
    )
    _print_statistics(results, tables, small, large)
    return 0


def _print_statistics(results: dict, tables: list, small: int, large: int) -> None:  # type: ignore[type-arg]
    for key in ("dashboard_vs_raw_sql", "statistics_1m_vs_10k"):
        print(f"{key:<28} {results[key]:>10}  {TARGETS[key]}")
    print(
        f"{'  the same, cache emptied':<28} {results['statistics_1m_vs_10k_uncached']:>10}"
        "  (information: every cube read and protected again)"
    )
    print(
        f"\n{'statistics table':<16} {'dashboard ms':>13} {'summary SQL ms':>15} {'ratio':>7} {'uncached ms':>12}"
    )
    for name, ms, base, ratio, cold in tables:
        print(f"{name:<16} {ms:>13.1f} {base:>15.1f} {ratio:>7.2f} {cold:>12.1f}")
    print(f"\nstatistics dashboard, {small:,} and {large:,} cases:")
    for cases, run in results["statistics_datasets"].items():
        print(f"  {int(cases):>10,}: " + ", ".join(f"{k} {v}" for k, v in run.items()))
    print("\nwritten: bench/results.json")


if __name__ == "__main__":
    sys.exit(main())
