"""The case list of the dashboard: filters (status, step, overdue, owner, team, my actions) and the search.

The filters are a plain GET form and stay in the address; the search term is personal data, so it is sent in
the body of a POST (with CSRF) and never put in an address, a redirect or a log. The list itself comes from
``cases.access`` (membership first, one LIST event per case shown, one SEARCH event without the term).

The current step is not a column: it follows from the records of five apps by the pure rule in
``stappenplan.py``. When the step filter is used, one query reads the progress counts of all the user's
listable cases (the officer overview's annotations, no encrypted column) and the rule picks the ids; the number
of queries stays the same whatever the number of cases, the work grows with the user's own caseload only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from signaalwijzer.accounts.models import Team, User
from signaalwijzer.accounts.roles import can_work_on_cases
from signaalwijzer.cases.access import (
    CaseListFilter,
    CaseListPage,
    case_page_of_list_for_user,
    listable_case_ids,
)
from signaalwijzer.cases.forms import CaseListFilterForm, CaseSearchForm
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.casework.overview import cases_with_progress, progress_facts
from signaalwijzer.casework.stappenplan import current_step, progress
from signaalwijzer.meldcode.models import Action

PURPOSE = "dashboard.cases"
STATUSES = {"open": Case.Status.OPEN, "closed": Case.Status.CLOSED, "all": None}


@dataclass(frozen=True)
class CaseList:
    page: CaseListPage
    filter_form: CaseListFilterForm
    search_form: CaseSearchForm
    searched: bool  # the page shows search results (pages are then buttons of the search form)
    filtered: bool  # a filter other than the default (open cases) is in use


def _owners(user: User) -> list[User]:
    """Colleagues who own a case the user can see (for the owner filter)."""
    owner_ids = CaseMember.objects.filter(
        role=CaseMember.Role.OWNER, case_id__in=listable_case_ids(user)
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=owner_ids).exclude(pk=user.pk).order_by("full_name", "email")
    )


def _teams(user: User) -> list[tuple[int, str]]:
    assert user.organisation_id is not None
    return list(
        Team.objects.filter(organisation_id=user.organisation_id)
        .order_by("name")
        .values_list("pk", "name")
    )


def _at_step(user: User, step: int, status: str | None) -> list[int]:
    """The listable cases whose current step is ``step`` (one query; see the module's docstring)."""
    assert user.organisation_id is not None
    rows = (
        cases_with_progress(user, user.organisation_id)
        .filter(pk__in=listable_case_ids(user))
        .order_by()
    )
    if status is not None:
        rows = rows.filter(status=status)
    return [case.pk for case in rows if current_step(progress(progress_facts(case))) == step]


def _chosen(user: User, data: dict[str, Any], search: str | None) -> CaseListFilter:
    status = STATUSES.get(data.get("status") or "open", Case.Status.OPEN)
    within = Q()
    if data.get("overdue"):
        overdue = Action.objects.filter(
            status=Action.Status.OPEN, due_on__lt=timezone.localdate()
        ).values("case_id")
        within &= Q(case_id__in=overdue)
    if data.get("my_actions"):
        mine = Action.objects.filter(owner=user, status=Action.Status.OPEN).values("case_id")
        within &= Q(case_id__in=mine)
    if data.get("step"):
        within &= Q(case_id__in=_at_step(user, int(data["step"]), status))
    owner = data.get("owner") or ""
    return CaseListFilter(
        status=status,
        owner_id=user.pk if owner == "me" else int(owner) if owner else None,
        team_id=int(data["team"]) if data.get("team") else None,
        within=within or None,
        search=search,
    )


def case_list(request: HttpRequest, user: User) -> CaseList | None:
    """The dashboard's case list for this request (GET: filters; POST: the search as well)."""
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        return None
    filter_form = CaseListFilterForm(request.GET or None, owners=_owners(user), teams=_teams(user))
    # A wrong value in one filter (an old link, a hand-edited address) drops that filter only.
    data: dict[str, Any] = {}
    if filter_form.is_bound:
        filter_form.is_valid()
        data = filter_form.cleaned_data
    search_form = CaseSearchForm(request.POST if request.method == "POST" else None)
    search = (
        search_form.cleaned_data["q"] if search_form.is_bound and search_form.is_valid() else None
    )
    page_number = request.POST.get("page") if search is not None else request.GET.get("page")
    page = case_page_of_list_for_user(
        user, purpose=PURPOSE, page=page_number, chosen=_chosen(user, data, search)
    )
    filtered = (
        any(value for key, value in data.items() if key != "status")
        or (data.get("status") or "open") != "open"
    )
    return CaseList(
        page=page,
        filter_form=filter_form,
        search_form=search_form,
        searched=search is not None,
        filtered=filtered,
    )
