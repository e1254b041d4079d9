"""The one writer of access events. Called inside the transaction of the read or write it records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from signaalwijzer.audit.models import AccessEvent

if TYPE_CHECKING:
    from signaalwijzer.accounts.models import User
    from signaalwijzer.cases.models import Case


def _roles(user: User) -> str:
    return ",".join(sorted(role.value for role in user.roles))


def record_access(
    *,
    user: User,
    action: str,
    purpose: str,
    basis: str,
    case: Case | None = None,
    record: models.Model | None = None,
) -> AccessEvent:
    return AccessEvent.objects.create(
        user=user,
        organisation_id=user.organisation_id,
        roles=_roles(user),
        case=case,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None,
        action=action,
        purpose=purpose,
        basis=basis,
    )


def record_list_access(*, user: User, cases: Iterable[tuple[Case, str]], purpose: str) -> None:
    """One LIST event per case shown in a list, written in one query."""
    roles = _roles(user)
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                user=user,
                organisation_id=user.organisation_id,
                roles=roles,
                case=case,
                action=AccessEvent.Action.LIST,
                purpose=purpose,
                basis=basis,
            )
            for case, basis in cases
        ]
    )
