"""The summary the statistics pages read: marked dirty in the same transaction as a case change, rebuilt per
organisation-year by the worker's task, and read by pages whose query count does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.destruction import destroy_expired_cases
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.statistics import selectors, summary
from signaalwijzer.statistics.disclosure import TOTAL
from signaalwijzer.statistics.models import StatisticsCount, StatisticsDirty
from signaalwijzer.statistics.selectors import Scope, block_of
from signaalwijzer.statistics.tasks import rebuild_statistics_summary
from tests.factories import enrol_totp, make_user, sign_in

YEAR = dt.date.today().year


def _open(user, n, **details):
    return [
        services.open_case(user=user, pseudonym="X.", concern="Zorg.", **details) for _ in range(n)
    ]


def _cell(organisation_id, table, row, column):
    return sum(
        StatisticsCount.objects.filter(
            organisation_id=organisation_id, year=YEAR, table=table, row=row, column=column
        ).values_list("n", flat=True)
    )


def _marks():
    return set(StatisticsDirty.objects.values_list("organisation_id", "year"))


def test_block_of_puts_every_year_in_exactly_one_block():
    assert block_of(2025) == block_of(2026) == block_of(2027) == (2025, 2026, 2027)
    assert block_of(2028) == (2028, 2029, 2030)
    for year in range(1990, 2100):
        block = block_of(year)
        assert (
            year in block
            and block == block_of(block[0])
            and block[1:]
            == (
                block[0] + 1,
                block[0] + 2,
            )
        )


def test_a_scope_is_one_year_or_a_whole_block():
    assert Scope("VR13", block_of(2026), None).is_block
    with pytest.raises(ValueError):
        Scope("organisation", (2026, 2027), 1)
    with pytest.raises(ValueError):
        Scope("VR26", (2026,), None)
    national = Scope("national", (2026,), 1)
    assert (national.area, national.years, national.national) == ("national", (2026,), True)


def test_a_change_to_a_case_marks_it_and_the_task_counts_it(professional, organisation):
    cases = _open(professional, 3)
    assert (organisation.pk, YEAR) in _marks()
    assert rebuild_statistics_summary.call() >= 1
    assert _marks() == set()
    assert _cell(organisation.pk, "outcomes", "youth_care", "none") == 3
    # A record of the case changes (a weighing with a decision): the case is marked again.
    access = CaseAccess(case=cases[0], user=professional, basis=CaseMember.Role.OWNER)
    data = {"q1_suspicion": False, "q1_reason": "Geen vermoeden.", "final_decision": "close"}
    meldcode_services.save_weighing(access, expected_version=0, data=data)
    assert (organisation.pk, YEAR) in _marks()
    rebuild_statistics_summary.call()
    assert _cell(organisation.pk, "outcomes", "youth_care", "none") == 2
    assert _cell(organisation.pk, "outcomes", "youth_care", "close") == 1


def test_a_rebuild_changes_the_version_so_the_page_sees_new_counts(professional, organisation):
    _open(professional, 12, exploitation_forms=["sexual"])
    summary.rebuild_dirty()
    scope = Scope("organisation", (YEAR,), organisation.pk)
    before = summary.version(organisation.pk)
    assert selectors.published(scope, ["age_gender"])[0].table.values[(TOTAL, TOTAL)] == 12
    _open(professional, 3)
    summary.rebuild_dirty()
    assert summary.version(organisation.pk) == before + 1
    assert selectors.published(scope, ["age_gender"])[0].table.values[(TOTAL, TOTAL)] == 15


def test_while_the_worker_builds_a_new_version_the_page_shows_the_last_complete_one(
    professional, organisation
):
    """A page never protects every cube itself while the worker is at it: it shows the version the worker
    finished last (``warm`` notes it), and the new one as soon as that is ready."""
    _open(professional, 12, exploitation_forms=["sexual"])
    selectors.warm(summary.rebuild_dirty())
    scope = Scope("organisation", (YEAR,), organisation.pk)
    assert selectors.published(scope, ["age_gender"])[0].table.values[(TOTAL, TOTAL)] == 12
    _open(professional, 3)
    pairs = summary.rebuild_dirty()  # the summary is new; the worker has not built its cubes yet
    with CaptureQueriesContext(connection) as reads:
        shown = selectors.published(scope, ["age_gender"])[0]
    assert shown.table.values[(TOTAL, TOTAL)] == 12
    assert not any("statisticscount" in query["sql"] for query in reads.captured_queries)
    selectors.warm(pairs)
    assert selectors.published(scope, ["age_gender"])[0].table.values[(TOTAL, TOTAL)] == 15


def test_a_destroyed_case_is_no_longer_counted(professional, organisation):
    kept, destroyed = _open(professional, 2)
    summary.rebuild_dirty()
    assert _cell(organisation.pk, "outcomes", "youth_care", "none") == 2
    Case.objects.filter(pk=destroyed.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - dt.timedelta(days=1)
    )
    summary.rebuild_dirty()
    assert destroy_expired_cases(today=dt.date(YEAR + 40, 1, 1)).destroyed == [destroyed.pk]
    assert (organisation.pk, YEAR) in _marks()
    summary.rebuild_dirty()
    assert _cell(organisation.pk, "outcomes", "youth_care", "none") == 1
    assert Case.objects.filter(pk=kept.pk).exists()


def test_a_rolled_back_change_leaves_no_mark(professional, organisation):
    (case,) = _open(professional, 1)
    summary.rebuild_dirty()
    assert _marks() == set()
    with pytest.raises(RuntimeError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(gender="girl")
        assert (organisation.pk, YEAR) in _marks()  # written in the change's own transaction
        raise RuntimeError
    assert _marks() == set()


def test_a_change_marks_even_without_signals(professional, organisation):
    (case,) = _open(professional, 1)
    summary.rebuild_dirty()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET gender = 'boy' WHERE id = %s", [case.pk])
    assert _marks() == {(organisation.pk, YEAR)}


def test_the_rebuild_is_queued_once_per_transaction(
    professional, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _open(professional, 3)
    assert len([c for c in callbacks if c.__name__ == "schedule_rebuild"]) >= 1
    queued = DBTaskResult.objects.filter(task_path__endswith="rebuild_statistics_summary")
    assert queued.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        _open(professional, 1)
    assert queued.count() == 1  # one waiting already: not queued twice


def test_a_block_view_and_a_region_view_come_from_the_same_cube(professional, organisation):
    _open(professional, 11, municipality_code="GM0014")  # Groningen, VR01
    _open(professional, 12)
    summary.rebuild_dirty()
    block = Scope("organisation", block_of(YEAR), organisation.pk)
    (table,) = selectors.published(block, ["age_gender"])
    assert table.table.values[(TOTAL, TOTAL)] == 23
    groningen = selectors.published(Scope("VR01", (YEAR,), None), ["age_gender"])[0]
    national = selectors.published(Scope("national", (YEAR,), None), ["age_gender"])[0]
    assert groningen.table.values[(TOTAL, TOTAL)] == 11
    assert national.table.values[(TOTAL, TOTAL)] == 23


def _page_queries(client, query):
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("statistics:dashboard"), query).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", [{}, {"scope": "national"}])
def test_the_page_query_count_does_not_grow_with_the_data(
    client, professional, outsider_org, organisation, query
):
    researcher = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(researcher)
    sign_in(client, researcher)
    _open(professional, 2)
    summary.rebuild_dirty()
    few = _page_queries(client, query)
    few_cached = _page_queries(client, query)
    _open(professional, 25, exploitation_forms=["sexual", "labour"], gender="girl")
    _open(outsider_org, 15, municipality_code="GM0034")
    summary.rebuild_dirty()
    many = _page_queries(client, query)
    many_cached = _page_queries(client, query)
    assert few == many
    assert few_cached == many_cached < many


def test_after_the_task_the_page_finds_its_tables_ready(professional, outsider_org, organisation):
    from signaalwijzer.statistics.dimensions import TABLES

    _open(professional, 12)
    _open(outsider_org, 3)
    rebuild_statistics_summary.call()
    for scope in (
        Scope("national", (YEAR,), None),
        Scope("organisation", (YEAR,), organisation.pk),
    ):
        with CaptureQueriesContext(connection) as context:
            tables = selectors.published(scope, list(TABLES))
        assert len(tables) == len(TABLES)
        read = [q["sql"] for q in context.captured_queries if "statisticscount" in q["sql"]]
        assert read == []  # served from the protected cubes the task made


def test_a_rebuild_of_one_organisation_keeps_the_others_cached(
    professional, outsider_org, organisation
):
    _open(professional, 2)
    _open(outsider_org, 2)
    summary.rebuild_dirty()
    other = outsider_org.organisation_id
    national, mine, theirs = (
        summary.version(),
        summary.version(organisation.pk),
        summary.version(other),
    )
    _open(professional, 1)
    summary.rebuild_dirty()
    assert summary.version() == national + 1
    assert summary.version(organisation.pk) == mine + 1
    assert summary.version(other) == theirs
