"""Writing accounts: the one place where users, team memberships, roles and teams are created and changed.

The organisation administrator's screens (``orgadmin.services``) check and log a change, then call these.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Membership, Organisation, RoleGrant, Team, User
from signaalwijzer.accounts.roles import Role


@transaction.atomic
def create_user(
    *,
    email: str,
    organisation: Organisation | None,
    roles: Iterable[Role] = (),
    teams: Iterable[Team] = (),
    full_name: str = "",
    password: str | None = None,
) -> User:
    """Create a user with their roles and teams, or nothing at all if anything is wrong."""
    teams = list(teams)
    roles = list(roles)
    if any(team.organisation_id != getattr(organisation, "pk", None) for team in teams):
        raise ValidationError(_("A user can only join teams of their own organisation."))
    if roles and organisation is None:
        raise ValidationError(_("Only a user of an organisation can hold a role."))
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, organisation=organisation
    )
    Membership.objects.bulk_create([Membership(user=user, team=team) for team in teams])
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in set(roles)])
    return user


@transaction.atomic
def set_roles(user: User, roles: Iterable[Role]) -> None:
    """The user holds exactly ``roles`` from now on (a grant kept keeps its date)."""
    wanted = {Role(role) for role in roles}
    if wanted and user.organisation_id is None:
        raise ValidationError(_("Only a user of an organisation can hold a role."))
    RoleGrant.objects.filter(user=user).exclude(role__in=wanted).delete()
    held = {
        Role(role) for role in RoleGrant.objects.filter(user=user).values_list("role", flat=True)
    }
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in wanted - held])
    user.__dict__.pop("roles", None)  # the cached property


@transaction.atomic
def set_teams(user: User, teams: Iterable[Team]) -> None:
    """The user is a member of exactly ``teams`` (all of their own organisation) from now on."""
    wanted = {team.pk: team for team in teams}
    if any(team.organisation_id != user.organisation_id for team in wanted.values()):
        raise ValidationError(_("A user can only join teams of their own organisation."))
    Membership.objects.filter(user=user).exclude(team_id__in=wanted).delete()
    held = set(Membership.objects.filter(user=user).values_list("team_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=user, team=team) for pk, team in wanted.items() if pk not in held]
    )


def set_details(user: User, *, full_name: str) -> None:
    User.objects.filter(pk=user.pk).update(full_name=full_name)
    user.full_name = full_name


def remove_second_factors(user: User) -> int:
    """Remove every second factor (authenticator app, passkeys, recovery codes): enrolment again at next login."""
    deleted, _by_kind = Authenticator.objects.filter(user=user).delete()
    return deleted


def create_team(organisation: Organisation, name: str) -> Team:
    return Team.objects.create(organisation=organisation, name=name)


def rename_team(team: Team, name: str) -> None:
    Team.objects.filter(pk=team.pk).update(name=name)
    team.name = name


def remove_team(team: Team) -> None:
    """Remove a team that has no members (the caller checks)."""
    Team.objects.filter(pk=team.pk).delete()


def signed_in_user(request: HttpRequest) -> User:
    """The logged-in user of a request behind the login (the middleware guarantees one)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@transaction.atomic
def sync_roles_and_teams(
    user: User,
    *,
    roles: Iterable[Role],
    teams: Iterable[Team],
    managed_roles: Iterable[Role],
    managed_teams: Iterable[Team],
) -> bool:
    """Make the user's managed roles and teams exactly ``roles`` and ``teams`` (single sign-on: what the
    identity provider's groups say); roles and teams outside the managed sets stay as they are.
    True when anything changed."""
    roles, managed_roles = set(roles), set(managed_roles) | set(roles)
    teams, managed_teams = set(teams), set(managed_teams) | set(teams)
    if roles and user.organisation_id is None:
        raise ValidationError(_("Only a user of an organisation can hold a role."))
    if any(team.organisation_id != user.organisation_id for team in teams):
        raise ValidationError(_("A user can only join teams of their own organisation."))
    held_roles = {Role(role) for role in user.role_grants.values_list("role", flat=True)}
    held_teams = set(user.teams.all())
    drop_roles = (held_roles & managed_roles) - roles
    add_roles = roles - held_roles
    drop_teams = (held_teams & managed_teams) - teams
    add_teams = teams - held_teams
    RoleGrant.objects.filter(user=user, role__in=[role.value for role in drop_roles]).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in add_roles])
    Membership.objects.filter(user=user, team__in=drop_teams).delete()
    Membership.objects.bulk_create([Membership(user=user, team=team) for team in add_teams])
    user.__dict__.pop("roles", None)  # the cached property
    return bool(drop_roles or add_roles or drop_teams or add_teams)


def set_active(user: User, active: bool) -> bool:
    """Activate or deactivate an account (a deactivated user cannot sign in, a session they still have ends at
    its next request; their open cases are to be handed over). True when it changed."""
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    return True
