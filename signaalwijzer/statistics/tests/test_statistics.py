"""The statistics page counts in the database, protects every table, and is only for its roles."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.statistics import selectors, summary
from signaalwijzer.statistics.disclosure import HIDDEN_LABEL, TOTAL, recomputable
from signaalwijzer.statistics.tests.oracle import leaks
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def researcher(organisation):
    user = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(user)
    return user


def _published(key, scope):
    """One protected table of a scope, as the page shows it."""
    return selectors.published(scope, [key])[0]


def _cases(professional, n, **details):
    return [
        services.open_case(user=professional, pseudonym="X.", concern="Zorg.", **details)
        for _ in range(n)
    ]


WEIGHINGS = {
    "report": {
        "q1_suspicion": True,
        "q1_reason": "Signalen.",
        "q2_unsafety": "acute",
        "q2_reason": "Mensenhandel.",
        "final_decision": "report",
    },
    "close": {"q1_suspicion": False, "q1_reason": "Geen vermoeden.", "final_decision": "close"},
    "undecided": {"q1_suspicion": True, "q1_reason": "Signalen."},  # saved, no decision yet
}


def _weigh(professional, case, kind):
    access = CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)
    meldcode_services.save_weighing(access, expected_version=0, data=WEIGHINGS[kind])


def _counts(table):
    return {
        row: {column: table.values[(row, column)] for column in table.columns} for row in table.rows
    }


def test_counts_by_form_are_computed_and_small_cells_suppressed(professional, organisation):
    _cases(professional, 12, exploitation_forms=["sexual"])
    _cases(professional, 3, exploitation_forms=["criminal"])
    summary.rebuild_dirty()
    scope = selectors.Scope("organisation", (dt.date.today().year,), organisation.pk)
    stats = selectors.published(scope, ["forms"])[0]
    quarter = f"K{(timezone.localdate().month - 1) // 3 + 1}"
    assert stats.table.rows == ("K1", "K2", "K3", "K4")
    assert stats.table.values[(quarter, "sexual")] == 12
    assert stats.table.label(quarter, "criminal") == HIDDEN_LABEL
    assert stats.table.shown(quarter, "criminal") is None
    assert recomputable(stats.table) == []


def test_age_bands_come_from_the_date_of_birth(professional, organisation):
    today = dt.date.today()
    _cases(professional, 10, date_of_birth=today.replace(year=today.year - 14), gender="boy")
    summary.rebuild_dirty()
    scope = selectors.Scope("organisation", (today.year,), organisation.pk)
    stats = selectors.published(scope, ["age_gender"])[0]
    assert stats.table.shown("12_15", "boy") == 10


def test_another_organisations_cases_are_not_counted_unless_national(
    professional, outsider_org, organisation
):
    _cases(professional, 10)
    _cases(outsider_org, 10)
    summary.rebuild_dirty()
    year = dt.date.today().year
    own = _published("age_gender", selectors.Scope("organisation", (year,), organisation.pk))
    national = _published("age_gender", selectors.Scope("national", (year,), organisation.pk))
    assert own.table.values[(TOTAL, TOTAL)] == 10
    assert national.table.values[(TOTAL, TOTAL)] == 20


def test_averages_need_enough_cases(professional, organisation):
    durations = selectors.durations(
        selectors.Scope("organisation", (dt.date.today().year,), organisation.pk), 10
    )
    assert (durations.to_decision, durations.to_report) == (None, None)


def test_time_to_decision_counts_from_the_first_decision_not_the_last_save(
    professional, organisation
):
    from django.utils import timezone

    from signaalwijzer.meldcode.models import Weighing, WeighingVersion

    (case,) = _cases(professional, 1)
    access = CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)
    today = timezone.localdate()
    services.record_observation(
        access,
        observed_on=today - dt.timedelta(days=10),
        description="Signaal.",
        source="own",
        nature="fact",
    )
    meldcode_services.save_weighing(access, expected_version=0, data=WEIGHINGS["report"])
    # The decision was taken five days ago; today only a typo in a reason is fixed.
    decided = timezone.now() - dt.timedelta(days=5)
    WeighingVersion.objects.filter(case=case).update(decided_at=decided, recorded_at=decided)
    Weighing.objects.filter(case=case).update(updated_at=decided)
    typo_fixed = {**WEIGHINGS["report"], "q2_reason": "Mensenhandel (typfout hersteld)."}
    meldcode_services.save_weighing(access, expected_version=1, data=typo_fixed)
    summary.rebuild_dirty()
    scope = selectors.Scope("organisation", (today.year,), organisation.pk)
    assert selectors.durations(scope, 1).to_decision == 5.0


def test_the_page_and_csv_for_the_meldcode_officer(client, officer, professional):
    _cases(professional, 11, exploitation_forms=["labour"])
    summary.rebuild_dirty()
    sign_in(client, officer)
    page = client.get(reverse("statistics:dashboard"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and 'role="img"' in page.content.decode()
    csv = client.get(reverse("statistics:download", args=["forms.csv"])).content.decode()
    assert "11" in csv


def test_only_a_researcher_sees_the_national_view(client, officer, organisation):
    sign_in(client, officer)
    assert client.get(reverse("statistics:dashboard"), {"scope": "national"}).status_code == 403
    researcher = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(researcher)
    sign_in(client, researcher)
    assert client.get(reverse("statistics:dashboard"), {"scope": "national"}).status_code == 200


def test_a_professional_does_not_see_statistics(signed_in_client):
    assert signed_in_client.get(reverse("statistics:dashboard")).status_code == 403


def test_xlsx_download_holds_the_same_protected_table(client, officer, professional):
    import io

    from openpyxl import load_workbook

    _cases(professional, 25, exploitation_forms=["labour"])
    _cases(professional, 12, exploitation_forms=["sexual"])
    _cases(professional, 2, exploitation_forms=["criminal"])
    summary.rebuild_dirty()
    sign_in(client, officer)
    response = client.get(reverse("statistics:download", args=["forms.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["forms"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 25 in values and 39 in values and HIDDEN_LABEL in values
    # 12 is hidden too: with the total 39 shown, 39 - 25 - 12 would give away the 2.
    assert 2 not in values and 12 not in values


def test_a_full_export_runs_as_a_task_and_can_be_downloaded(
    client, officer, professional, django_capture_on_commit_callbacks
):
    from signaalwijzer.statistics.models import StatisticsExport
    from signaalwijzer.statistics.tasks import build_statistics_export

    _cases(professional, 12)
    sign_in(client, officer)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("statistics:exports")).status_code == 302
    job = StatisticsExport.objects.get()
    page = client.get(reverse("statistics:exports"))
    assert page.context["busy"] is True and b'id="check-again"' in page.content
    assert build_statistics_export.call(job.pk) is True
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    download = client.get(reverse("statistics:export_download", args=[job.pk]))
    assert download.content[:2] == b"PK"  # an XLSX is a zip file


def test_an_export_of_someone_else_is_404(client, officer, organisation):
    from signaalwijzer.statistics.models import StatisticsExport

    other = make_user("other@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    job = StatisticsExport.objects.create(
        requested_by=other, year=2026, status="done", content=b"x"
    )
    sign_in(client, officer)
    assert client.get(reverse("statistics:export_download", args=[job.pk])).status_code == 404


def test_the_outcomes_table_matches_a_hand_count(professional, organisation):
    # 40 cases through the real services: 11 reported, 10 closed, 9 weighed without a decision yet,
    # 10 not weighed at all. Before, the last two groups overwrote each other (the table said 10, not 19).
    plan = ["report"] * 11 + ["close"] * 10 + ["undecided"] * 9 + [None] * 10
    for kind, case in zip(plan, _cases(professional, len(plan)), strict=True):
        if kind is not None:
            _weigh(professional, case, kind)
    summary.rebuild_dirty()
    hand_count = {
        "close": 10,
        "report": 11,
        "organise_help": 0,
        "close_with_monitoring": 0,
        "none": 19,
    }
    year = dt.date.today().year
    for national in (False, True):
        stats = _published(
            "outcomes",
            selectors.Scope("national" if national else "organisation", (year,), organisation.pk),
        )
        counts = _counts(stats.table)
        assert counts.pop("youth_care") == hand_count
        assert all(n == 0 for row in counts.values() for n in row.values())  # the other sectors
        assert stats.table.shown(TOTAL, TOTAL) == 40
        assert stats.table.shown("youth_care", "none") == 19
        assert stats.table.shown("youth_care", "report") == 11


def test_national_minus_own_organisation_gives_away_no_small_number(
    client, professional, outsider_org, organisation, researcher
):
    today = dt.date.today()
    fourteen, sixteen = today.replace(year=today.year - 14), today.replace(year=today.year - 16)
    # The review: 12 in the researcher's own organisation, 13 nationally, so one boy of 12-15 elsewhere.
    _cases(professional, 12, date_of_birth=fourteen, gender="boy")
    _cases(professional, 30, date_of_birth=fourteen, gender="girl")
    _cases(professional, 11, date_of_birth=sixteen, gender="girl")
    _cases(professional, 10, date_of_birth=sixteen, gender="boy")
    _cases(outsider_org, 1, date_of_birth=fourteen, gender="boy")
    _cases(outsider_org, 20, date_of_birth=fourteen, gender="girl")
    _cases(outsider_org, 14, date_of_birth=sixteen, gender="girl")
    summary.rebuild_dirty()
    year = today.year
    own = _published("age_gender", selectors.Scope("organisation", (year,), organisation.pk))
    national = _published("age_gender", selectors.Scope("national", (year,), organisation.pk))
    other = _published(
        "age_gender", selectors.Scope("organisation", (year,), outsider_org.organisation_id)
    )
    assert own.table.shown("12_15", "boy") == 12
    assert national.table.values[("12_15", "boy")] == 13
    assert national.table.shown("12_15", "boy") is None
    for organisation_view in (own, other):
        assert leaks(national.table, _counts(organisation_view.table)) == []
    assert leaks(national.table) == [] and leaks(own.table) == []

    # The same national table in the researcher's CSV download.
    import csv
    import io

    sign_in(client, researcher)
    response = client.get(
        reverse("statistics:download", args=["age_gender.csv"]), {"scope": "national"}
    )
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert "13" not in cells
    assert str(national.table.values[(TOTAL, TOTAL)]) in cells


BAD_QUERIES = [
    {"year": "99999"},  # was a 500: no such date
    {"year": str(10**30)},  # was a 500: too large for a date
    {"year": "0"},
    {"year": "-1"},
    {"year": "1999"},  # a number, but not a year the page offers
    {"year": str(dt.date.today().year + 1)},
    {"year": "twintig"},  # was silently replaced by this year
    {"year": "2026.5"},
    {"scope": "everything"},  # an unknown area
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("statistics:dashboard"),
        reverse_lazy("statistics:download", args=["forms.csv"]),
        reverse_lazy("statistics:download", args=["outcomes.xlsx"]),
        reverse_lazy("statistics:exports"),
    ],
)
def test_bad_query_parameters_are_a_form_error_not_a_500(client, researcher, url, query):
    sign_in(client, researcher)
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")  # the page, not a broken download
    assert response.context["form"].errors
    assert 'id="filter-errors"' in response.content.decode()


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_bad_year_starts_no_export(client, researcher, query):
    from signaalwijzer.statistics.models import StatisticsExport

    sign_in(client, researcher)
    response = client.post(f"{reverse('statistics:exports')}?{urlencode(query)}")
    assert response.status_code == 400
    assert not StatisticsExport.objects.exists()


def test_the_error_says_what_to_do_in_dutch(client, officer):
    sign_in(client, officer)
    response = client.get(reverse("statistics:dashboard"), {"year": "99999"})
    html = response.content.decode()
    assert "Kies een jaar uit de lijst." in html
    assert 'aria-invalid="true"' in html
    assert "<select" in html  # the form is still there to choose again


def test_every_offered_year_and_area_works(client, researcher):
    sign_in(client, researcher)
    for year in range(dt.date.today().year - 5, dt.date.today().year + 1):
        for scope in ("organisation", "national", ""):
            response = client.get(reverse("statistics:dashboard"), {"year": year, "scope": scope})
            assert response.status_code == 200
            assert not response.context["form"].errors


def test_a_national_export_is_gone_once_the_user_is_no_researcher(client, researcher):
    from signaalwijzer.accounts.models import RoleGrant
    from signaalwijzer.statistics.models import StatisticsExport

    job = StatisticsExport.objects.create(
        requested_by=researcher, year=2026, national=True, status="done", content=b"PK"
    )
    sign_in(client, researcher)
    url = reverse("statistics:export_download", args=[job.pk])
    assert client.get(url).status_code == 200
    RoleGrant.objects.filter(user=researcher).update(role=Role.MELDCODE_OFFICER)
    assert client.get(url).status_code == 404
