"""The uncached case page (the first read after a change): a fixed number of queries, short lists with a link to
the whole list (for the case team only, and recorded), and contacts that follow the directory."""

import datetime as dt

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.tests.test_query_counts import _fill
from signaalwijzer.casework import case_page as case_page_module
from signaalwijzer.casework.case_page import COLLAPSED
from signaalwijzer.directory.models import CoordinatorEntry
from signaalwijzer.meldcode import services as meldcode_services
from tests.factories import sign_in

TODAY = dt.date.today()
# Queries of one uncached case page request: session, user, second factor,
# roles, the access check with the team and the organisation, which kinds of record the case has, the records of
# those kinds, the coordinators, the session save and the access event (issue 19: 35 on SQLite and 31 on
# PostgreSQL before; 33 and 29 with the team from the access check; then the kinds the case has none of skipped).
UNCACHED_QUERIES = {"sqlite": 24, "postgresql": 20}
ENSCHEDE = "GM0153"


def _uncached_queries(client, case) -> list[str]:
    client.get(case.get_absolute_url())  # a warm-up, as make bench does
    caches["case_pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(case.get_absolute_url()).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _signals(access, n, start=0):
    for i in range(start, start + n):
        services.record_observation(
            access,
            observed_on=TODAY - dt.timedelta(days=1000 - i),
            description=f"Signaal nummer {i:03d}",
            source="own",
            nature="fact",
        )


def test_the_uncached_case_page_costs_a_fixed_number_of_queries_at_10_and_200_records(
    signed_in_client, professional, owner_access, case
):
    _fill(owner_access, professional, 10)
    ten = _uncached_queries(signed_in_client, case)
    _fill(owner_access, professional, 190)
    two_hundred = _uncached_queries(signed_in_client, case)
    assert len(ten) == len(two_hundred)
    if connection.vendor in UNCACHED_QUERIES:
        assert len(ten) == UNCACHED_QUERIES[connection.vendor], "\n".join(ten)
    # The team and the organisation come with the access check: no query of their own.
    assert not any(sql.startswith('SELECT "accounts_organisation"') for sql in ten)
    assert sum('FROM "cases_casemember"' in sql for sql in ten) == 1


def test_kinds_the_case_has_none_of_are_not_read_and_the_page_is_the_same(
    owner_access, professional, monkeypatch
):
    _fill(owner_access, professional, 2)
    with CaptureQueriesContext(connection) as queries:
        skipping = case_page_module.case_page(owner_access, newest=COLLAPSED)
    read = [query["sql"] for query in queries.captured_queries]
    skipped = ("meldcode_step3skip", "consent_sharerecord", "safety_safetyplan", "links_caselink")
    for table in skipped:  # asked only inside the one query of the kinds present
        assert not any(sql.startswith(f'SELECT "{table}"') for sql in read)
    assert any(sql.startswith('SELECT "meldcode_consultation"') for sql in read)
    monkeypatch.setattr(case_page_module, "kinds_present", lambda *args: None)
    everything = case_page_module.case_page(owner_access, newest=COLLAPSED)
    assert vars(skipping) == vars(everything)
    assert skipping.consultations and skipping.actions and skipping.consents


def test_long_lists_show_the_newest_with_the_count_and_a_link_to_the_whole_list(
    signed_in_client, owner_access, case
):
    _signals(owner_access, COLLAPSED + 2)
    page = signed_in_client.get(case.get_absolute_url()).content.decode()
    full = reverse("cases:case_records", args=[case.pk, "signals"])
    assert f'href="{full}"' in page
    assert f"{COLLAPSED} van {COLLAPSED + 2}" in page
    assert "Signaal nummer 011" in page  # the newest
    assert "Signaal nummer 000" not in page  # the oldest is one link away
    timeline = reverse("cases:case_records", args=[case.pk, "timeline"])
    assert f'href="{timeline}"' in page  # every signal added a timeline entry too
    whole = signed_in_client.get(full).content.decode()
    assert "Signaal nummer 000" in whole and "Signaal nummer 011" in whole


def test_a_short_list_has_no_link(signed_in_client, owner_access, case, professional):
    _signals(owner_access, 2)
    meldcode_services.add_action(owner_access, kind="police", owner=professional, due_on=TODAY)
    page = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:case_records", args=[case.pk, "signals"]) not in page
    assert reverse("cases:case_records", args=[case.pk, "actions"]) not in page


def test_the_actions_list_collapses_too(signed_in_client, owner_access, case, professional):
    for _ in range(COLLAPSED + 1):
        meldcode_services.add_action(owner_access, kind="police", owner=professional, due_on=TODAY)
    page = signed_in_client.get(case.get_absolute_url()).content.decode()
    url = reverse("cases:case_records", args=[case.pk, "actions"])
    assert f'href="{url}"' in page
    assert signed_in_client.get(url).content.decode().count("sw-record") >= COLLAPSED + 1


def test_the_whole_list_is_for_the_case_team_only_and_every_read_is_recorded(
    signed_in_client, owner_access, case, professional, colleague
):
    _signals(owner_access, 1)
    url = reverse("cases:case_records", args=[case.pk, "signals"])
    assert signed_in_client.get(url).status_code == 200
    assert AccessEvent.objects.filter(
        case=case, user=professional, action="read", purpose="case.records.signals"
    ).exists()
    outsider = Client()
    sign_in(outsider, colleague)
    assert outsider.get(url).status_code == 404
    assert not AccessEvent.objects.filter(case=case, user=colleague).exists()
    unknown = reverse("cases:case_records", args=[case.pk, "consents"])
    assert signed_in_client.get(unknown).status_code == 404


def test_the_page_shows_the_contacts_as_the_directory_has_them_now(signed_in_client, case):
    call_command("load_directory", stdout=None)
    Case.objects.filter(pk=case.pk).update(municipality_code=ENSCHEDE)
    entry = CoordinatorEntry.objects.get(organisation__contains="Veiligheidsregio Twente")
    assert entry.organisation in signed_in_client.get(case.get_absolute_url()).content.decode()
    CoordinatorEntry.objects.filter(pk=entry.pk).update(organisation="Meldpunt Mensenhandel Twente")
    caches["case_pages"].clear()  # the first read after the change builds the page
    page = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "Meldpunt Mensenhandel Twente" in page
    assert entry.organisation not in page
