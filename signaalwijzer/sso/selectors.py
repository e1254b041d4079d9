"""Reading single sign-on configuration: which provider serves an e-mail address, a slug, an organisation."""

from __future__ import annotations

import re

from django.utils.text import slugify

from signaalwijzer import env
from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.sso.claims import domain_of
from signaalwijzer.sso.models import SECRET_ENV_PATTERN, EmailDomain, IdentityProvider


def enabled_providers() -> list[IdentityProvider]:
    return list(
        IdentityProvider.objects.filter(enabled=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def provider_by_slug(slug: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.filter(slug=slug, enabled=True)
        .select_related("organisation")
        .first()
    )


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled provider whose organisation claims the address's domain."""
    domain = domain_of(email)
    if not domain:
        return None
    found = (
        EmailDomain.objects.filter(domain=domain, provider__enabled=True)
        .select_related("provider__organisation")
        .first()
    )
    return found.provider if found else None


def provider_of_organisation(organisation_id: int | None) -> IdentityProvider | None:
    if organisation_id is None:
        return None
    return IdentityProvider.objects.filter(organisation_id=organisation_id, enabled=True).first()


def password_login_refused(
    *, email: str = "", organisation_id: int | None = None
) -> IdentityProvider | None:
    """The provider through which this address (its domain) or organisation must sign in, when password
    login is switched off there; None when a password may be used.

    By address (before the password is checked): refused for a user of the provider's own organisation and
    for an address without an account (so the form tells nothing about which accounts exist), never for a
    user of another organisation whose address happens to be in the domain."""
    by_email = provider_for_email(email) if email else None
    if by_email is not None and not by_email.password_login_enabled:
        holder = User.objects.filter(email__iexact=email.strip()).values("organisation_id").first()
        if holder is None or holder["organisation_id"] == by_email.organisation_id:
            return by_email
    provider = provider_of_organisation(organisation_id)
    if provider is not None and not provider.password_login_enabled:
        return provider
    return None


def secret_env_allowed(name: str) -> bool:
    """Only variables named SSO_SECRET_...: never SECRET_KEY, DATABASE_URL or another of the server's."""
    return bool(re.fullmatch(SECRET_ENV_PATTERN, name or ""))


def client_secret(provider: IdentityProvider) -> str | None:
    """The client secret from the environment variable ``secret_env`` or the file named by ``<it>_FILE``."""
    if not secret_env_allowed(provider.secret_env):
        return None
    value = env.get(provider.secret_env)
    return value or None


def free_slug(organisation: Organisation) -> str:
    """The short name of the organisation's provider: its current one, else one made from the organisation's
    name (with its id added when another organisation has that name already)."""
    current = (
        IdentityProvider.objects.filter(organisation=organisation)
        .values_list("slug", flat=True)
        .first()
    )
    if current:
        return current
    base = slugify(organisation.name)[:30].strip("-") or "organisatie"
    if IdentityProvider.objects.filter(slug=base).exists():
        return f"{base}-{organisation.pk}"
    return base
