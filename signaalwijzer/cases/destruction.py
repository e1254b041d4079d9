"""Destroying case files: when the retention period has passed, or on an approved request.

The access log keeps a DELETE event with the case number; the case and all its records are gone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_system_event
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_on
from signaalwijzer.cases.models import Case, DestructionRequest
from signaalwijzer.cases.retention import MINIMUM_AGE_TO_REQUEST, decide_by, is_due
from signaalwijzer.cases.write_path import record_created


@transaction.atomic
def destroy_expired_cases(today: date | None = None) -> int:
    """Destroy every closed case past its organisation's retention period. Returns how many."""
    today = today or timezone.localdate()
    destroyed = 0
    for organisation in Organisation.objects.all():
        closed = Case.objects.filter(organisation=organisation, status=Case.Status.CLOSED)
        for case in closed.only("pk", "closed_at", "organisation_id"):
            closed_on = timezone.localdate(case.closed_at) if case.closed_at else None
            if is_due(closed_on, organisation.retention_years, today):
                record_system_event(
                    action=AccessEvent.Action.DELETE,
                    purpose="retention.destroy",
                    organisation_id=organisation.pk,
                    case_id=case.pk,
                    actor="retention period passed",
                )
                Case.objects.filter(pk=case.pk).delete()
                destroyed += 1
    return destroyed


@transaction.atomic
def record_destruction_request(access: CaseAccess, **data: Any) -> DestructionRequest:
    requested_on = data["requested_on"]
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("The date cannot be in the future.")})
    born = access.case.date_of_birth
    too_young = born is not None and age_on(born, requested_on) < MINIMUM_AGE_TO_REQUEST
    if data["requested_by"] == DestructionRequest.Party.YOUNG_PERSON and too_young:
        raise ValidationError(
            {
                "requested_by": _(
                    "A young person can ask this from the age of 12; below 12 the parents ask."
                )
            }
        )
    request = DestructionRequest.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = _("Decide by %(date)s") % {"date": decide_by(requested_on).isoformat()}
    record_created(
        access,
        request,
        kind="destruction_requested",
        purpose="destruction.request",
        summary=summary,
    )
    return request


@transaction.atomic
def decide_destruction_request(
    access: CaseAccess, request: DestructionRequest, *, approve: bool, reason: str
) -> bool:
    """Approve (the case is destroyed now) or refuse (with a reason). True if the case was destroyed."""
    if not access.is_owner:
        raise PermissionDenied
    if request.case_id != access.case.pk or request.decision != DestructionRequest.Decision.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Write down the reason for the decision.")})
    if not approve:
        DestructionRequest.objects.filter(pk=request.pk).update(
            decision=DestructionRequest.Decision.REFUSED,
            decided_on=timezone.localdate(),
            decision_reason=reason,
        )
        access.record(AccessEvent.Action.UPDATE, "destruction.refuse", request)
        return False
    access.record(AccessEvent.Action.DELETE, "destruction.approved", request)
    Case.objects.filter(pk=access.case.pk).delete()
    return True
