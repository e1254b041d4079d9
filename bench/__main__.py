"""Benchmarks, reported as ratios against a baseline measured in the same run (never as timed tests).

python -m bench   (make bench)  - uses DATABASE_URL; make bench points it at a separate PostgreSQL database.

statistics: each dashboard table (ORM query + Python + disclosure control) against its own SQL run directly
on the same data. Target: within 2x. BENCH_CASES sets the number of synthetic cases (default 1,000,000).
"""

from __future__ import annotations

import os
import statistics as stats
import sys
import time

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.settings")
    django.setup()
    from django.core.management import call_command

    from bench import statistics_bench

    call_command("migrate", verbosity=0)
    results = statistics_bench.run(int(os.environ.get("BENCH_CASES", "1000000")))
    worst = max(ratio for _name, _ms, _base, ratio in results)
    print(f"\n{'table':<14} {'dashboard ms':>13} {'raw SQL ms':>11} {'ratio':>7}")
    for name, ms, base, ratio in results:
        print(f"{name:<14} {ms:>13.1f} {base:>11.1f} {ratio:>7.2f}")
    print(f"\nworst ratio {worst:.2f} (target <= 2.0)")
    return 0


def median_ms(function, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return stats.median(timings)


if __name__ == "__main__":
    sys.exit(main())
