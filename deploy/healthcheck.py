#!/usr/bin/env python3
"""Container health check: GET a health path of the local web process; exit 0 on a 2xx answer, else 1.

    python deploy/healthcheck.py /health/live     (the Dockerfile's HEALTHCHECK)
    python deploy/healthcheck.py /health/ready    (compose.yaml's web service)

Only the standard library, so it starts fast every 30 seconds. It sends the first name of ALLOWED_HOSTS as the
Host header (production refuses unknown hosts) and follows no redirect. Health paths are exempt from the HTTPS
redirect (settings.SECURE_REDIRECT_EXEMPT), so plain HTTP inside the container is enough.
"""

from __future__ import annotations

import http.client
import os
import sys
from pathlib import Path


def setting(name: str) -> str | None:
    """Like signaalwijzer.env.get: the variable, or the content of the file NAME_FILE names."""
    value = os.environ.get(name)
    if value is not None:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return None


def host_header(allowed_hosts: str | None) -> str:
    """The first usable name in ALLOWED_HOSTS ('.example.nl' means example.nl and its subdomains)."""
    for entry in (allowed_hosts or "").split(","):
        name = entry.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def check(path: str, port: int, host: str, timeout: float = 5.0) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host, "User-Agent": "healthcheck"})
        return 200 <= connection.getresponse().status < 300
    except OSError:
        return False
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/health/live"
    port = int(os.environ.get("PORT") or 8000)
    return 0 if check(path, port, host_header(setting("ALLOWED_HOSTS"))) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
