"""Start real app processes (gunicorn, the task worker) against the test database, and stop them again."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database (the one pytest-django made), as the processes' DATABASE_URL."""
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def _environment() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false", "LOG_LEVEL": "WARNING"}


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def serve(env: dict[str, str], workers: int = 2) -> Iterator[tuple[subprocess.Popen, str]]:
    """gunicorn with ``workers`` workers and environment ``env``, ready; yields the master process and its URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "signaalwijzer.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "1", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{url}/health/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield process, url
    finally:
        _stop(process)


@contextmanager
def gunicorn(workers: int = 2) -> Iterator[tuple[subprocess.Popen, str]]:
    """The app under gunicorn against the test database."""
    with serve(_environment(), workers) as started:
        yield started


@contextmanager
def task_worker() -> Iterator[subprocess.Popen]:
    """``manage.py db_worker``, the background task worker, as its own process."""
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        _stop(process)
