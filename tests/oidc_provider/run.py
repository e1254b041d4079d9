#!/usr/bin/env python3
"""A small OpenID Provider on this machine, for the single sign-on tests and the demo.

django-oauth-toolkit with OpenID Connect; a fresh RS256 key per data folder; users and their claims
(email, email_verified, groups, amr, acr) set through /testing/ endpoints (tests) or --demo.

    python tests/oidc_provider/run.py --demo --port 8001
    # issuer: http://127.0.0.1:8001/o

Prints "ready <port>" when it serves. Never for production: it exists to be signed in to by tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import tempfile
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[2]


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def make_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def set_up_demo(port_of_signaalwijzer: int) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    from tests.oidc_provider import demo
    from tests.oidc_provider.store import set_claims

    model = get_application_model()
    application = model.objects.filter(client_id=demo.CLIENT_ID).first() or model(
        client_id=demo.CLIENT_ID
    )
    application.name = "Signaalwijzer (demo)"
    application.client_type = model.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = model.GRANT_AUTHORIZATION_CODE
    application.algorithm = model.RS256_ALGORITHM
    application.skip_authorization = True
    application.redirect_uris = " ".join(
        f"http://{host}:{port_of_signaalwijzer}/accounts/sso/{demo.SLUG}/login/callback/"
        for host in ("127.0.0.1", "localhost")
    )
    application.client_secret = demo.CLIENT_SECRET
    application.save()
    for username, claims in demo.USERS.items():
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.set_password(demo.PASSWORD)
        user.save()
        set_claims(
            username,
            {"email": username, "email_verified": True, "name": username.split("@")[0], **claims},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0: any free port")
    parser.add_argument(
        "--data-dir", help="database, key and claims (default: a new temporary folder)"
    )
    parser.add_argument("--token", help="guards the /testing/ endpoints (default: random)")
    parser.add_argument("--demo", action="store_true", help="the demo client and users")
    parser.add_argument("--signaalwijzer-port", type=int, default=8000)
    args = parser.parse_args()

    data = Path(args.data_dir or tempfile.mkdtemp(prefix="oidc-provider-"))
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "key.pem").exists():
        make_key(data / "key.pem")
    os.environ["OIDC_OP_DATA"] = str(data)
    os.environ["OIDC_OP_TOKEN"] = args.token or secrets.token_urlsafe(24)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    if args.demo:
        set_up_demo(args.signaalwijzer_port)
    server = make_server(
        args.host,
        args.port,
        get_wsgi_application(),
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
    port = server.server_port
    if args.demo:
        print(f"Test identity provider: issuer http://{args.host}:{port}/o", flush=True)
    print(f"ready {port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
