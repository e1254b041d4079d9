"""Production refuses to start half-configured, and passes Django's deployment checks."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from signaalwijzer import env

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "k8#Qz!v2Lr$Xw9^Tn4&Pm7*Jb1@Hs6(Fd3)Gc5_Ya0+Ue8=Wi2-Oq"


def _manage(args, extra_env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never has it.
    inherited = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS"}
    inherited |= {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **extra_env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(tmp_path):
    return {
        "SIGNAALWIJZER_ENV": "production",
        "SECRET_KEY": STRONG_SECRET,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "signaalwijzer.example.org",
        "SQLITE_PATH": str(tmp_path / "prod.sqlite3"),
        # Signs the access log's checkpoints; without it `check --deploy` warns (audit.W002).
        "AUDIT_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
    }


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    environment = _production_env(tmp_path)
    del environment[missing]
    result = _manage(["check"], environment)
    assert result.returncode != 0
    assert missing in result.stderr
    # The message names what is missing, never a value.
    assert STRONG_SECRET not in result.stderr


def test_production_passes_the_deployment_checks(tmp_path):
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_secret_can_come_from_a_file(tmp_path, monkeypatch):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.delenv("SW_TEST_SECRET", raising=False)
    monkeypatch.setenv("SW_TEST_SECRET_FILE", str(secret_file))
    assert env.get("SW_TEST_SECRET") == "from-a-file"


def test_the_variable_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SW_TEST_SECRET", "direct")
    monkeypatch.setenv("SW_TEST_SECRET_FILE", str(tmp_path / "does-not-exist"))
    assert env.get("SW_TEST_SECRET") == "direct"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_booleans(raw, expected, monkeypatch):
    monkeypatch.setenv("SW_TEST_FLAG", raw)
    assert env.get_bool("SW_TEST_FLAG", not expected) is expected


def test_a_bad_boolean_is_refused_with_its_name(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SW_TEST_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="SW_TEST_FLAG"):
        env.get_bool("SW_TEST_FLAG", False)


def test_lists_drop_empty_items(monkeypatch):
    monkeypatch.setenv("SW_TEST_LIST", "a.example, ,b.example,")
    assert env.get_list("SW_TEST_LIST") == ["a.example", "b.example"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("PostgreSQL leg")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] >= 5


def _database_settings(extra_env):
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({alias: {key: str(value) for key, value in db.items()} "
        "for alias, db in settings.DATABASES.items()}))"
    )
    result = _manage(["shell", "-c", code], extra_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_replica_comes_from_its_url_or_a_file_and_is_a_mirror_in_tests(tmp_path):
    url_file = tmp_path / "replica-url"
    url_file.write_text("postgres://reader:geheim@replica.example.org:6432/signaalwijzer\n")
    databases = _database_settings(
        {
            "DATABASE_URL": "postgres://app@primary.example.org:5432/signaalwijzer",
            "DATABASE_REPLICA_URL_FILE": str(url_file),
        }
    )
    replica = databases["replica"]
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.example.org",
        "6432",
        "reader",
    )
    assert "'connect_timeout': 3" in replica["OPTIONS"]
    assert "'MIRROR': 'default'" in replica["TEST"]
    assert databases["default"]["HOST"] == "primary.example.org"
    assert databases["default"]["DISABLE_SERVER_SIDE_CURSORS"] == "False"


def test_without_a_replica_url_there_is_one_database_and_pooling_switches_off_server_cursors():
    databases = _database_settings(
        {
            "DATABASE_URL": "postgres://app@pgbouncer.example.org:6432/signaalwijzer",
            "DATABASE_TRANSACTION_POOLING": "true",
        }
    )
    assert list(databases) == ["default"]
    assert databases["default"]["DISABLE_SERVER_SIDE_CURSORS"] == "True"
