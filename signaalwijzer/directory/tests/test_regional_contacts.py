"""Regional contacts a professional can act on: the corrected entries, the Veilig Thuis region, the panel."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from signaalwijzer.cases import services as case_services
from signaalwijzer.directory import coordinators, veilig_thuis
from signaalwijzer.directory.models import CoordinatorEntry
from signaalwijzer.directory.municipalities import safety_regions
from signaalwijzer.directory.selectors import regional_contacts

SHIPPED = {entry.key: entry for entry in coordinators.load()}
DOCUMENT = yaml.safe_load(coordinators.DATA_FILE.read_text(encoding="utf-8"))
WEERT, ENSCHEDE, MIDDELBURG, GRONINGEN, BREDA = "GM0988", "GM0153", "GM0687", "GM0014", "GM0758"


def _found(code: str) -> list[coordinators.Coordinator]:
    return coordinators.for_young_person(
        SHIPPED.values(), safety_region=safety_regions()[code], age=15
    )


def test_twente_points_to_veiligheidsregio_twente_with_a_website_and_no_unconfirmed_number():
    (twente,) = _found(ENSCHEDE)
    assert "Veiligheidsregio Twente" in twente.organisation
    assert twente.website == "https://www.mensenhandeltwente.nl"
    assert twente.phones == ()  # the old CoMensha-era number is not confirmed: not shown
    assert "2021" in (twente.note or "")


def test_zeeland_has_its_own_coordinator_and_west_brabant_keeps_comensha():
    (zeeland,) = _found(MIDDELBURG)
    assert zeeland.organisation.startswith("Zorg- en Veiligheidshuis Zeeland")
    assert zeeland.website and zeeland.website.startswith("https://veiligheidshuiszeeland.nl/")
    (west_brabant,) = _found(BREDA)
    assert west_brabant.organisation == "CoMensha" and west_brabant.phones


def test_groningen_can_be_reached_by_e_mail_and_says_no_number_was_found():
    (groningen,) = _found(GRONINGEN)
    assert groningen.email == "mensenhandel@groningen.nl"
    assert groningen.phones == ()
    assert "telefoonnummer" in (groningen.note or "")


def test_every_corrected_entry_cites_its_sources_and_no_entry_is_marked_verified():
    corrected = {
        "comensha-regio-oost-nederland-twente",
        "comensha-provincie-zeeland-en-west-brabant",
        "zorg-en-veiligheidshuis-zeeland",
        "zorg-en-veiligheidshuis-groningen-provincie-groningen",
    }
    for entry in DOCUMENT["coordinators"]:
        assert entry["last_verified"] is None, entry[
            "key"
        ]  # nobody verified one with the organisation
        if entry["key"] in corrected:
            assert entry["citations"], entry["key"]
            for citation in entry["citations"]:
                assert citation["url"].startswith("https://") and citation["says"]
    assert coordinators.live_list().startswith("https://www.wegwijzermensenhandel.nl/")


def test_every_safety_region_has_a_veilig_thuis_region_and_weert_has_limburg_noords_form():
    for region in set(safety_regions().values()):
        assert veilig_thuis.for_safety_region(region), region
    (weert,) = veilig_thuis.for_safety_region(safety_regions()[WEERT])
    assert weert.code == "VT13" and weert.form_url == "https://www.veiligthuisnml.nl/"
    # Midden- en West-Brabant is two Veilig Thuis regions: both are shown, not a guess.
    assert {r.code for r in veilig_thuis.for_safety_region("VR20")} == {"VT15", "VT21"}


def test_a_bad_veilig_thuis_row_is_refused(tmp_path):
    path = tmp_path / "vt.csv"
    path.write_text(
        "vt_code,vt_region_name,veiligheidsregios,phone,website,form_url,source\n"
        "VT99,Nergens,VR01,,http://example.org,,x\n"
    )
    with pytest.raises(ValueError, match="https"):
        veilig_thuis.load(path)


def test_an_unknown_municipality_code_gets_no_region_but_still_comensha(db):
    regional = regional_contacts("GM9999", 15)
    assert regional.municipality is None and regional.veilig_thuis == []
    assert [c.national_fallback for c in regional.coordinators] == [True]


def _weert_case(owner_access, case):
    case_services.update_case(
        owner_access, expected_version=case.version, changes={"municipality_code": WEERT}
    )


def test_the_case_page_shows_the_veilig_thuis_form_of_weert_the_source_and_the_live_list(
    signed_in_client, owner_access, case
):
    _weert_case(owner_access, case)
    signed_in_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert 'data-veilig-thuis="VT13"' in html
    assert 'href="https://www.veiligthuisnml.nl/" rel="noopener" data-form' in html
    assert "where YOU are calling from" in html
    assert 'href="https://www.wegwijzermensenhandel.nl/zorgcoordinatoren"' in html
    assert "Not yet verified" in html
    assert (
        'href="https://www.wegwijzermensenhandel.nl/Zorgcoordinatoren/Zorgcoordinatoren.aspx"'
        in html
    )


def test_the_case_page_shows_who_verified_the_entry(
    signed_in_client, owner_access, case, organisation
):
    from signaalwijzer.accounts.roles import Role
    from signaalwijzer.directory.services import verify_entry
    from tests.factories import make_user

    call_command("load_directory", stdout=StringIO())
    _weert_case(owner_access, case)
    admin = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    koraal = CoordinatorEntry.objects.get(key="koraal-limburg-noord-en-limburg-midden")
    verify_entry(admin, koraal.pk)
    signed_in_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert f"by {organisation.name}." in html
    assert "Koraal" in html and 'href="tel:0681521052"' in html


def test_load_directory_keeps_corrected_fields_and_updates_the_others(db, organisation):
    from signaalwijzer.accounts.roles import Role
    from signaalwijzer.directory.services import correct_entry, verify_entry
    from tests.factories import make_user

    call_command("load_directory", stdout=StringIO())
    admin = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    entry = CoordinatorEntry.objects.get(key="zorg-en-veiligheidshuis-zeeland")
    values = {name: getattr(entry, name) for name in coordinators.CORRECTABLE}
    correct_entry(admin, entry.pk, values={**values, "phones": ["0118-000 000"], "note": "Gebeld."})
    verify_entry(admin, entry.pk)
    # Someone edits a field that was not corrected; the loader puts the file's value back.
    CoordinatorEntry.objects.filter(pk=entry.pk).update(region="Verkeerd")
    call_command("load_directory", stdout=StringIO())
    entry.refresh_from_db()
    assert entry.phones == ["0118-000 000"] and entry.note == "Gebeld."
    assert entry.region == "Zeeland"
    assert entry.last_verified is not None and entry.verified_by_organisation == organisation
    assert sorted(entry.corrected_fields) == ["note", "phones"]
