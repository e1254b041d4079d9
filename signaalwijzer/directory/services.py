"""The one writer of corrections and verifications of the directory, each with its ContactChange.

National data (see docs/decisions.md, "Regional contacts: one national directory"): an organisation
administrator of any organisation verifies or corrects an entry for everyone; the log records who, for which
organisation, when and what changed (from -> to). A refused change writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_manage_organisation
from signaalwijzer.directory.coordinators import CORRECTABLE, changes
from signaalwijzer.directory.models import ContactChange, CoordinatorEntry


def _organisation_of(user: User) -> int:
    """The administrator's organisation; anyone else (or a user without one) is refused."""
    if not can_manage_organisation(user.roles) or user.organisation_id is None:
        raise PermissionDenied
    return user.organisation_id


def _current(entry: CoordinatorEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in CORRECTABLE}


@transaction.atomic
def verify_entry(user: User, entry_id: int, *, comment: str = "") -> ContactChange:
    """Mark an entry verified today by this user, for their organisation."""
    organisation_id = _organisation_of(user)
    entry = CoordinatorEntry.objects.select_for_update().get(pk=entry_id)
    today = timezone.localdate()
    before = {
        "last_verified": entry.last_verified.isoformat() if entry.last_verified else None,
        "verified_by_organisation": entry.verified_by_organisation_id,
    }
    entry.last_verified = today
    entry.verified_by = user
    entry.verified_by_organisation_id = organisation_id
    entry.updated_at = timezone.now()
    entry.save(
        update_fields=["last_verified", "verified_by", "verified_by_organisation", "updated_at"]
    )
    return ContactChange.objects.create(
        entry=entry,
        user=user,
        organisation_id=organisation_id,
        action=ContactChange.Action.VERIFIED,
        changes=changes(
            before,
            {"last_verified": today.isoformat(), "verified_by_organisation": organisation_id},
        ),
        comment=comment,
    )


@transaction.atomic
def correct_entry(
    user: User, entry_id: int, *, values: dict[str, Any], comment: str = ""
) -> ContactChange | None:
    """Save the corrected fields (only those that differ) and mark them corrected; None when nothing changed."""
    organisation_id = _organisation_of(user)
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    entry = CoordinatorEntry.objects.select_for_update().get(pk=entry_id)
    changed = changes(_current(entry), values)
    if not changed and not comment:
        return None
    for name in changed:
        setattr(entry, name, values[name])
    entry.corrected_fields = sorted(set(entry.corrected_fields or ()) | set(changed))
    entry.updated_at = timezone.now()
    entry.save(update_fields=[*changed, "corrected_fields", "updated_at"])
    return ContactChange.objects.create(
        entry=entry,
        user=user,
        organisation_id=organisation_id,
        action=ContactChange.Action.CORRECTED,
        changes=changed,
        comment=comment,
    )
