"""The case list on the dashboard: pages of 25, most recently changed first, access events only for cases shown."""

import pytest
from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess, case_page_of_list_for_user
from signaalwijzer.cases.models import CaseMember


@pytest.fixture
def thirty_cases(professional):
    return [
        services.open_case(user=professional, pseudonym=f"P{i}.", concern="Zorg.")
        for i in range(30)
    ]


def _listed_events():
    return AccessEvent.objects.filter(action=AccessEvent.Action.LIST)


def test_the_list_shows_25_cases_per_page_and_logs_only_those(professional, thirty_cases):
    first = case_page_of_list_for_user(professional, purpose="test.list", page=1)
    assert (first.number, first.pages, first.total) == (1, 2, 30)
    assert [c.pk for c in first.cases] == [c.pk for c in reversed(thirty_cases)][:25]
    assert _listed_events().count() == 25
    second = case_page_of_list_for_user(professional, purpose="test.list", page="2")
    assert [c.pk for c in second.cases] == [c.pk for c in reversed(thirty_cases)][25:]
    assert _listed_events().count() == 30


@pytest.mark.parametrize("page", ["0", "-1", "99", "abc", None])
def test_a_wrong_page_number_gives_the_nearest_page(professional, thirty_cases, page):
    shown = case_page_of_list_for_user(professional, purpose="test.list", page=page)
    assert shown.number in (1, 2) and shown.cases


def test_a_consultant_does_not_see_a_closed_case(professional, colleague, case):
    CaseMember.objects.create(
        case=case, user=colleague, role=CaseMember.Role.CONSULTANT, added_by=professional
    )
    assert [c.pk for c in case_page_of_list_for_user(colleague, purpose="t", page=1).cases] == [
        case.pk
    ]
    services.close_case(CaseAccess(case=case, user=professional, basis="owner"), reason="Klaar.")
    assert case_page_of_list_for_user(colleague, purpose="t", page=1).cases == []


def test_the_dashboard_pages_through_my_cases(signed_in_client, thirty_cases):
    first = signed_in_client.get(reverse("cases:dashboard"))
    assert first.context["case_list"].total == 30
    assert b"?page=2#my-cases" in first.content
    second = signed_in_client.get(reverse("cases:dashboard"), {"page": 2})
    assert len(second.context["case_list"].cases) == 5
    assert b"?page=1#my-cases" in second.content
