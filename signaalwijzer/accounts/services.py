"""Writing accounts: the one place where users, team memberships and roles are created."""

from __future__ import annotations

from collections.abc import Iterable

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


def signed_in_user(request: HttpRequest) -> User:
    """The logged-in user of a request behind the login (the middleware guarantees one)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
