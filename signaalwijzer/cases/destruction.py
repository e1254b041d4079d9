"""Destroying case files: when the retention period has passed, or on an approved request.

The access log keeps a DELETE event with the case number; the case and all its records are gone. A case on
legal hold is never destroyed: not by the retention run, and an approval of a request is refused (decision 45).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.accounts.roles import can_place_legal_hold
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_system_event
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_on
from signaalwijzer.cases.models import Case, DestructionRequest
from signaalwijzer.cases.retention import MINIMUM_AGE_TO_REQUEST, decide_by, is_due
from signaalwijzer.cases.write_path import record_created, update_record

logger = logging.getLogger("signaalwijzer.retention")


@dataclass
class DestructionReport:
    """What a retention run did, by case number only."""

    destroyed: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)  # due, but on legal hold: kept
    failed: list[int] = field(
        default_factory=list
    )  # due, but destroying it failed: tried again next run

    def __str__(self) -> str:
        return (
            f"{len(self.destroyed)} case(s) destroyed, {len(self.held)} kept on legal hold, "
            f"{len(self.failed)} failed."
        )


def _due_case_ids(today: date) -> list[int]:
    due = []
    for organisation in Organisation.objects.all():
        closed = Case.objects.filter(organisation=organisation, status=Case.Status.CLOSED)
        for case_id, closed_at in closed.order_by("pk").values_list("pk", "closed_at"):
            closed_on = timezone.localdate(closed_at) if closed_at else None
            if is_due(closed_on, organisation.retention_years, today):
                due.append(case_id)
    return due


def _destroy_one(case_id: int, today: date) -> str:
    """Destroy one due case in its own transaction: "destroyed", "held", or "gone" (someone was first)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.status != Case.Status.CLOSED:
            return "gone"
        if case.on_legal_hold:
            return "held"
        record_system_event(
            action=AccessEvent.Action.DELETE,
            purpose="retention.destroy",
            organisation_id=case.organisation_id,
            case_id=case.pk,
            actor="retention period passed",
        )
        Case.objects.filter(pk=case.pk).delete()
    return "destroyed"


def destroy_expired_cases(today: date | None = None) -> DestructionReport:
    """Destroy every closed case past its organisation's retention period, except those on legal hold.

    One transaction per case: a run that stops half-way keeps what it destroyed, and the next run goes on with
    the rest. A case that fails is logged by its number and does not stop the others.
    """
    today = today or timezone.localdate()
    report = DestructionReport()
    for case_id in _due_case_ids(today):
        try:
            outcome = _destroy_one(case_id, today)
        except Exception as error:
            logger.warning("destroying case %d failed (%s)", case_id, type(error).__name__)
            report.failed.append(case_id)
            continue
        if outcome == "destroyed":
            report.destroyed.append(case_id)
        elif outcome == "held":
            logger.info("case %d is due for destruction but on legal hold: kept", case_id)
            report.held.append(case_id)
    return report


LEGAL_HOLD_PLACE = "place"
LEGAL_HOLD_LIFT = "lift"


def change_legal_hold(
    access: CaseAccess, *, action: str, reason: str, expected_version: int
) -> Case:
    """Place or lift the hold as the user intended, on the version of the case they saw.

    The page posts its intended action and the case version it was rendered with, so a double submit or a
    stale second tab is refused (nothing changed) instead of undoing the hold that was just placed.
    """
    if action == LEGAL_HOLD_PLACE:
        return place_legal_hold(access, reason=reason, expected_version=expected_version)
    if action == LEGAL_HOLD_LIFT:
        return lift_legal_hold(access, reason=reason, expected_version=expected_version)
    raise ValidationError(_("Choose whether to place or lift the legal hold."))


def _current_for_hold(access: CaseAccess, expected_version: int | None) -> Case:
    case = Case.objects.get(pk=access.case.pk)  # locked by the caller's write access
    if expected_version is not None and case.version != expected_version:
        raise ValidationError(
            _(
                "The case has changed since you opened this page. Nothing has been changed. "
                "Check the case page and try again."
            )
        )
    return case


def place_legal_hold(
    access: CaseAccess, *, reason: str, expected_version: int | None = None
) -> Case:
    """Stop the destruction of this case until the hold is lifted (a meldcode officer or organisation
    administrator with access to the case). The previous values are kept in the history.

    With ``expected_version`` (the page's version) a change since the page was opened is refused."""
    _check_may_hold(access)
    if not reason.strip():
        raise ValidationError({"reason": _("Write down why the file must be kept.")})
    case = Case.objects.get(pk=access.case.pk)
    if case.on_legal_hold:
        raise ValidationError(_("This case is already on legal hold. Nothing has been changed."))
    case = _current_for_hold(access, expected_version)
    return update_record(
        access,
        case,
        expected_version=case.version,
        changes={"legal_hold_since": timezone.now(), "legal_hold_reason": reason},
        purpose="case.legal_hold.place",
        timeline_kind="legal_hold_placed",
        timeline_summary=reason,
    )


def lift_legal_hold(
    access: CaseAccess, *, reason: str, expected_version: int | None = None
) -> Case:
    """Lift the hold: the case is destroyed again when its retention period has passed."""
    _check_may_hold(access)
    if not reason.strip():
        raise ValidationError({"reason": _("Write down why the hold can be lifted.")})
    case = Case.objects.get(pk=access.case.pk)
    if not case.on_legal_hold:
        raise ValidationError(_("This case is not on legal hold. Nothing has been changed."))
    case = _current_for_hold(access, expected_version)
    return update_record(
        access,
        case,
        expected_version=case.version,
        changes={"legal_hold_since": None, "legal_hold_reason": ""},
        purpose="case.legal_hold.lift",
        timeline_kind="legal_hold_lifted",
        timeline_summary=reason,
    )


def _check_may_hold(access: CaseAccess) -> None:
    if not can_place_legal_hold(access.user.roles):
        raise PermissionDenied


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
    # A legal hold stops every destruction, also one on request (decision 45): refuse, change nothing.
    if Case.objects.filter(pk=access.case.pk, legal_hold_since__isnull=False).exists():
        raise ValidationError(
            _(
                "This case is on legal hold: the file may not be destroyed. Nothing has been "
                "changed. Refuse the request, or wait until the hold is lifted."
            )
        )
    access.record(AccessEvent.Action.DELETE, "destruction.approved", request)
    Case.objects.filter(pk=access.case.pk).delete()
    return True
