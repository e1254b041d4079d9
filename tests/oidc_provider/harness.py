"""The test provider as a pytest fixture, and a "browser" that signs in there over real HTTP.

``oidc_provider`` (session scope) starts run.py as its own process on a free port with its own SQLite
database and key in a temporary folder, and stops it at the end. The Signaalwijzer side runs in the test
process: its back-channel calls (discovery, token endpoint, JWKS) go to that process over HTTP.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

RUN = Path(__file__).resolve().parent / "run.py"


@dataclass
class LocalProvider:
    port: int
    token: str
    process: subprocess.Popen[bytes]
    _clients: dict[str, set[str]] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    def _post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(
            f"http://127.0.0.1:{self.port}{path}",
            json=data,
            headers={"X-Test-Token": self.token},
            timeout=10,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def add_client(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        uris = self._clients.setdefault(client_id, set())
        uris.add(redirect_uri)
        self._post(
            "/testing/clients/",
            {"client_id": client_id, "client_secret": client_secret, "redirect_uris": sorted(uris)},
        )

    def add_user(self, username: str, password: str, claims: dict[str, Any]) -> str:
        """Create or update a user at the provider; returns its subject (sub)."""
        return str(
            self._post(
                "/testing/users/", {"username": username, "password": password, "claims": claims}
            )["sub"]
        )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory):
    os.environ["NO_PROXY"] = ",".join(
        filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"])
    )
    token = secrets.token_urlsafe(16)
    data = tmp_path_factory.mktemp("oidc-provider")
    process = subprocess.Popen(
        [sys.executable, str(RUN), "--port", "0", "--data-dir", str(data), "--token", token],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    port = None
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline().decode()
        if line.startswith("ready "):
            port = int(line.split()[1])
            break
        if not line and process.poll() is not None:
            break
    if port is None:
        process.kill()
        raise RuntimeError("the test OpenID Provider did not start")
    provider = LocalProvider(port=port, token=token, process=process)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class ProviderBrowser:
    """The user's browser at the provider: follows its redirects and fills in its login form."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def authorize(self, authorize_url: str, username: str, password: str) -> str:
        """From the authorization request to the redirect back to Signaalwijzer (its URL)."""
        response = self.session.get(authorize_url, allow_redirects=False, timeout=10)
        if response.status_code == 302 and "/login/" in response.headers["Location"]:
            login_url = urljoin(authorize_url, response.headers["Location"])
            self.session.get(login_url, timeout=10).raise_for_status()
            response = self.session.post(
                login_url,
                data={
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
                },
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code == 302, "the provider refused the login"
            response = self.session.get(
                urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10
            )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


def local_path(url: str) -> str:
    """``http://testserver/a/b?c`` -> ``/a/b?c`` (for Django's test client)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
