"""A young adult (18-23) exploited outside the household gets the route without the meldcode."""

import datetime as dt

import pytest
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


@pytest.fixture
def adult_case(professional):
    born = TODAY.replace(year=TODAY.year - 19) - dt.timedelta(days=3)
    return services.open_case(
        user=professional, pseudonym="A.", concern="Werkt voor weinig geld.", date_of_birth=born
    )


def _weigh(professional, case, household):
    access = services.CaseAccess(case=case, user=professional, basis="owner")
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={"q1_suspicion": True, "q1_reason": "Signalen.", "exploiter_in_household": household},
    )


def test_the_weighing_asks_an_adult_who_the_exploiter_is(signed_in_client, adult_case, case):
    adult = signed_in_client.get(reverse("cases:weighing", args=[adult_case.pk])).content.decode()
    minor = signed_in_client.get(reverse("cases:weighing", args=[case.pk])).content.decode()
    assert 'id="young-adult"' in adult and "exploiter_in_household" in adult
    assert 'id="young-adult"' not in minor


def test_an_adult_exploited_outside_the_household_gets_the_chain_route(
    signed_in_client, professional, adult_case
):
    url = reverse("cases:detail", args=[adult_case.pk])
    assert "18 jaar of ouder" in signed_in_client.get(url).content.decode()
    _weigh(professional, adult_case, household=False)
    page = signed_in_client.get(url).content.decode()
    assert "AVIM" in page and "zorgcoördinator" in page


def test_within_the_household_the_meldcode_applies(signed_in_client, professional, adult_case):
    _weigh(professional, adult_case, household=True)
    page = signed_in_client.get(reverse("cases:detail", args=[adult_case.pk])).content.decode()
    assert 'id="route"' not in page
