"""The one choke point for case data: who may see a case, and the access event for every read.

Views call these functions, never the models. A case (or a record of a case) that the user may not
see is a 404, not a 403: we do not even confirm that it exists.

Access comes from a CaseMember row (owner, member, consulting meldcode officer), or, for a meldcode
officer in an emergency, from an active EmergencyAccess ("break the glass"); every event written under
emergency access is flagged.

One more path, without any case content: an organisation administrator hands over an open case whose owner
left (``User.is_active`` false) to an active case worker (``case_access_for_reassignment``). It opens only such
cases of the administrator's own organisation, reads none of their encrypted columns, and records an event with
the basis ``admin_reassignment`` every time it is used; every other case is a 404 to the administrator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role, can_manage_organisation, can_work_on_cases
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_access, record_list_access
from signaalwijzer.cases.models import Case, CaseMember, EmergencyAccess
from signaalwijzer.encryption import blind_index_candidates

RecordT = TypeVar("RecordT", bound=models.Model)
EMERGENCY = "emergency"
ADMIN_REASSIGNMENT = "admin_reassignment"
# What an administrator's reassignment may read of a case: no pseudonym, concern or other encrypted column.
REASSIGNMENT_FIELDS = ("pk", "organisation_id", "status", "created_at", "updated_at", "version")


@dataclass(frozen=True)
class CaseAccess:
    """Proof that ``user`` may work on ``case``, and on which basis (the membership role, or emergency)."""

    case: Case
    user: User
    basis: str
    # The case team (with their users, by date added), when the check fetched it in its own query (a read);
    # None when it did not (a write, an emergency access).
    team: tuple[CaseMember, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def is_owner(self) -> bool:
        return self.basis == CaseMember.Role.OWNER

    @property
    def is_emergency(self) -> bool:
        return self.basis == EMERGENCY

    @property
    def is_admin_reassignment(self) -> bool:
        """The organisation administrator hands over a case whose owner left; not a member, no content."""
        return self.basis == ADMIN_REASSIGNMENT

    def record(self, action: str, purpose: str, record: models.Model | None = None) -> AccessEvent:
        return record_access(
            user=self.user,
            action=action,
            purpose=purpose,
            basis=self.basis,
            case=self.case,
            record=record,
            emergency=self.is_emergency,
        )


def _basis(
    user: User, case_id: int, *, lock: bool, team: list[CaseMember] | None = None
) -> tuple[Case, str]:
    """The case and the user's basis for it; with ``team`` (a list to fill), the whole case team is read in
    the same query (the case and its organisation joined to every member row) and put in it."""
    if not user.is_authenticated or not can_work_on_cases(user.roles):
        raise Http404
    members = CaseMember.objects.select_related("case__organisation").filter(case_id=case_id)
    if lock:
        members = members.select_for_update(of=("case",))
    if team is None:
        # (case, user) is unique, so no ordering is needed to pick the one row.
        membership = next(iter(members.filter(user=user).order_by()[:1]), None)
    else:
        rows = list(members.select_related("user").order_by("added_at", "pk"))
        membership = next((row for row in rows if row.user_id == user.pk), None)
        if membership is not None:
            for row in rows:
                row.case = membership.case  # one Case object for the whole team
            team.extend(rows)
    if membership is not None:
        case = membership.case
        if membership.role == CaseMember.Role.CONSULTANT and not case.is_open:
            raise Http404  # a consulting meldcode officer's access ends when the case closes
        if case.organisation_id != user.organisation_id:
            raise Http404
        return case, membership.role
    if Role.MELDCODE_OFFICER in user.roles:
        emergency = (
            EmergencyAccess.objects.select_related("case__organisation")
            .filter(case_id=case_id, user=user, expires_at__gt=timezone.now())
            .first()
        )
        if emergency is not None and emergency.case.organisation_id == user.organisation_id:
            return emergency.case, EMERGENCY
    raise Http404


def case_access_for_user(user: User, case_id: int, *, lock: bool = False) -> CaseAccess:
    """Check access for a write; the service records the event with the record it writes.

    With ``lock`` the case row is locked until the transaction ends, so writes to one case queue.
    """
    case, basis = _basis(user, case_id, lock=lock)
    return CaseAccess(case=case, user=user, basis=basis)


def case_get_for_user(user: User, case_id: int, *, purpose: str) -> CaseAccess:
    """Check access for a read, and record exactly one access event for it.

    No transaction of its own: the check only reads, and the event is written atomically by itself.
    """
    team: list[CaseMember] = []
    case, basis = _basis(user, case_id, lock=False, team=team)
    access = CaseAccess(case=case, user=user, basis=basis, team=tuple(team) if team else None)
    access.record(AccessEvent.Action.READ, purpose)
    return access


def awaiting_handover(user: User) -> models.QuerySet[Case]:
    """Open cases of the administrator's organisation that no active user owns (the owner left); no case for
    anyone else. Only the columns of ``REASSIGNMENT_FIELDS`` are read: an administrator sees no case content."""
    if (
        not user.is_authenticated
        or not can_manage_organisation(user.roles)
        or user.organisation_id is None
    ):
        return Case.objects.none()
    active_owner = CaseMember.objects.filter(
        case=models.OuterRef("pk"), role=CaseMember.Role.OWNER, user__is_active=True
    )
    return (
        Case.objects.filter(organisation_id=user.organisation_id, status=Case.Status.OPEN)
        .filter(~models.Exists(active_owner))
        .only(*REASSIGNMENT_FIELDS)
    )


def note_handover_list(user: User, cases: Iterable[Case], *, purpose: str) -> None:
    """One LIST event per case an administrator saw in the list of cases to hand over (number and dates only)."""
    record_list_access(
        user=user, cases=[(case, ADMIN_REASSIGNMENT) for case in cases], purpose=purpose
    )


def case_access_for_reassignment(
    user: User, case_id: int, *, purpose: str, lock: bool = False
) -> CaseAccess:
    """An organisation administrator's access to one case awaiting handover, to choose its new owner.

    404 unless the case is open, of the administrator's organisation and owned by no active user. Records one
    LIST event (the administrator sees the case's number and dates, never its content). With ``lock`` the case
    row is locked until the transaction ends, like a write. ``cases.services.transfer_ownership`` accepts this
    access and records the handover itself.
    """
    cases = awaiting_handover(user).filter(pk=case_id)
    if lock:
        cases = cases.select_for_update()
    case = cases.first()
    if case is None:
        raise Http404
    access = CaseAccess(case=case, user=user, basis=ADMIN_REASSIGNMENT)
    access.record(AccessEvent.Action.LIST, purpose)
    return access


@dataclass(frozen=True)
class CaseListFilter:
    """What narrows the list; None (or False) means "any". Access is never widened by a filter.

    ``within`` is a condition on the CaseMember rows from the composing layer (the step, overdue actions, my
    actions: things the core does not know about); ``search`` is a whole pseudonym or reference, matched
    through the blind indexes, never by decrypting rows.
    """

    status: str | None = Case.Status.OPEN
    owner_id: int | None = None
    team_id: int | None = None
    within: models.Q | None = None
    search: str | None = None


def _owned(**owner: object) -> models.Exists:
    return models.Exists(
        CaseMember.objects.filter(case=models.OuterRef("case"), role=CaseMember.Role.OWNER, **owner)
    )


def _filtered(
    memberships: models.QuerySet[CaseMember], chosen: CaseListFilter
) -> models.QuerySet[CaseMember]:
    if chosen.status is not None:
        memberships = memberships.filter(case__status=chosen.status)
    if chosen.owner_id is not None:
        memberships = memberships.filter(_owned(user_id=chosen.owner_id))
    if chosen.team_id is not None:
        memberships = memberships.filter(_owned(user__memberships__team_id=chosen.team_id))
    if chosen.within is not None:
        memberships = memberships.filter(chosen.within)
    if chosen.search is not None:
        digests = blind_index_candidates(chosen.search)
        memberships = memberships.filter(
            models.Q(case__pseudonym_index__in=digests)
            | models.Q(case__reference_index__in=digests)
        )
    return memberships


@transaction.atomic
def _memberships_for_list(
    user: User, organisation_id: int, status: str | None
) -> models.QuerySet[CaseMember]:
    memberships = (
        CaseMember.objects.select_related("case")
        .filter(user=user, case__organisation_id=organisation_id)
        # A consulting meldcode officer sees a case only while it is open.
        .filter(
            ~models.Q(role=CaseMember.Role.CONSULTANT) | models.Q(case__status=Case.Status.OPEN)
        )
        .order_by("-case__updated_at", "-case__pk")
    )
    if status is not None:
        memberships = memberships.filter(case__status=status)
    return memberships


def listable_case_ids(user: User) -> models.QuerySet[CaseMember, Any]:
    """The ids of the cases the user may see in a list (as a subquery: ``case_id__in=...``)."""
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        return CaseMember.objects.none().values("case_id")
    return _memberships_for_list(user, user.organisation_id, None).order_by().values("case_id")


def _listed(user: User, memberships: Iterable[CaseMember], purpose: str) -> list[Case]:
    shown = list(memberships)
    record_list_access(user=user, cases=[(m.case, m.role) for m in shown], purpose=purpose)
    cases = []
    for membership in shown:
        membership.case.access_basis = membership.role  # type: ignore[attr-defined]
        cases.append(membership.case)
    return cases


@dataclass(frozen=True)
class CaseListPage:
    cases: list[Case]
    number: int
    pages: int
    total: int


def case_page_of_list_for_user(
    user: User,
    *,
    purpose: str,
    page: int | str | None,
    per_page: int = 25,
    status: str | None = Case.Status.OPEN,
    chosen: CaseListFilter | None = None,
) -> CaseListPage:
    """One page of the user's cases (open ones by default), most recently changed first; one LIST event per case
    shown, none for the other pages.

    ``chosen`` (when given) replaces ``status``. A search writes one SEARCH event, without the search term.
    """
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        return CaseListPage(cases=[], number=1, pages=1, total=0)
    chosen = chosen or CaseListFilter(status=status)
    memberships = _filtered(_memberships_for_list(user, user.organisation_id, None), chosen)
    if chosen.search is not None:
        # Who searched, when and where; the term itself is personal data and is not kept, not even hashed.
        record_access(
            user=user,
            action=AccessEvent.Action.SEARCH,
            purpose=f"{purpose}.search",
            basis="case_list",
        )
    paginator = Paginator(memberships, per_page)
    shown = paginator.get_page(
        page
    )  # a wrong or too high number gives the nearest page, never an error
    return CaseListPage(
        cases=_listed(user, shown.object_list, purpose),
        number=shown.number,
        pages=paginator.num_pages,
        total=paginator.count,
    )
