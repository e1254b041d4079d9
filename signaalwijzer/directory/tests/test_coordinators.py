"""The zorgcoördinator look-up: every municipality gets a coordinator or CoMensha, never nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.directory import coordinators
from signaalwijzer.directory.models import CoordinatorEntry
from signaalwijzer.directory.municipalities import municipalities, safety_regions
from signaalwijzer.directory.selectors import coordinators_for

SHIPPED = coordinators.load()
CODES = [code for code, _name in municipalities()]


@pytest.mark.parametrize("age", [None, 12, 17, 22, 23, 30])
def test_every_municipality_gets_a_coordinator_or_comensha(age):
    for code in CODES:
        found = coordinators.for_young_person(
            SHIPPED, safety_region=safety_regions()[code], age=age
        )
        assert found, code
        # A way to reach someone: a number, an e-mail address or a website (never an empty card).
        assert all(c.phones or c.email or c.website for c in found), code


def test_a_region_without_its_own_coordinator_gets_comensha():
    (found,) = coordinators.for_young_person(SHIPPED, safety_region="VR25", age=None)
    assert found.national_fallback and "CoMensha" in found.organisation


def test_weert_gets_koraal():
    weert = safety_regions()["GM0988"]
    assert [
        c.organisation for c in coordinators.for_young_person(SHIPPED, safety_region=weert, age=15)
    ] == ["Koraal"]


def test_the_age_split_in_gelderland_noord_oost():
    under = coordinators.for_young_person(SHIPPED, safety_region="VR06", age=17)
    over = coordinators.for_young_person(SHIPPED, safety_region="VR06", age=25)
    assert {c.organisation for c in under} == {"MEE-Veluwe"}
    assert {c.organisation for c in over} == {"Moviera"}


@given(st.integers(0, 30), st.sampled_from([*sorted(set(safety_regions().values())), None]))
def test_the_look_up_never_returns_nothing(age, region):
    assert coordinators.for_young_person(SHIPPED, safety_region=region, age=age)


def test_an_entry_never_verified_or_verified_over_a_year_ago_needs_checking():
    today = date(2026, 11, 29)
    assert coordinators.needs_checking(None, today)
    assert coordinators.needs_checking(date(2025, 11, 28), today)
    assert not coordinators.needs_checking(date(2026, 6, 1), today)


def test_load_directory_is_idempotent_and_keeps_admin_corrections(db):
    call_command("load_directory", stdout=StringIO())
    count = CoordinatorEntry.objects.count()
    entry = CoordinatorEntry.objects.get(organisation="Koraal")
    entry.phones = ["0475-000000"]
    entry.edited_in_admin = True
    entry.save()
    out = StringIO()
    call_command("load_directory", stdout=out)
    assert CoordinatorEntry.objects.count() == count
    assert CoordinatorEntry.objects.get(pk=entry.pk).phones == ["0475-000000"]
    assert "1 kept" in out.getvalue()


def test_the_database_directory_wins_over_the_file(db):
    call_command("load_directory", stdout=StringIO())
    CoordinatorEntry.objects.filter(organisation="Koraal").update(phones=["0475-111111"])
    (found,) = coordinators_for("GM0988", 15)
    assert found.phones == ("0475-111111",)


def test_the_case_page_shows_the_regional_coordinator_with_a_call_link(
    signed_in_client, owner_access, case
):
    from signaalwijzer.cases import services

    services.update_case(
        owner_access, expected_version=case.version, changes={"municipality_code": "GM0988"}
    )
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "Koraal" in html and 'href="tel:0681521052"' in html


def test_one_click_records_the_call_as_an_action(signed_in_client, owner_access, case):
    from signaalwijzer.cases import services
    from signaalwijzer.meldcode.models import Action

    services.update_case(
        owner_access, expected_version=case.version, changes={"municipality_code": "GM0988"}
    )
    koraal = next(c for c in coordinators_for("GM0988", None) if c.organisation == "Koraal")
    response = signed_in_client.post(
        reverse("cases:contact_logged", args=[case.pk]),
        {"contact": "coordinator", "coordinator": koraal.key},
    )
    assert response.status_code == 302
    action = Action.objects.get(case=case)
    assert (action.kind, action.status) == ("care_coordinator", "done")
    assert "Koraal" in action.description
    bogus = signed_in_client.post(
        reverse("cases:contact_logged", args=[case.pk]),
        {"contact": "coordinator", "coordinator": "nep"},
    )
    assert bogus.status_code == 404
