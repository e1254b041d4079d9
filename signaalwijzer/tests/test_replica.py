"""The replica router's rules (decision 47), on any database: a second alias on the test database stands for the
replica (a physical copy reads the same rows); a broken alias stands for a replica that is down.

tests/reliability/test_replica.py runs the same code against a real streaming replica on PostgreSQL."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from signaalwijzer import replica
from signaalwijzer.accounts.models import User
from signaalwijzer.replica import REPLICA, ReplicaRouter, replica_reads

router = ReplicaRouter()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _broken(settings_dict: dict) -> dict:
    """The same alias, pointing where no database answers."""
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        return {**settings_dict, "NAME": "/nonexistent-directory/replica.sqlite3"}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": str(_closed_port())}


def _break_alias() -> None:
    """The replica goes down (the process's health result is kept)."""
    connections[REPLICA].close()
    del connections[REPLICA]
    connections.settings[REPLICA] = _broken(connections.settings[REPLICA])


def _drop_alias() -> None:
    if REPLICA in connections.settings:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
    replica.forget_health()


def _add_alias(broken: bool = False) -> None:
    """A second alias on the test database (a mirror of default for the test machinery)."""
    _drop_alias()
    settings_dict = dict(connections.settings[DEFAULT_DB_ALIAS])
    settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA] = _broken(settings_dict) if broken else settings_dict


@pytest.fixture(scope="module", autouse=True)
def _replica_alias_for_the_module() -> Iterator[None]:
    """Module scope: the alias must exist before pytest-django checks the databases of the mark."""
    _add_alias()
    yield
    _drop_alias()


@pytest.fixture(autouse=True)
def _fresh_alias() -> Iterator[None]:
    _add_alias()
    yield
    _add_alias()


# Not inside a test transaction: a transaction open on the primary would send every read there.
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


def test_without_a_replica_alias_reads_go_to_the_primary():
    _drop_alias()
    with replica._context(True):
        assert router.db_for_read(User) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_only_inside_the_context():
    assert router.db_for_read(User) == DEFAULT_DB_ALIAS

    @replica_reads
    def page() -> str:
        return router.db_for_read(User)

    assert page() == REPLICA
    assert router.db_for_read(User) == DEFAULT_DB_ALIAS


def test_reads_in_a_write_transaction_go_to_the_primary():
    with replica._context(True):
        assert router.db_for_read(User) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(User) == DEFAULT_DB_ALIAS
        assert router.db_for_read(User) == REPLICA


def test_the_database_cache_stays_on_the_primary():
    cache_model = caches["default"].cache_model_class  # type: ignore[attr-defined]
    with replica._context(True):
        assert router.db_for_read(User) == REPLICA
        assert router.db_for_read(cache_model) == DEFAULT_DB_ALIAS
        assert router.db_for_write(cache_model) == DEFAULT_DB_ALIAS


def test_writes_and_migrations_go_to_the_primary_only():
    with replica._context(True):
        assert router.db_for_write(User) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "accounts")
    assert not router.allow_migrate(REPLICA, "accounts")


def test_a_replica_that_is_down_sends_reads_to_the_primary_with_a_warning(professional, caplog):
    _add_alias(broken=True)
    with caplog.at_level(logging.WARNING, logger="signaalwijzer.replica"):

        @replica_reads
        def page() -> tuple[str, int]:
            return router.db_for_read(User), User.objects.count()

        assert page() == (DEFAULT_DB_ALIAS, User.objects.count())
    (warning,) = caplog.records
    assert "replica unavailable" in warning.getMessage()
    assert professional.email not in caplog.text


def test_the_health_result_is_kept_for_a_few_seconds():
    with replica._context(True):
        assert router.db_for_read(User) == REPLICA
        _break_alias()
        assert router.db_for_read(User) == REPLICA  # the result is kept: no new check yet
        replica.forget_health()
        assert router.db_for_read(User) == DEFAULT_DB_ALIAS


def test_a_replica_failing_during_a_view_runs_the_view_again_on_the_primary(professional, caplog):
    assert replica.healthy()  # the check passed; then the replica goes down within CHECK_SECONDS
    _break_alias()
    used: list[str] = []

    @replica_reads
    def page() -> int:
        used.append(router.db_for_read(User))
        return User.objects.filter(pk=professional.pk).count()

    with caplog.at_level(logging.WARNING, logger="signaalwijzer.replica"):
        assert page() == 1
    assert used == [REPLICA, DEFAULT_DB_ALIAS]
    assert "replica failed during a request" in caplog.text


def test_an_error_on_the_primary_is_not_retried():
    calls: list[int] = []

    @replica_reads
    def page() -> None:
        calls.append(1)
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        page()
    assert calls == [1]


@pytest.mark.parametrize(
    ("lag", "fresh"), [(None, False), (0.0, True), (29.9, True), (30.0, True), (30.1, False)]
)
def test_a_replica_is_fresh_enough_only_with_a_known_lag_within_the_limit(lag, fresh):
    assert replica.fresh_enough(lag, 30) is fresh
