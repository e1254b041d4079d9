"""The one writer of single sign-on configuration, each change with an SsoChange row.

``save_provider`` (the platform operator, Django admin) creates or updates an organisation's identity
provider with every field, including those that decide whom the organisation trusts (issuer, client ID,
secret variable, e-mail domains, MFA values); when the issuer or client ID changes, the stored links to the
old provider's subjects are removed. ``save_organisation_fields`` (the organisation administrator) changes
only ``ORGANISATION_FIELDS``; ``set_group_mappings`` replaces the group mappings. Bad input raises
``ValidationError`` with a message per field and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Organisation, Team, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.claims import PUBLIC_MAIL_DOMAINS, issuer_problem, parse_domains
from signaalwijzer.sso.models import EmailDomain, GroupMapping, IdentityProvider, SsoChange, SsoUser
from signaalwijzer.sso.selectors import client_secret, secret_env_allowed

# The fields save_provider accepts (besides the domains); the secret itself is never among them.
PROVIDER_FIELDS = (
    "slug",
    "issuer",
    "client_id",
    "secret_env",
    "enabled",
    "password_login_enabled",
    "groups_claim",
    "mfa_amr_values",
    "mfa_acr_values",
    "session_hours",
    "inactive_days",
)

# What the organisation administrator may change (/admin-org/sso/); the rest is the platform operator's.
ORGANISATION_FIELDS = (
    "enabled",
    "password_login_enabled",
    "groups_claim",
    "session_hours",
    "inactive_days",
)
# A change to one of these makes it another provider: its subjects ("sub") are not the old ones.
IDENTITY_FIELDS = ("slug", "issuer", "client_id")


@dataclass(frozen=True)
class Mapping:
    """One row for set_group_mappings: a group value gives a role and optionally a team."""

    group: str
    role: Role
    team: Team | None = None


def allow_local_http() -> bool:
    """http issuers only for a provider on this machine, and only in development or tests."""
    return bool(settings.DEBUG) or not getattr(settings, "PRODUCTION", False)


def _clean_domains(provider: IdentityProvider, domains: str | Iterable[str]) -> list[str]:
    try:
        cleaned = parse_domains(domains)
    except ValueError as error:
        raise ValidationError(
            {"domains": _("Not a valid e-mail domain: %(value)s") % {"value": str(error)[:100]}}
        ) from error
    if not cleaned:
        raise ValidationError(
            {"domains": _("Give at least one e-mail domain of the organisation.")}
        )
    public = sorted(set(cleaned) & PUBLIC_MAIL_DOMAINS)
    if public:
        raise ValidationError(
            {
                "domains": _(
                    "Anyone can get an address at %(domains)s: such a domain cannot be an organisation's."
                )
                % {"domains": ", ".join(public)}
            }
        )
    taken = set(
        EmailDomain.objects.filter(domain__in=cleaned)
        .exclude(provider__organisation_id=provider.organisation_id)
        .values_list("domain", flat=True)
    )
    for domain in cleaned:
        if (
            User.objects.filter(is_active=True, email__iendswith=f"@{domain}")
            .exclude(organisation_id=provider.organisation_id)
            .exclude(organisation__isnull=True)
            .exists()
        ):
            taken.add(domain)
    if taken:
        raise ValidationError(
            {
                "domains": _("Already used by another organisation: %(domains)s")
                % {"domains": ", ".join(sorted(taken))}
            }
        )
    return cleaned


def _check_secret(provider: IdentityProvider) -> None:
    if not secret_env_allowed(provider.secret_env):
        raise ValidationError(
            {
                "secret_env": _(
                    "Use a name that starts with SSO_SECRET_ followed by capital letters, digits and "
                    "underscores (e.g. SSO_SECRET_ACME)."
                )
            }
        )
    try:
        present = client_secret(provider) is not None
    except ImproperlyConfigured:
        present = False
    if not present:
        raise ValidationError(
            {
                "secret_env": _(
                    "The environment variable %(name)s (or %(name)s_FILE) is not set on the server. "
                    "Ask the platform operator to set it first."
                )
                % {"name": provider.secret_env}
            }
        )


def _snapshot(provider: IdentityProvider, domains: list[str]) -> dict[str, Any]:
    values = {name: getattr(provider, name) for name in PROVIDER_FIELDS}
    values["domains"] = ", ".join(domains)
    return values


def _prepare(
    organisation: Organisation, domains: str | Iterable[str], fields: dict[str, Any]
) -> tuple[IdentityProvider, bool, dict[str, Any], list[str]]:
    """The provider with ``fields`` applied (not saved), whether it is new, its values before, and the
    cleaned domains; ValidationError (a message per field) when anything is wrong."""
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    created = provider is None
    if provider is None:
        provider = IdentityProvider(organisation=organisation)
        before: dict[str, Any] = {}
    else:
        before = _snapshot(provider, list(provider.domains.values_list("domain", flat=True)))
    for name, value in fields.items():
        setattr(provider, name, value.strip() if isinstance(value, str) else value)
    if isinstance(provider.issuer, str):
        provider.issuer = provider.issuer.rstrip("/")
    errors: dict[str, list[str]] = {}
    try:
        provider.full_clean(exclude=["organisation"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if "issuer" not in errors and issuer_problem(
        provider.issuer or "", allow_local_http=allow_local_http()
    ):
        errors["issuer"] = [
            _("Use the https address of the identity provider, without query or fragment.")
        ]
    if not provider.enabled and not provider.password_login_enabled:
        errors.setdefault("password_login_enabled", []).append(
            _(
                "Password login can only be switched off while single sign-on is enabled: "
                "otherwise nobody of the organisation can sign in."
            )
        )
    cleaned_domains: list[str] = []
    try:
        cleaned_domains = _clean_domains(provider, domains)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "secret_env" not in errors:
        try:
            _check_secret(provider)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return provider, created, before, cleaned_domains


def validate_provider(
    organisation: Organisation, *, domains: str | Iterable[str], **fields: Any
) -> list[str]:
    """Check a provider configuration without writing anything; returns the cleaned domains."""
    return _prepare(organisation, domains, fields)[3]


@transaction.atomic
def save_provider(
    actor: User | None,
    organisation: Organisation,
    *,
    domains: str | Iterable[str],
    **fields: Any,
) -> IdentityProvider:
    """Create the organisation's identity provider or update it; validates everything (issuer https,
    domains well-formed and not another organisation's, the secret's variable set), then writes the
    provider, its domains and one SsoChange (from -> to per changed field)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    provider, created, before, cleaned_domains = _prepare(organisation, domains, fields)
    provider.updated_at = timezone.now()
    old_slug = before.get("slug")
    provider.save()
    unlinked = 0
    if not created and any(before.get(name) != getattr(provider, name) for name in IDENTITY_FIELDS):
        unlinked = _unlink_subjects(provider, {str(old_slug), provider.slug})
    provider.domains.exclude(domain__in=cleaned_domains).delete()
    existing = set(provider.domains.values_list("domain", flat=True))
    EmailDomain.objects.bulk_create(
        [EmailDomain(provider=provider, domain=d) for d in cleaned_domains if d not in existing]
    )
    after = _snapshot(provider, cleaned_domains)
    changed = {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
    if unlinked:
        changed["unlinked_accounts"] = [unlinked, 0]
    if changed:
        SsoChange.objects.create(
            organisation=organisation,
            user=actor,
            action=SsoChange.Action.CREATED if created else SsoChange.Action.UPDATED,
            changes=changed,
        )
    return provider


def _unlink_subjects(provider: IdentityProvider, slugs: set[str]) -> int:
    """Forget which subject of the provider is which user (allauth's SocialAccount rows, SsoUser): another
    issuer or client may hand out the same ``sub`` to someone else. The users sign in again and are matched
    by e-mail address. Returns how many links were removed."""
    # SocialAccount.provider holds the app's provider_id: the provider's slug.
    accounts, _by_model = SocialAccount.objects.filter(provider__in=slugs).delete()
    users, _by_model = SsoUser.objects.filter(provider=provider).delete()
    return int(accounts) + int(users)


@transaction.atomic
def save_organisation_fields(
    actor: User | None, provider: IdentityProvider, **fields: Any
) -> dict[str, list[Any]]:
    """The organisation administrator's part: only ``ORGANISATION_FIELDS`` (never the issuer, client ID,
    secret variable, domains or MFA values). Same checks as save_provider (password login off only while
    single sign-on is enabled); one SsoChange. Returns {field: [from, to]} of what changed."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"not the organisation's to change: {sorted(unknown)}")
    provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    before = {name: getattr(provider, name) for name in ORGANISATION_FIELDS}
    for name, value in fields.items():
        setattr(provider, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        provider.full_clean(exclude=["organisation"], validate_unique=False)
    except ValidationError as error:
        errors.update({k: v for k, v in error.message_dict.items() if k in ORGANISATION_FIELDS})
    if not provider.enabled and not provider.password_login_enabled:
        errors.setdefault("password_login_enabled", []).append(
            _(
                "Password login can only be switched off while single sign-on is enabled: "
                "otherwise nobody of the organisation can sign in."
            )
        )
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [before[name], getattr(provider, name)]
        for name in ORGANISATION_FIELDS
        if before[name] != getattr(provider, name)
    }
    if changed:
        provider.updated_at = timezone.now()
        provider.save(update_fields=[*changed, "updated_at"])
        SsoChange.objects.create(
            organisation_id=provider.organisation_id,
            user=actor,
            action=SsoChange.Action.UPDATED,
            changes=changed,
        )
    return changed


def _describe(mapping: GroupMapping | Mapping) -> str:
    team = mapping.team.name if mapping.team else "-"
    return f"{mapping.group} -> {Role(mapping.role).value} / {team}"


def mapping_descriptions(provider: IdentityProvider) -> list[str]:
    """The provider's mappings as sorted lines ("group -> role / team"), as the change log shows them."""
    return sorted(_describe(m) for m in provider.group_mappings.select_related("team"))


@transaction.atomic
def set_group_mappings(
    actor: User | None, provider: IdentityProvider, mappings: Iterable[Mapping]
) -> list[GroupMapping]:
    """Replace the provider's group mappings by ``mappings`` (roles and teams apply from each user's next
    sign-in). A team must be of the provider's organisation."""
    mappings = list(dict.fromkeys(mappings))
    errors = []
    for mapping in mappings:
        if not mapping.group.strip() or len(mapping.group) > 200:
            errors.append(_("A group value must be 1 to 200 characters."))
        try:
            Role(mapping.role)
        except ValueError:
            errors.append(_("Unknown role: %(role)s") % {"role": str(mapping.role)[:40]})
        if mapping.team is not None and mapping.team.organisation_id != provider.organisation_id:
            errors.append(_("A team must belong to the organisation."))
    if errors:
        raise ValidationError({"group_mappings": sorted(set(errors))})
    before = mapping_descriptions(provider)
    provider.group_mappings.all().delete()
    rows = GroupMapping.objects.bulk_create(
        [
            GroupMapping(
                provider=provider, group=m.group.strip(), role=Role(m.role).value, team=m.team
            )
            for m in mappings
        ]
    )
    after = sorted(_describe(m) for m in mappings)
    if before != after:
        SsoChange.objects.create(
            organisation=provider.organisation,
            user=actor,
            action=SsoChange.Action.MAPPINGS,
            changes={"group_mappings": [before, after]},
        )
    return rows


def record_admin_change(
    actor: User | None, provider: IdentityProvider, action: str, changes: dict[str, Any]
) -> None:
    """For the Django admin, which saves through its own forms: log what it changed."""
    if changes:
        SsoChange.objects.create(
            organisation=provider.organisation, user=actor, action=action, changes=changes
        )
