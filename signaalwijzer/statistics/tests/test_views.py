"""The statistics page: period and area filters, who sees which area, every table, and downloads of the same view."""

import csv
import datetime as dt
import io
from html import escape
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case
from signaalwijzer.statistics import summary
from signaalwijzer.statistics.dimensions import TABLES
from signaalwijzer.statistics.disclosure import TOTAL
from signaalwijzer.statistics.selectors import block_of
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def researcher(organisation):
    user = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(user)
    return user


@pytest.fixture
def organisation_admin(organisation):
    user = make_user(
        "admin@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(user)
    return user


def _cases(professional, n, **details):
    return [
        services.open_case(user=professional, pseudonym="X.", concern="Zorg.", **details)
        for _ in range(n)
    ]


def _counted():
    """The pages read the summary, which the worker rebuilds after a change; here the test rebuilds it."""
    summary.rebuild_dirty()


def _table(response, key):
    (stats,) = [stats for stats in response.context["tables"] if stats.key == key]
    return stats.table


def test_every_table_is_on_the_page_with_its_chart_data_table_and_note(
    client, officer, professional
):
    _cases(professional, 12, exploitation_forms=["sexual"])
    _counted()
    sign_in(client, officer)
    response = client.get(reverse("statistics:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert [stats.key for stats in response.context["tables"]] == list(TABLES)
    for key, definition in TABLES.items():
        assert f'id="title-{key}"' in html, key
        assert f'aria-labelledby="title-{key}"' in html  # the chart is named by the table's title
        assert f'id="note-{key}"' in html
        assert escape(str(definition.note)) in html, key
        assert reverse("statistics:download", args=[f"{key}.csv"]) in html
    for key in ("lvb", "setting", "recruitment", "method", "location", "missing", "chain"):
        assert key in TABLES
    assert html.count('<svg class="sw-chart" role="img"') == len(TABLES)
    assert html.count("<table") == len(TABLES)


def test_a_three_year_block_adds_up_its_years(client, officer, professional):
    this_year = timezone.localdate().year
    last_year = this_year - 1
    _cases(professional, 12)
    earlier = _cases(professional, 10)
    Case.objects.filter(pk__in=[case.pk for case in earlier]).update(
        created_at=timezone.make_aware(dt.datetime(last_year, 6, 1, 12))
    )
    _counted()
    sign_in(client, officer)
    one_year = client.get(reverse("statistics:dashboard"), {"year": this_year})
    assert one_year.context["scope"].years == (this_year,)
    assert _table(one_year, "age_gender").shown(TOTAL, TOTAL) == 12

    block = client.get(reverse("statistics:dashboard"), {"year": this_year, "period": "block"})
    years = block_of(this_year)
    assert block.context["scope"].years == years and len(years) == 3
    expected = 12 + (10 if last_year in years else 0)
    assert _table(block, "age_gender").shown(TOTAL, TOTAL) == expected
    assert f"{years[0]}–{years[-1]}" in block.content.decode()
    # The download links keep the block.
    assert "period=block" in block.content.decode()


def test_a_researcher_sees_a_safety_region_and_national(
    client, researcher, professional, outsider_org
):
    _cases(professional, 12, municipality_code="GM0014")  # Groningen: VR01
    _cases(professional, 11)  # no municipality: in no region
    _cases(outsider_org, 10, municipality_code="GM0014")
    _counted()
    sign_in(client, researcher)
    region = client.get(reverse("statistics:dashboard"), {"scope": "VR01"})
    assert region.status_code == 200
    assert _table(region, "age_gender").shown(TOTAL, TOTAL) == 22
    assert "Groningen" in region.content.decode()
    assert '<option value="VR25"' in region.content.decode()  # every region can be chosen
    national = client.get(reverse("statistics:dashboard"), {"scope": "national"})
    assert _table(national, "age_gender").shown(TOTAL, TOTAL) == 33
    own = client.get(reverse("statistics:dashboard"), {"scope": "organisation"})
    assert _table(own, "age_gender").shown(TOTAL, TOTAL) == 23
    other_region = client.get(reverse("statistics:dashboard"), {"scope": "VR02"})
    assert _table(other_region, "age_gender").values[(TOTAL, TOTAL)] == 0


@pytest.mark.parametrize("area", ["national", "VR01"])
def test_an_organisation_admin_sees_only_the_own_organisation(client, organisation_admin, area):
    sign_in(client, organisation_admin)
    page = client.get(reverse("statistics:dashboard"))
    assert page.status_code == 200
    assert '<option value="VR01"' not in page.content.decode()
    assert client.get(reverse("statistics:dashboard"), {"scope": area}).status_code == 403
    download = reverse("statistics:download", args=["chain.csv"])
    assert client.get(download, {"scope": area}).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"period": "decade"},
        {"period": "block", "year": "1999"},
        {"scope": "VR99"},
        {"scope": "VR1"},
        {"scope": "vr01"},
        {"scope": "GM0014"},
    ],
)
def test_bad_periods_and_areas_are_a_form_error(client, researcher, query):
    sign_in(client, researcher)
    for url in (
        reverse("statistics:dashboard"),
        reverse("statistics:download", args=["missing.xlsx"]),
    ):
        response = client.get(url, query)
        assert response.status_code == 400
        assert response.context["form"].errors
        assert 'id="filter-errors"' in response.content.decode()


def _page_labels(stats):
    return [stats.row_title, *[stats.column_label(c) for c in stats.table.columns]] + [
        stats.row_label(row) for row in stats.table.rows
    ]


@pytest.mark.parametrize("key", ["chain", "forms", "recruitment"])
def test_csv_and_xlsx_hold_the_labels_and_cells_of_the_page(client, researcher, professional, key):
    from openpyxl import load_workbook

    _cases(professional, 14, exploitation_forms=["criminal"], municipality_code="GM0014")
    _cases(professional, 3, exploitation_forms=["organ_removal"], municipality_code="GM0014")
    _counted()
    sign_in(client, researcher)
    query = {"scope": "VR01", "period": "block"}
    page = client.get(reverse("statistics:dashboard"), query)
    html = page.content.decode()
    (stats,) = [stats for stats in page.context["tables"] if stats.key == key]

    response = client.get(reverse("statistics:download", args=[f"{key}.csv"]), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = {cell for row in rows for cell in row}
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("statistics:download", args=[f"{key}.xlsx"]), query).content)
    )
    sheet_cells = {
        str(cell)
        for row in workbook[key].iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    for label in _page_labels(stats):
        assert escape(label) in html, label
        assert label in cells, label
        assert label in sheet_cells, label
    # Every cell as the page shows it, suppressed ones with the same label.
    for row in (*stats.table.rows, TOTAL):
        for column in (*stats.table.columns, TOTAL):
            assert stats.table.label(row, column) in cells
            assert stats.table.label(row, column) in sheet_cells
    for note in stats.notes():
        assert note in cells and note in sheet_cells and escape(note) in html
    assert page.context["heading"] in cells and page.context["heading"] in sheet_cells


def test_the_forms_table_counts_organ_removal_and_shows_comensha_codes(
    client, officer, professional
):
    _cases(professional, 11, exploitation_forms=["organ_removal"])
    _counted()
    sign_in(client, officer)
    response = client.get(reverse("statistics:dashboard"))
    table = _table(response, "forms")
    assert "organ_removal" in table.columns
    assert table.shown(TOTAL, "organ_removal") == 11
    assert "CoMensha" in response.content.decode()


def _export(client, user, query, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from signaalwijzer.statistics.models import StatisticsExport
    from signaalwijzer.statistics.tasks import build_statistics_export

    _counted()
    sign_in(client, user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"{reverse('statistics:exports')}?{urlencode(query)}")
    assert response.status_code == 302
    job = StatisticsExport.objects.get()
    assert build_statistics_export.call(job.pk) is True
    content = client.get(reverse("statistics:export_download", args=[job.pk])).content
    return load_workbook(io.BytesIO(content))


def test_a_full_export_holds_every_table_of_the_year(
    client, officer, professional, django_capture_on_commit_callbacks
):
    _cases(professional, 12, exploitation_forms=["labour"])
    year = timezone.localdate().year
    workbook = _export(client, officer, {"year": year}, django_capture_on_commit_callbacks)
    assert workbook.sheetnames == list(TABLES)
    rows = list(workbook["forms"].iter_rows(values_only=True))
    assert rows[1][0].startswith(f"{year} · ")  # the period and area above every table
    assert 12 in [cell for row in rows for cell in row]


def test_a_full_export_covers_a_region_and_a_block(
    client, researcher, professional, django_capture_on_commit_callbacks
):
    _cases(professional, 12, municipality_code="GM0014")
    _cases(professional, 30)
    year = timezone.localdate().year
    query = {"year": year, "period": "block", "scope": "VR01"}
    workbook = _export(client, researcher, query, django_capture_on_commit_callbacks)
    rows = list(workbook["age_gender"].iter_rows(values_only=True))
    years = block_of(year)
    assert rows[1][0].startswith(f"{years[0]}–{years[-1]} · ") and "Groningen" in rows[1][0]
    assert 12 in [cell for row in rows for cell in row]
    assert 42 not in [cell for row in rows for cell in row]
