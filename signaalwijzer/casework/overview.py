"""The meldcode officer's overview: every meldcode trajectory of the organisation, as progress only.

No case content: each row holds the case number, dates, the five step states and flags, computed in the
database from counts and existence checks (no encrypted column is read or decrypted). A fixed number of queries
whatever the page holds: the count, the page with its annotations, the page's reports to Veilig Thuis, and the
LIST events (one per case shown, purpose ``officer_overview``).

Opening a case still goes through ``cases/access.py``: the overview links only where the officer is a member
(or holds active emergency access); otherwise it points to the owner's invitation or break-the-glass.

Approximation: ``consent_recorded`` here means "has any consent record"; the case page also checks that every
party the age rule requires has one (that needs the encrypted date of birth).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.audit.services import record_list_access
from signaalwijzer.cases.models import Case, CaseMember, EmergencyAccess, Observation
from signaalwijzer.casework.case_page import EXPERTS_FOR_THE_WEIGHING
from signaalwijzer.casework.stappenplan import CaseFacts, StepStatus, progress
from signaalwijzer.consent.models import ConsentRecord
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.meldcode.deadlines import feedback_overdue
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    Step3Skip,
    VeiligThuisFeedback,
    Weighing,
)

INACTIVE_AFTER = timedelta(days=30)
PER_PAGE = 25
PURPOSE = "officer_overview"
BASIS = "meldcode_officer_overview"


@dataclass(frozen=True)
class OverviewRow:
    number: int
    opened_at: Any  # datetime; the template shows the local date
    is_open: bool
    steps: tuple[StepStatus, ...]
    report_overdue: bool  # an open report to Veilig Thuis past its due date
    feedback_overdue: bool  # a report made, no feedback from Veilig Thuis after 5 working days
    monitoring_open: bool  # an open follow-up (question 5) action
    monitoring_due_on: date | None
    inactive: bool  # no change for 30 days
    can_open: bool  # the officer is in the team, or holds active emergency access


@dataclass(frozen=True)
class OverviewPage:
    rows: list[OverviewRow]
    number: int
    pages: int
    total: int


def _count(queryset: models.QuerySet[Any]) -> Coalesce:
    per_case = (
        queryset.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_case, output_field=IntegerField()), 0)


def _of_case(queryset: models.QuerySet[Any]) -> Exists:
    return Exists(queryset.filter(case=OuterRef("pk")))


def cases_with_progress(user: User, organisation_id: int) -> models.QuerySet[Case]:
    now = timezone.now()
    live_actions = Action.objects.exclude(status=Action.Status.CANCELLED)
    open_monitoring = Action.objects.filter(kind=Action.Kind.MONITORING, status=Action.Status.OPEN)
    weighings = Weighing.objects.filter(case=OuterRef("pk"))
    return (
        Case.objects.filter(organisation_id=organisation_id)
        # Only what the row needs: no encrypted column is read.
        .only("pk", "organisation_id", "status", "created_at", "updated_at", "exploitation_forms")
        .annotate(
            n_observations=_count(Observation.objects.all()),
            n_assessments=_count(Assessment.objects.filter(status=Assessment.Status.FINISHED)),
            n_consultations=_count(Consultation.objects.filter(stage=Consultation.Stage.STEP_2)),
            n_conversations=_count(Conversation.objects.filter(kind=Conversation.Kind.STEP_3)),
            step3_skipped=_of_case(Step3Skip.objects.all()),
            consent_recorded=_of_case(ConsentRecord.objects.all()),
            weighing_started=_of_case(Weighing.objects.all()),
            weighing_decision=Subquery(weighings.values("final_decision")[:1]),
            q1_suspicion=Subquery(weighings.values("q1_suspicion")[:1]),
            weighing_presented=_of_case(
                Conversation.objects.filter(kind=Conversation.Kind.WEIGHING_PRESENTED)
            ),
            # An empty encrypted field is stored as "" (signaalwijzer/encryption.py): no decryption needed.
            no_expert_reason=_of_case(Weighing.objects.exclude(no_expert_consultation_reason="")),
            no_coordinator_reason=_of_case(
                Weighing.objects.exclude(no_coordinator_contact_reason="")
            ),
            experts_consulted=_of_case(
                Consultation.objects.filter(
                    stage=Consultation.Stage.STEP_4, consultee__in=EXPERTS_FOR_THE_WEIGHING
                )
            ),
            n_actions=_count(live_actions),
            n_open_actions=_count(live_actions.filter(status=Action.Status.OPEN)),
            report_made=_of_case(
                live_actions.filter(kind=Action.Kind.REPORT_VEILIG_THUIS, reported_on__isnull=False)
            ),
            follow_up_planned=_of_case(
                live_actions.filter(kind=Action.Kind.MONITORING, due_on__isnull=False)
            ),
            coordinator_contacted=_of_case(
                live_actions.filter(kind=Action.Kind.CARE_COORDINATOR, status=Action.Status.DONE)
            ),
            report_overdue=_of_case(
                Action.objects.filter(
                    kind=Action.Kind.REPORT_VEILIG_THUIS,
                    status=Action.Status.OPEN,
                    due_on__lt=timezone.localdate(),
                )
            ),
            monitoring_open=_of_case(open_monitoring),
            monitoring_due_on=Subquery(
                open_monitoring.filter(case=OuterRef("pk"))
                .order_by()
                .values("case")
                .annotate(first=Min("due_on"))
                .values("first")
            ),
            # A consulting officer's membership ends when the case closes (cases/access.py).
            is_member=Exists(
                CaseMember.objects.filter(case=OuterRef("pk"), user=user).filter(
                    ~Q(role=CaseMember.Role.CONSULTANT) | Q(case__status=Case.Status.OPEN)
                )
            ),
            has_emergency_access=Exists(
                EmergencyAccess.objects.filter(case=OuterRef("pk"), user=user, expires_at__gt=now)
            ),
        )
        .order_by("-status", "-created_at", "-pk")  # open before closed, newest first
    )


def progress_facts(case: Any) -> CaseFacts:
    return CaseFacts(
        observations=case.n_observations,
        assessments=case.n_assessments,
        consultations=case.n_consultations,
        conversations=case.n_conversations,
        step3_skipped=case.step3_skipped,
        consent_recorded=case.consent_recorded,
        weighing_started=case.weighing_started,
        weighing_decision=case.weighing_decision or None,
        weighing_presented=case.weighing_presented,
        actions=case.n_actions,
        open_actions=case.n_open_actions,
        report_made=case.report_made,
        follow_up_planned=case.follow_up_planned,
        weighing_discussed_with_experts=case.experts_consulted or case.no_expert_reason,
        exploitation_suspected=bool(case.exploitation_forms) or bool(case.q1_suspicion),
        coordinator_contacted=case.coordinator_contacted or case.no_coordinator_reason,
    )


def _feedback_overdue(case_ids: list[int], today: date) -> set[int]:
    """The cases with a report made whose feedback from Veilig Thuis is overdue (one query)."""
    reports = (
        Action.objects.filter(
            case_id__in=case_ids,
            kind=Action.Kind.REPORT_VEILIG_THUIS,
            reported_on__isnull=False,
        )
        .exclude(status=Action.Status.CANCELLED)
        .annotate(has_feedback=Exists(VeiligThuisFeedback.objects.filter(action=OuterRef("pk"))))
        .values_list("case_id", "reported_on", "has_feedback")
    )
    return {
        case_id
        for case_id, reported_on, has_feedback in reports
        if reported_on is not None
        and feedback_overdue(reported_on, today, feedback_received=has_feedback)
    }


def officer_overview(user: User, *, page: int | str | None) -> OverviewPage:
    """One page of the organisation's cases as progress only, for a meldcode officer; one LIST event per case
    shown. Anyone else gets an empty page (the view refuses them before)."""
    if Role.MELDCODE_OFFICER not in user.roles or user.organisation_id is None:
        return OverviewPage(rows=[], number=1, pages=1, total=0)
    paginator = Paginator(cases_with_progress(user, user.organisation_id), PER_PAGE)
    shown = paginator.get_page(page)  # a wrong or too high number gives the nearest page
    cases = list(shown.object_list)
    record_list_access(user=user, cases=[(case, BASIS) for case in cases], purpose=PURPOSE)
    today = timezone.localdate()
    stale_before = timezone.now() - INACTIVE_AFTER
    late_feedback = _feedback_overdue([case.pk for case in cases], today) if cases else set()
    rows = [
        OverviewRow(
            number=case.pk,
            opened_at=case.created_at,
            is_open=case.is_open,
            steps=progress(progress_facts(case)),
            report_overdue=case.report_overdue,
            feedback_overdue=case.pk in late_feedback,
            monitoring_open=case.monitoring_open,
            monitoring_due_on=case.monitoring_due_on,
            inactive=case.is_open and case.updated_at < stale_before,
            can_open=case.is_member or case.has_emergency_access,
        )
        for case in cases
    ]
    return OverviewPage(
        rows=rows, number=shown.number, pages=paginator.num_pages, total=paginator.count
    )
