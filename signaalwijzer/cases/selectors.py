"""Reading the core of a case: who saw it, its team, a destruction request (the case page is casework's)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember, DestructionRequest


def who_saw(access: CaseAccess) -> list[AccessEvent]:
    """The access log of this case, for its owner (list views are left out: they show no content)."""
    return list(
        AccessEvent.objects.filter(case=access.case)
        .exclude(action=AccessEvent.Action.LIST)
        .select_related("user")
        .order_by("-at", "-pk")[:500]
    )


WHO_SAW_PER_PAGE = 25


def who_saw_page(access: CaseAccess, page: int | str | None) -> Page[AccessEvent]:
    """One page (25 events, newest first) of the case's access log, for its owner: two queries, whatever its
    length (the count and the page)."""
    events = (
        AccessEvent.objects.filter(case=access.case)
        .exclude(action=AccessEvent.Action.LIST)
        .select_related("user")
        .order_by("-at", "-pk")
    )
    return Paginator(events, WHO_SAW_PER_PAGE).get_page(page)


def case_page_members(access: CaseAccess) -> list[CaseMember]:
    return list(
        CaseMember.objects.filter(case=access.case)
        .select_related("user")
        .prefetch_related("user__memberships__team")
        .order_by("added_at")
    )


def destruction_request(access: CaseAccess, request_id: int) -> DestructionRequest:
    request = DestructionRequest.objects.filter(pk=request_id, case=access.case).first()
    if request is None:
        raise Http404
    return request


def case_as_saved(access: CaseAccess) -> Case:
    """The case as it is saved now (after someone else's change), for the conflict page."""
    return Case.objects.get(pk=access.case.pk)
