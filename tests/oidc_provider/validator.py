"""Claims per test user (email, email_verified, groups, amr, acr), and tampered ID tokens on request."""

from __future__ import annotations

import base64
import json
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.store import claims_of


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Validator(OAuth2Validator):
    # Claims outside the standard scopes go with "openid" (else the toolkit leaves them out).
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "openid",
        "amr": "openid",
        "acr": "openid",
        "xms_edov": "email",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        claims = dict(claims_of(request.user.get_username()))
        claims.pop("tamper", None)
        return claims

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        signed: str = super().finalize_id_token(id_token, token, token_handler, request)
        tamper = claims_of(request.user.get_username()).get("tamper")
        header, payload, signature = signed.split(".")
        if tamper == "claims":
            # Another address and group, with the signature of the original: must be refused.
            data = json.loads(_unb64(payload))
            data["email"] = "someone.else@" + str(data.get("email", "x@x")).split("@")[-1]
            data["groups"] = ["admins"]
            return ".".join([header, _b64(json.dumps(data).encode()), signature])
        if tamper == "unsigned":
            plain = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
            return f"{plain}.{payload}."
        return signed
