"""Roles and what each role may do. Pure: no Django imports.

A user holds one or more roles within their organisation. The rules below are the single place
that says which role opens which part of the product; views and templates ask these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    PROFESSIONAL = "professional"  # hulpverlener, leerkracht, mentor, begeleider
    MELDCODE_OFFICER = "meldcode_officer"  # aandachtsfunctionaris
    ORGANISATION_ADMIN = "organisation_admin"
    LOG_MANAGER = "log_manager"  # logbeheerder
    RESEARCHER = "researcher"  # anonymised statistics only


CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.MELDCODE_OFFICER})
STATISTICS_ROLES = frozenset({Role.RESEARCHER, Role.MELDCODE_OFFICER, Role.ORGANISATION_ADMIN})


def can_work_on_cases(roles: Iterable[Role]) -> bool:
    """Professionals and meldcode officers register and follow cases; researchers never see one."""
    return not CASE_ROLES.isdisjoint(roles)


def can_view_statistics(roles: Iterable[Role]) -> bool:
    return not STATISTICS_ROLES.isdisjoint(roles)


def can_read_audit_log(roles: Iterable[Role]) -> bool:
    return Role.LOG_MANAGER in set(roles)


def can_manage_organisation(roles: Iterable[Role]) -> bool:
    return Role.ORGANISATION_ADMIN in set(roles)


def can_place_legal_hold(roles: Iterable[Role]) -> bool:
    """A legal hold stops a file's destruction: the meldcode officer or the organisation administrator
    decides it (with access to the case), not every professional."""
    return not {Role.MELDCODE_OFFICER, Role.ORGANISATION_ADMIN}.isdisjoint(roles)
