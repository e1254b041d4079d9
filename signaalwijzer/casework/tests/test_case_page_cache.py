"""The case page body is cached, but never shows stale case data, another user's view or a stale token."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.casework import page_cache
from signaalwijzer.meldcode import services as meldcode_services
from tests.factories import sign_in

TODAY = dt.date.today()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_record_shows_at_once(signed_in_client, owner_access, case):
    _page(signed_in_client, case)
    assert "Afspraak met onbekende man" not in _page(signed_in_client, case)  # now from the cache
    services.record_observation(
        owner_access,
        observed_on=TODAY,
        description="Afspraak met onbekende man",
        source="own",
        nature="fact",
    )
    assert "Afspraak met onbekende man" in _page(signed_in_client, case)
    meldcode_services.record_consultation(
        owner_access, consulted_on=TODAY, consultee="colleague", question="Wat nu?", advice="Bel VT"
    )
    assert "Bel VT" in _page(signed_in_client, case)


def test_a_change_of_the_case_itself_shows_at_once(signed_in_client, owner_access, case):
    assert "Voorlopig dicht" not in _page(signed_in_client, case)
    services.close_case(owner_access, reason="Voorlopig dicht")
    assert "Voorlopig dicht" in _page(signed_in_client, case)


def test_each_user_gets_their_own_page(signed_in_client, owner_access, case, colleague):
    services.add_team_member(owner_access, member=colleague)
    subject_access = reverse("cases:subject_access", args=[case.pk])
    assert subject_access in _page(signed_in_client, case)  # the owner's page, now cached
    other = Client()
    sign_in(other, colleague)
    assert subject_access not in _page(other, case)  # a member may not export


def test_each_language_gets_its_own_page(signed_in_client, case):
    assert "Terug naar het overzicht" in _page(signed_in_client, case)
    signed_in_client.get(reverse("public:switch_language", args=["en"]))
    english = _page(signed_in_client, case)
    assert "Back to the overview" in english
    assert "Terug naar het overzicht" not in english


def test_every_read_is_logged_and_checked_even_from_the_cache(signed_in_client, case, professional):
    for _ in range(3):
        _page(signed_in_client, case)
    reads = AccessEvent.objects.filter(case=case, user=professional, purpose="case.detail")
    assert reads.count() == 3
    CaseMember.objects.filter(case=case, user=professional).delete()
    response = signed_in_client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert reads.count() == 3


def test_the_forms_on_a_cached_page_carry_this_sessions_token(professional, case):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, professional)
    first = TOKEN.findall(_page(client, case))
    second = TOKEN.findall(_page(client, case))  # from the cache
    assert first and second
    assert first != second  # a fresh (masked) token for every response, not the cached one
    response = client.post(
        reverse("cases:contact_logged", args=[case.pk]),
        {"contact": "veilig_thuis", "csrfmiddlewaretoken": second[0]},
    )
    assert response.status_code == 302
    message = "The call has been recorded under step 5."
    with translation.override("nl"):
        message = translation.gettext(message)
    after = _page(client, case)
    assert message in after  # the message is shown once, from a page built for this request
    assert message not in _page(client, case)  # and is not kept in the cached page


def test_the_key_changes_with_the_day_the_language_and_the_basis(owner_access, monkeypatch):
    today = page_cache.key(owner_access, "t")
    with translation.override("en"):
        english = page_cache.key(owner_access, "t")
    emergency = page_cache.key(
        CaseAccess(case=owner_access.case, user=owner_access.user, basis="emergency"), "t"
    )
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: TODAY + dt.timedelta(days=1))
    tomorrow = page_cache.key(owner_access, "t")
    assert len({today, english, emergency, tomorrow}) == 4
