"""What an organisation administrator may change, and the bounds of the organisation's settings. Pure: no
Django imports; ``orgadmin/services.py`` turns each problem into a Dutch message."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases.retention import retention_years_allowed
from signaalwijzer.register.periods import months_allowed


class Problem(StrEnum):
    OWN_ADMIN_ROLE = (
        "own_admin_role"  # an administrator may not take their own administrator role away
    )
    OWN_ACCOUNT_INACTIVE = "own_account_inactive"  # nor deactivate themselves
    OWN_SECOND_FACTOR = (
        "own_second_factor"  # nor reset their own second step (Security page instead)
    )
    NO_ROLE = "no_role"
    RETENTION_OUT_OF_BOUNDS = "retention_out_of_bounds"
    REGISTER_MONTHS_OUT_OF_BOUNDS = "register_months_out_of_bounds"


def role_change_problem(
    *, actor_id: int, target_id: int, new_roles: Iterable[Role]
) -> Problem | None:
    roles = set(new_roles)
    if not roles:
        return Problem.NO_ROLE
    if actor_id == target_id and Role.ORGANISATION_ADMIN not in roles:
        return Problem.OWN_ADMIN_ROLE
    return None


def deactivation_problem(*, actor_id: int, target_id: int) -> Problem | None:
    return Problem.OWN_ACCOUNT_INACTIVE if actor_id == target_id else None


def second_factor_reset_problem(*, actor_id: int, target_id: int) -> Problem | None:
    return Problem.OWN_SECOND_FACTOR if actor_id == target_id else None


def settings_problems(*, retention_years: int, signal_register_months: int) -> dict[str, Problem]:
    problems = {}
    if not retention_years_allowed(retention_years):
        problems["retention_years"] = Problem.RETENTION_OUT_OF_BOUNDS
    if not months_allowed(signal_register_months):
        problems["signal_register_months"] = Problem.REGISTER_MONTHS_OUT_OF_BOUNDS
    return problems


def changed(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """Each field whose value differs, as [old, new] (the shape of ``AdminChange.changes``)."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
