"""The load tool: run from its own process, it keeps ``concurrency`` client processes busy for a fixed time, each
with a keep-alive session, and prints {"requests": n, "errors": n, "per_second": x} as JSON.

python -m bench.load URL --cookie sessionid=... --seconds 5 --concurrency 4
python -m bench.load --target URL1 sessionid=... --target URL2 sessionid=... --seconds 5

With ``--target`` (repeated) every target gets its own client process, each with its own URL and session: several
users reading at once. ``per_target`` then lists each client's requests per second.
"""

from __future__ import annotations

import argparse
import json
import time
from multiprocessing import Pool

import requests


def _client(job: tuple[str, dict[str, str], float]) -> tuple[int, int]:
    url, cookies, until = job
    done = errors = 0
    with requests.Session() as session:
        session.cookies.update(cookies)
        while time.monotonic() < until:
            response = session.get(url, allow_redirects=False, timeout=30)
            if response.status_code == 200:
                done += 1
            else:
                errors += 1
    return done, errors


def measure_targets(
    targets: list[tuple[str, dict[str, str]]], seconds: float
) -> dict[str, float | list[float]]:
    """One client process per (url, cookies), all at once."""
    start = time.monotonic()
    until = start + seconds
    with Pool(len(targets)) as pool:
        results = pool.map(_client, [(url, cookies, until) for url, cookies in targets])
    elapsed = time.monotonic() - start
    done = sum(d for d, _e in results)
    return {
        "requests": done,
        "errors": sum(e for _d, e in results),
        "per_second": done / elapsed,
        "per_target": [round(d / elapsed, 1) for d, _e in results],
    }


def measure(
    url: str, cookies: dict[str, str], seconds: float, concurrency: int
) -> dict[str, float | list[float]]:
    return measure_targets([(url, cookies)] * concurrency, seconds)


def _cookies(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?")
    parser.add_argument("--cookie", action="append", default=[])
    parser.add_argument("--target", action="append", nargs=2, metavar=("URL", "COOKIE"), default=[])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()
    if arguments.target:
        targets = [(url, _cookies([cookie])) for url, cookie in arguments.target]
        print(json.dumps(measure_targets(targets, arguments.seconds)))
        return
    if not arguments.url:
        parser.error("give a URL or --target")
    cookies = _cookies(arguments.cookie)
    print(json.dumps(measure(arguments.url, cookies, arguments.seconds, arguments.concurrency)))


if __name__ == "__main__":
    main()
