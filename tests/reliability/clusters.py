"""A small PostgreSQL primary and a streaming replica of it, in a temporary directory, for one test.

Our own clusters on free ports: the machine's PostgreSQL (port 5432) and its pg_hba are not touched. initdb refuses
to run as root, so as root every server command runs as the ``postgres`` OS user.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.reliability.processes import free_port


def bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def as_postgres() -> list[str] | None:
    """The prefix that runs a command as the postgres OS user, or None when this process cannot."""
    if getpass.getuser() == "postgres":
        return []
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    return None


def available() -> bool:
    return bin_dir() is not None and as_postgres() is not None


@dataclass
class Pair:
    base: Path
    bin: Path
    prefix: list[str]
    primary_port: int
    replica_port: int

    @property
    def primary_dir(self) -> Path:
        return self.base / "primary"

    @property
    def replica_dir(self) -> Path:
        return self.base / "replica"

    def url(self, port: int, database: str = "signaalwijzer") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def run(self, *command: str) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin / command[0]), *command[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.base,
        )

    def start(self, data: Path) -> None:
        self.run("pg_ctl", "start", "-w", "-t", "60", "-D", str(data), "-l", str(data) + ".log")

    def stop(self, data: Path) -> None:
        self.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(data))

    def connect(self, port: int, database: str = "signaalwijzer") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname=database, autocommit=True
        )

    def wait_until_replayed(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary wrote so far."""
        with self.connect(self.primary_port, "postgres") as primary:
            (target,) = primary.execute("SELECT pg_current_wal_lsn()").fetchone()  # type: ignore[misc]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with self.connect(self.replica_port, "postgres") as standby:
                    row = standby.execute(
                        "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target]
                    ).fetchone()
                if row and row[0]:
                    return
            except psycopg.OperationalError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the replica did not catch up")


def _settings(port: int, base: Path) -> str:
    return "\n".join(
        [
            "listen_addresses = '127.0.0.1'",
            f"port = {port}",
            f"unix_socket_directories = '{base}'",
            "wal_level = replica",
            "max_wal_senders = 5",
            "hot_standby = on",
            "max_connections = 40",
            "shared_buffers = 32MB",
            "fsync = off",  # a throw-away cluster: speed over durability
            "",
        ]
    )


@contextmanager
def streaming_pair() -> Iterator[Pair]:
    """A started primary (wal_level=replica, trust on 127.0.0.1) and a started hot standby of it."""
    directory = bin_dir()
    prefix = as_postgres()
    assert directory is not None and prefix is not None
    base = Path(tempfile.mkdtemp(prefix="signaalwijzer-replica-"))
    if prefix:
        shutil.chown(base, "postgres", "postgres")
    pair = Pair(base, directory, prefix, free_port(), free_port())
    started: list[Path] = []
    try:
        pair.run(
            "initdb", "-D", str(pair.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        with (pair.primary_dir / "postgresql.conf").open("a") as conf:
            conf.write(_settings(pair.primary_port, base))
        pair.start(pair.primary_dir)
        started.append(pair.primary_dir)
        pair.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres",
            "-D", str(pair.replica_dir), "-R", "-X", "stream",
        )  # fmt: skip
        with (pair.replica_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {pair.replica_port}\n")
        pair.start(pair.replica_dir)
        started.append(pair.replica_dir)
        with pair.connect(pair.primary_port, "postgres") as primary:
            primary.execute("CREATE DATABASE signaalwijzer")
        pair.wait_until_replayed()
        yield pair
    finally:
        for data in reversed(started):
            subprocess.run(
                [*prefix, str(directory / "pg_ctl"), "stop", "-m", "immediate", "-D", str(data)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)
