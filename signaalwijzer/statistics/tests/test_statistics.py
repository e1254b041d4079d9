"""The statistics page counts in the database, protects every table, and is only for its roles."""

import datetime as dt

import pytest
from django.urls import reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.statistics import selectors
from signaalwijzer.statistics.disclosure import TOTAL, recomputable
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def officer(organisation):
    user = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(user)
    return user


def _cases(professional, n, **details):
    for _ in range(n):
        services.open_case(user=professional, pseudonym="X.", concern="Zorg.", **details)


def test_counts_by_form_are_computed_and_small_cells_suppressed(professional, organisation):
    _cases(professional, 12, exploitation_forms=["sexual"])
    _cases(professional, 3, exploitation_forms=["criminal"])
    scope = selectors.Scope(
        national=False, organisation_id=organisation.pk, year=dt.date.today().year
    )
    stats = selectors.cases_by_quarter_and_form(scope)
    (quarter,) = stats.table.rows
    assert stats.table.values[(quarter, "sexual")] == 12
    assert stats.table.label(quarter, "criminal") == "<10"
    assert stats.table.shown(quarter, "criminal") is None
    assert recomputable(stats.table) == []


def test_age_bands_come_from_the_date_of_birth(professional, organisation):
    today = dt.date.today()
    _cases(professional, 10, date_of_birth=today.replace(year=today.year - 14), gender="boy")
    scope = selectors.Scope(national=False, organisation_id=organisation.pk, year=today.year)
    stats = selectors.cases_by_age_and_gender(scope)
    assert stats.table.shown("12_15", "boy") == 10


def test_another_organisations_cases_are_not_counted_unless_national(
    professional, outsider_org, organisation
):
    _cases(professional, 10)
    _cases(outsider_org, 10)
    year = dt.date.today().year
    own = selectors.cases_by_age_and_gender(selectors.Scope(False, organisation.pk, year))
    national = selectors.cases_by_age_and_gender(selectors.Scope(True, organisation.pk, year))
    assert own.table.values[(TOTAL, TOTAL)] == 10
    assert national.table.values[(TOTAL, TOTAL)] == 20


def test_averages_need_enough_cases(professional, organisation):
    durations = selectors.time_to_decision(
        selectors.Scope(False, organisation.pk, dt.date.today().year), threshold=10
    )
    assert (durations.to_decision, durations.to_report) == (None, None)


def test_the_page_and_csv_for_the_meldcode_officer(client, officer, professional):
    _cases(professional, 11, exploitation_forms=["labour"])
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
    sign_in(client, officer)
    response = client.get(reverse("statistics:download", args=["forms.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["forms"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 25 in values and 39 in values and "<10" in values
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
