"""Pure rules of single sign-on: e-mail domains, the claims of a verified ID token, issuer addresses.

No Django imports: the adapters and services ask these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

# A host name of at least two labels, each 1-63 letters, digits or inner hyphens (IDNA in punycode).
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^{_LABEL}(\.{_LABEL})+$")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
TRUE_STRINGS = frozenset({"true", "1", "yes"})
# Addresses anyone can get: no organisation may claim these for its identity provider.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.com",
        "live.nl",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "ziggo.nl",
        "kpnmail.nl",
        "kpnplanet.nl",
        "planet.nl",
        "home.nl",
        "xs4all.nl",
        "hetnet.nl",
        "casema.nl",
        "upcmail.nl",
        "proton.me",
        "protonmail.com",
    }
)


def normalise_domain(text: str) -> str:
    """``Example.ORG.`` -> ``example.org``; ValueError for anything that is not a plain domain name."""
    domain = text.strip().lower().rstrip(".")
    if domain.startswith("@"):
        domain = domain[1:]
    if len(domain) > 253 or not _DOMAIN.match(domain):
        raise ValueError(text)
    if domain.rsplit(".", 1)[1].isdigit():
        raise ValueError(text)  # an IP address, not a domain
    return domain


def parse_domains(text: str | Iterable[str]) -> list[str]:
    """Domains separated by commas, spaces or new lines; each normalised, duplicates dropped, in order."""
    items = re.split(r"[\s,;]+", text) if isinstance(text, str) else list(text)
    domains: list[str] = []
    for item in items:
        if item.strip():
            domain = normalise_domain(item)
            if domain not in domains:
                domains.append(domain)
    return domains


def domain_of(email: str) -> str:
    """The domain of an e-mail address, lower case; '' when there is none."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return ""
    return domain.lower().rstrip(".")


def parse_values(text: str) -> frozenset[str]:
    """``"mfa, otp"`` -> {"mfa", "otp"}: a configured list of amr or acr values."""
    return frozenset(item.strip() for item in re.split(r"[\s,]+", text) if item.strip())


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def mfa_asserted(
    claims: Mapping[str, Any], amr_values: Iterable[str], acr_values: Iterable[str]
) -> bool:
    """Did the identity provider say it used more than a password?

    ``amr`` (a list of method references, RFC 8176) holds one of the configured values, or ``acr``
    equals one of the configured values. Nothing configured: never.
    """
    amr = set(_as_list(claims.get("amr")))
    if amr & set(amr_values):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in set(acr_values)


def email_verified(claims: Mapping[str, Any]) -> bool:
    """``email_verified`` is true (a boolean or the string "true"); Microsoft Entra ID says the same with
    ``xms_edov`` (the e-mail domain is verified by the tenant's owner)."""
    for name in ("email_verified", "xms_edov"):
        value = claims.get(name)
        if value is True or (isinstance(value, str) and value.strip().lower() in TRUE_STRINGS):
            return True
    return False


def groups_of(claims: Mapping[str, Any], claim: str) -> list[str]:
    """The group values in the named claim (a list, or one string); anything else counts as none."""
    return _as_list(claims.get(claim))


def endpoint_problem(url: object, *, allow_local_http: bool) -> str | None:
    """Why an endpoint from the discovery document cannot be used, or None: https (http only locally)."""
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if parts is None or not parts.hostname:
        return "host"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and allow_local_http and parts.hostname in LOCAL_HOSTS:
        return None
    return "scheme"


def issuer_problem(url: str, *, allow_local_http: bool) -> str | None:
    """Why this issuer address cannot be used, or None. https only; http only for a local test provider."""
    parts = urlsplit(url.strip())
    if parts.query or parts.fragment or parts.username or parts.password:
        return "parts"
    if not parts.hostname:
        return "host"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and allow_local_http and parts.hostname in LOCAL_HOSTS:
        return None
    return "scheme"
