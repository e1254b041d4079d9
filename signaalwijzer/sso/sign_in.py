"""What a single sign-on does to the account: checked claims in, one user out (created or updated).

Called by ``adapters.SocialAccountAdapter.pre_social_login`` with the claims of the ID token, whose
signature allauth (through ``provider.SsoOAuth2Adapter``) has verified against the provider's keys.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Team, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.accounts.services import create_user, set_active, sync_roles_and_teams
from signaalwijzer.sso.claims import (
    domain_of,
    email_verified,
    groups_of,
    mfa_asserted,
    parse_values,
)
from signaalwijzer.sso.models import IdentityProvider, SsoUser


class SignInRefused(Exception):
    """The sign-in is refused; ``message`` says why, in the user's language, without personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SignIn:
    user: User
    # The identity provider asserted multi-factor authentication (amr/acr): no second step of our own.
    mfa: bool
    # The session ends at this time (epoch seconds) at the latest: the provider's session_hours.
    session_ends_at: float


def _mapped(
    provider: IdentityProvider, groups: list[str]
) -> tuple[set[Role], set[Team], set[Role], set[Team]]:
    """The roles and teams the groups give, and every role and team the provider's mappings mention."""
    roles: set[Role] = set()
    teams: set[Team] = set()
    managed_roles: set[Role] = set()
    managed_teams: set[Team] = set()
    for mapping in provider.group_mappings.select_related("team"):
        managed_roles.add(Role(mapping.role))
        if mapping.team is not None:
            managed_teams.add(mapping.team)
        if mapping.group in groups:
            roles.add(Role(mapping.role))
            if mapping.team is not None:
                teams.add(mapping.team)
    return roles, teams, managed_roles, managed_teams


def _check_claims(provider: IdentityProvider, claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise SignInRefused(_("The identity provider did not send an e-mail address."))
    email = email.strip().lower()
    domains = set(provider.domains.values_list("domain", flat=True))
    if domain_of(email) not in domains:
        raise SignInRefused(
            _("Your e-mail address is not one of %(organisation)s. Sign in with your work account.")
            % {"organisation": provider.organisation.name}
        )
    if not email_verified(claims):
        raise SignInRefused(
            _("The identity provider did not confirm your e-mail address. Ask your IT department.")
        )
    return email


def no_access_message(provider: IdentityProvider) -> str:
    return _(
        "You signed in at %(organisation)s, but you are not in a group that gives access to "
        "Signaalwijzer. Ask your organisation's administrator."
    ) % {"organisation": provider.organisation.name}


@transaction.atomic
def _apply(
    provider: IdentityProvider, claims: dict[str, Any], email: str, linked: User | None
) -> tuple[User | None, bool]:
    roles, teams, managed_roles, managed_teams = _mapped(
        provider, groups_of(claims, provider.groups_claim)
    )
    user = linked or User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_staff or user.is_superuser):
        # Platform staff never sign in through an organisation's provider (its issuer is not theirs).
        raise SignInRefused(no_access_message(provider))
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    if user is None:
        if not roles:
            return None, False
        user = create_user(
            email=email,
            organisation=provider.organisation,
            roles=roles,
            teams=teams,
            full_name=(name or "")[:200],
            password=None,
        )
    else:
        if user.organisation_id != provider.organisation_id:
            raise SignInRefused(
                _(
                    "This account does not belong to %(organisation)s. Ask your organisation's administrator."
                )
                % {"organisation": provider.organisation.name}
            )
        sync_roles_and_teams(
            user, roles=roles, teams=teams, managed_roles=managed_roles, managed_teams=managed_teams
        )
        if name and name[:200] != user.full_name:
            user.full_name = name[:200]
            user.save(update_fields=["full_name"])
    now = timezone.now()
    record, created = SsoUser.objects.get_or_create(
        user=user, defaults={"provider": provider, "first_sign_in_at": now, "last_sign_in_at": now}
    )
    if not created:
        if record.deactivated_by_sweep_at is not None and roles:
            # Deactivated only for not signing in; signing in at the provider shows they are still there.
            set_active(user, True)
        record.provider = provider
        record.last_sign_in_at = now
        record.deactivated_by_sweep_at = None if roles else record.deactivated_by_sweep_at
        record.save(update_fields=["provider", "last_sign_in_at", "deactivated_by_sweep_at"])
    return user, bool(roles)


def sign_in(provider: IdentityProvider, claims: dict[str, Any], *, linked: User | None) -> SignIn:
    """Check the claims, create or update the user (roles and teams from the group mappings, which
    replace those that came from earlier sign-ins) and say whether the provider did the second factor.
    ``linked``: the user already linked to this provider's subject, if any. SignInRefused otherwise."""
    email = _check_claims(provider, claims)
    user, has_access = _apply(provider, claims, email, linked)
    if user is None or not has_access:
        raise SignInRefused(no_access_message(provider))
    return SignIn(
        user=user,
        mfa=mfa_asserted(
            claims, parse_values(provider.mfa_amr_values), parse_values(provider.mfa_acr_values)
        ),
        session_ends_at=time.time() + provider.session_hours * 3600,
    )
