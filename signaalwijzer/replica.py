"""Reads that may go to a streaming replica (``DATABASE_REPLICA_URL``, decision 47).

A view that only reads and may show data a few seconds old (the statistics pages, the log manager's search)
wraps itself in :func:`replica_reads`. Inside it, :class:`ReplicaRouter` sends reads to the ``replica`` alias when
that alias is configured, the replica is healthy (reachable and at most ``DATABASE_REPLICA_MAX_LAG_SECONDS``
behind) and no transaction is open on the primary. Everything else goes to the primary: every write, every read in
a write transaction, every read outside the context, and the database cache (a cache write and the next read must
see the same table). When the replica fails in the middle of a view, the view runs once more on the primary: a page
never fails because the replica is down. Warnings name the alias and the cause, never a person or a query.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

REPLICA = "replica"
# How long a health result holds in one process: the check is one query, not one per read.
CHECK_SECONDS = 5.0

logger = logging.getLogger(__name__)

_reading: ContextVar[bool] = ContextVar("replica_reads", default=False)
# Set by the router when it sent a read to the replica inside the current context.
_used: ContextVar[bool] = ContextVar("replica_used", default=False)

# The replica's lag in seconds as the replica sees it: 0 when it has replayed all it received (an idle primary sends
# nothing, so the last replay time alone would grow without end) or when it is not a standby at all; NULL when
# unknown (nothing replayed since the start while WAL waits).
LAG_QUERY = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


class _Health:
    """The last health result of this process and when it was taken."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at: float | None = None
        self.healthy = False


_health = _Health()


def configured() -> bool:
    return REPLICA in connections.settings


def max_lag_seconds() -> float:
    return float(getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", 30))


def fresh_enough(lag_seconds: float | None, max_lag: float) -> bool:
    """Pure: a replica whose lag is unknown (None) or above the limit is not read from."""
    return lag_seconds is not None and lag_seconds <= max_lag


def measure_lag(alias: str = REPLICA) -> float | None:
    """The lag of the database behind ``alias`` in seconds (0 for a database that is not a standby)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return 0.0
        cursor.execute(LAG_QUERY)
        (lag,) = cursor.fetchone()
    return None if lag is None else float(lag)


def _check() -> bool:
    try:
        lag = measure_lag()
    except DatabaseError as error:
        connections[REPLICA].close()
        logger.warning("replica unavailable (%s), reading from the primary", type(error).__name__)
        return False
    if not fresh_enough(lag, max_lag_seconds()):
        logger.warning(
            "replica lags behind (%s s, at most %s s), reading from the primary",
            "unknown" if lag is None else round(lag, 1),
            max_lag_seconds(),
        )
        return False
    return True


def healthy() -> bool:
    """Is the replica reachable and fresh enough? Checked at most once per CHECK_SECONDS per process."""
    with _health.lock:
        now = time.monotonic()
        if _health.checked_at is None or now - _health.checked_at >= CHECK_SECONDS:
            _health.healthy = _check()
            _health.checked_at = time.monotonic()
        return _health.healthy


def mark_unhealthy() -> None:
    with _health.lock:
        _health.healthy = False
        _health.checked_at = time.monotonic()


def forget_health() -> None:
    """Check again at the next read (tests, and after an operator fixed the replica)."""
    with _health.lock:
        _health.checked_at = None


def _in_write_transaction() -> bool:
    return transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block


def _is_cache(model: type[Any]) -> bool:
    # DatabaseCache routes its entries as a model of the app label "django_cache".
    return model._meta.app_label == "django_cache"


def read_alias(model: type[Any]) -> str:
    """Where a read of ``model`` goes now."""
    if not _reading.get() or _is_cache(model) or not configured() or _in_write_transaction():
        return DEFAULT_DB_ALIAS
    if not healthy():
        return DEFAULT_DB_ALIAS
    _used.set(True)
    return REPLICA


class ReplicaRouter:
    """DATABASE_ROUTERS: reads to the replica only inside :func:`replica_reads`; writes and migrations never."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_alias(model)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a physical copy of the primary: objects from either are the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextmanager
def _context(enabled: bool) -> Iterator[None]:
    reading = _reading.set(enabled)
    used = _used.set(False)
    try:
        yield
    finally:
        _used.reset(used)
        _reading.reset(reading)


P = ParamSpec("P")
R = TypeVar("R")


def _replica_failed() -> bool:
    return _used.get() and configured() and connections[REPLICA].errors_occurred


def replica_reads(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` (a view) with its reads on the replica where allowed; on a replica failure, once more on
    the primary. Only for views whose writes may happen twice without harm (an extra access event for reading the
    log is harmless: the log then says it was read twice)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not configured():
            return function(*args, **kwargs)
        with _context(True):
            try:
                return function(*args, **kwargs)
            except DatabaseError as error:
                if not _replica_failed():
                    raise
                connections[REPLICA].close()
                mark_unhealthy()
                logger.warning(
                    "replica failed during a request (%s), reading from the primary",
                    type(error).__name__,
                )
        with _context(False):
            return function(*args, **kwargs)

    return wrapper
