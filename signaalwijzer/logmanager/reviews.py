"""The log manager's review of an emergency access, written to the hash-chained access log.

The review itself is kept on the EmergencyAccess row (cases/services.py); the ``review`` event puts who
reviewed which emergency access, and when, in the chain, so that a review marked as done in the database
by anyone else shows: `audit verify` compares the two (``reviews_out_of_chain``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_access
from signaalwijzer.cases.models import EmergencyAccess
from signaalwijzer.cases.services import review_emergency_access

if TYPE_CHECKING:
    from signaalwijzer.accounts.models import User

RECORD_TYPE = EmergencyAccess._meta.label_lower


@transaction.atomic
def review(*, reviewer: User, emergency: EmergencyAccess, note: str) -> bool:
    """Save the review and its event in one transaction. False if someone else reviewed it first.

    PermissionDenied or ValidationError (no conclusion) as review_emergency_access raises them.
    """
    locked = (
        EmergencyAccess.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=emergency.pk)
    )
    if locked.reviewed_at is not None:
        return False
    review_emergency_access(reviewer=reviewer, emergency=locked, note=note)
    record_access(
        user=reviewer,
        action=AccessEvent.Action.REVIEW,
        purpose="audit.emergency_review",
        basis="log_manager",
        case=locked.case,
        record=locked,
    )
    return True


def reviews_out_of_chain() -> list[str]:
    """Reviews the chain does not back: reviewed without a ``review`` event by the same person, or the other way
    round. Emergency accesses of destroyed cases are gone with their case; their events stay and are skipped."""
    reviewed = dict(
        EmergencyAccess.objects.filter(reviewed_at__isnull=False).values_list(
            "pk", "reviewed_by_id"
        )
    )
    existing = set(EmergencyAccess.objects.values_list("pk", flat=True))
    chained: dict[int, set[int | None]] = {}
    for record_id, user_id in AccessEvent.objects.filter(
        action=AccessEvent.Action.REVIEW, record_type=RECORD_TYPE, record_id__isnull=False
    ).values_list("record_id", "user_id"):
        if record_id is not None:
            chained.setdefault(record_id, set()).add(user_id)
    problems = [
        f"emergency access {pk} is marked as reviewed, but the access log has no review by that person"
        for pk, reviewer in sorted(reviewed.items())
        if reviewer not in chained.get(pk, set())
    ]
    problems += [
        f"the access log has a review of emergency access {pk}, but it is not marked as reviewed (by that person)"
        for pk, reviewers in sorted(chained.items())
        if pk in existing and reviewed.get(pk) not in reviewers
    ]
    return problems
