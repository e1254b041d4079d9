"""The load tool: run from its own process, it keeps ``concurrency`` client processes busy on one URL for a fixed
time, each with a keep-alive session, and prints {"requests": n, "errors": n, "per_second": x} as JSON.

python -m bench.load URL --cookie sessionid=... --seconds 5 --concurrency 4
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


def measure(
    url: str, cookies: dict[str, str], seconds: float, concurrency: int
) -> dict[str, float]:
    start = time.monotonic()
    until = start + seconds
    with Pool(concurrency) as pool:
        results = pool.map(_client, [(url, cookies, until)] * concurrency)
    elapsed = time.monotonic() - start
    done = sum(d for d, _e in results)
    return {"requests": done, "errors": sum(e for _d, e in results), "per_second": done / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--cookie", action="append", default=[])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()
    cookies = dict(pair.split("=", 1) for pair in arguments.cookie)
    print(json.dumps(measure(arguments.url, cookies, arguments.seconds, arguments.concurrency)))


if __name__ == "__main__":
    main()
