"""The dashboard's case list: filters in the address, the search in a POST body (blind index), audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.meldcode import services as meldcode_services
from tests.factories import sign_in

TODAY = dt.date.today()
DASHBOARD = "cases:dashboard"


def _open(user, pseudonym, reference=""):
    return services.open_case(user=user, pseudonym=pseudonym, concern="Zorg.", reference=reference)


def _access(case, user, basis="owner"):
    return CaseAccess(case=Case.objects.get(pk=case.pk), user=user, basis=basis)


def _listed(response):
    return [case.pk for case in response.context["case_list"].cases]


def _get(client, **params):
    response = client.get(reverse(DASHBOARD), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def _search(client, term, *, query="", page=None):
    data = {"q": term, **({"page": page} if page else {})}
    response = client.post(reverse(DASHBOARD) + query, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def test_closed_cases_are_listed_when_asked_for(signed_in_client, professional):
    open_case, closed = _open(professional, "A."), _open(professional, "B.")
    services.close_case(_access(closed, professional), reason="Klaar.")
    assert _listed(_get(signed_in_client)) == [open_case.pk]
    assert _listed(_get(signed_in_client, status="closed")) == [closed.pk]
    assert set(_listed(_get(signed_in_client, status="all"))) == {open_case.pk, closed.pk}
    # A wrong value drops that filter only.
    assert _listed(_get(signed_in_client, status="nonsense")) == [open_case.pk]


def test_the_step_filter_uses_the_stappenplan(signed_in_client, professional):
    at_step_1, at_step_2 = _open(professional, "A."), _open(professional, "B.")
    services.record_observation(
        _access(at_step_2, professional),
        observed_on=TODAY,
        description="Dure schoenen.",
        source="own",
        nature="fact",
    )
    assert _listed(_get(signed_in_client, step="1")) == [at_step_1.pk]
    assert _listed(_get(signed_in_client, step="2")) == [at_step_2.pk]
    assert _listed(_get(signed_in_client, step="3")) == []


def test_overdue_and_my_actions(signed_in_client, professional, colleague):
    overdue, mine_later, colleagues = (_open(professional, n) for n in ("A.", "B.", "C."))
    for case in (overdue, colleagues):
        services.add_team_member(_access(case, professional), member=colleague)
    meldcode_services.add_action(
        _access(overdue, professional),
        kind="police",
        owner=colleague,
        due_on=TODAY - dt.timedelta(days=2),
    )
    meldcode_services.add_action(
        _access(mine_later, professional),
        kind="police",
        owner=professional,
        due_on=TODAY + dt.timedelta(days=5),
    )
    meldcode_services.add_action(
        _access(colleagues, professional), kind="police", owner=colleague, due_on=TODAY
    )
    assert _listed(_get(signed_in_client, overdue="on")) == [overdue.pk]
    assert _listed(_get(signed_in_client, my_actions="on")) == [mine_later.pk]


def test_owner_and_team_filters(signed_in_client, professional, colleague, outsider_team, team):
    mine = _open(professional, "A.")
    theirs = _open(outsider_team, "B.")
    services.add_team_member(_access(theirs, outsider_team), member=professional)
    assert set(_listed(_get(signed_in_client))) == {mine.pk, theirs.pk}
    assert _listed(_get(signed_in_client, owner="me")) == [mine.pk]
    assert _listed(_get(signed_in_client, owner=str(outsider_team.pk))) == [theirs.pk]
    assert _listed(_get(signed_in_client, team=str(team.pk))) == [mine.pk]
    # The owner filter never widens access: a colleague's own cases stay hidden.
    hidden = _open(colleague, "C.")
    assert hidden.pk not in _listed(_get(signed_in_client, owner=str(colleague.pk)))


def test_the_search_finds_the_whole_normalised_pseudonym_or_reference(
    signed_in_client, professional
):
    jan = _open(professional, "Jan  de J.", reference="DOS-17")
    _open(professional, "Piet")
    assert _listed(_search(signed_in_client, "  JAN DE j. ")) == [jan.pk]
    assert _listed(_search(signed_in_client, "ｄｏｓ-17")) == [jan.pk]  # full-width: NFKC
    assert _listed(_search(signed_in_client, "Jan")) == []  # no partial matches
    # Filters still apply to a search: the case is open, so not among the closed ones.
    assert _listed(_search(signed_in_client, "dos-17", query="?status=closed")) == []


def test_the_search_term_is_not_in_an_address_or_the_log(signed_in_client, professional):
    _open(professional, "Zeldzaam", reference="REF-9")
    before = AccessEvent.objects.count()
    response = _search(signed_in_client, "Zeldzaam")
    # No redirect (which would put the term in an address); the page's links carry no q.
    assert response.status_code == 200 and "q=" not in response.content.decode()
    searches = AccessEvent.objects.filter(action=AccessEvent.Action.SEARCH)
    assert searches.count() == 1
    event = searches.get()
    assert (event.user_id, event.purpose, event.case_id) == (
        professional.pk,
        "dashboard.cases.search",
        None,
    )
    for new in AccessEvent.objects.all()[: AccessEvent.objects.count() - before]:
        assert "Zeldzaam".casefold() not in str(new.chain_content()).casefold()
    # A q in the address is ignored: the search only comes from a POST body.
    assert AccessEvent.objects.filter(action=AccessEvent.Action.SEARCH).count() == 1
    _get(signed_in_client, q="Zeldzaam")
    assert AccessEvent.objects.filter(action=AccessEvent.Action.SEARCH).count() == 1


def test_the_search_needs_the_csrf_token(professional, case):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, professional)
    assert client.post(reverse(DASHBOARD), {"q": "J."}).status_code == 403


def test_a_stranger_finds_nothing(client, outsider_team, outsider_org, case):
    for stranger in (outsider_team, outsider_org):
        client.logout()
        sign_in(client, stranger)
        assert _listed(_search(client, "J.")) == []
        assert _listed(_get(client, status="all")) == []


def test_search_results_page_by_post(signed_in_client, professional):
    for i in range(27):
        _open(professional, "Twin", reference=f"R{i}")
    first = _search(signed_in_client, "twin")
    assert (first.context["case_list"].total, len(_listed(first))) == (27, 25)
    assert b'form="case-search" name="page" value="2"' in first.content
    second = _search(signed_in_client, "twin", page="2")
    assert len(_listed(second)) == 2


def _count(client, method, *args):
    with CaptureQueriesContext(connection) as queries:
        assert getattr(client, method)(*args).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    [
        "?status=all",
        "?step=2&status=all",
        "?overdue=on&my_actions=on",
        "?owner=me",
        "?team=1",
    ],
)
def test_filters_cost_the_same_queries_for_1_or_8_cases(signed_in_client, professional, query):
    def start():
        case = _open(professional, "X.", reference="R")
        access = _access(case, professional)
        services.record_observation(
            access, observed_on=TODAY, description="d", source="own", nature="fact"
        )
        meldcode_services.add_action(
            access, kind="police", owner=professional, due_on=TODAY - dt.timedelta(days=1)
        )

    url = reverse(DASHBOARD) + query
    start()
    few = _count(signed_in_client, "get", url)
    for _ in range(7):
        start()
    assert _count(signed_in_client, "get", url) == few
    few_search = _count(signed_in_client, "post", url, {"q": "x."})
    for _ in range(3):
        start()
    assert _count(signed_in_client, "post", url, {"q": "x."}) == few_search


def test_membership_comes_first_for_a_consultant_of_a_closed_case(professional, colleague, case):
    CaseMember.objects.create(
        case=case, user=colleague, role=CaseMember.Role.CONSULTANT, added_by=professional
    )
    services.close_case(_access(case, professional), reason="Klaar.")
    client = Client()
    sign_in(client, colleague)
    assert _listed(_get(client, status="closed")) == []
    assert _listed(_search(client, "J.", query="?status=all")) == []
