"""How it happens (the coded lists) is shown where the case is: the case page, the dossier, the package, exports."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, LocationType, RecruitmentChannel
from signaalwijzer.casework.export import subject_access_data
from signaalwijzer.casework.veilig_thuis_package import ADVICE, MELDRECHT, build_package

CHANNELS = dict(RecruitmentChannel.choices)
PLACES = dict(LocationType.choices)


@pytest.fixture
def filled(owner_access):
    """The case with two lists filled in and the method left open (null, as an older case has it)."""
    case = services.update_case(
        owner_access,
        expected_version=owner_access.case.version,
        changes={"recruitment_channels": ["online"], "location_types": ["hotel", "other_city"]},
    )
    Case.objects.filter(pk=case.pk).update(methods=None)
    case.refresh_from_db()
    return services.CaseAccess(case=case, user=owner_access.user, basis=owner_access.basis)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_case_page_lists_the_chosen_labels_and_leaves_out_what_is_not_filled_in(
    signed_in_client, filled
):
    html = _english(signed_in_client).get(filled.case.get_absolute_url()).content.decode()
    facts = html[html.index('<dl class="sw-facts">') : html.index("</dl>")]
    assert facts.count("data-how-it-happens") == 2
    assert "<dt>How the young person was recruited</dt>" in facts
    assert f"<dd>{CHANNELS['online']}</dd>" in facts
    assert f"<dd>{PLACES['hotel']}, {PLACES['other_city']}</dd>" in facts
    assert "Method of the exploiters" not in facts


def test_a_case_with_nothing_filled_in_shows_nothing(signed_in_client, case):
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "data-how-it-happens" not in html


def test_step_5_links_to_the_lists_in_the_edit_form(signed_in_client, case):
    html = _english(signed_in_client).get(case.get_absolute_url()).content.decode()
    step5 = html[html.index('id="step-5"') : html.index('id="sharing"')]
    link = reverse("cases:edit", args=[case.pk]) + "#how-it-happens"
    assert f'href="{link}"' in step5
    assert "Fill in how it happens" in step5


def test_the_dossier_prints_the_chosen_labels(filled):
    from signaalwijzer.casework.tests.test_dossier import _english_pdf_text

    text = _english_pdf_text(filled)
    assert f"How the young person was recruited: {CHANNELS['online']}" in text
    assert f"Where the exploitation takes place: {PLACES['hotel']}, {PLACES['other_city']}" in text
    assert "Method of the exploiters" not in text


@pytest.mark.parametrize("basis", [MELDRECHT, ADVICE])
def test_the_veilig_thuis_package_says_how_it_happens_under_the_concern(filled, basis):
    with translation.override("en"):
        lines = build_package(filled, basis=basis, data={}).section("concern").lines
    assert f"How the young person was recruited: {CHANNELS['online']}" in lines
    assert f"Where the exploitation takes place: {PLACES['hotel']}, {PLACES['other_city']}" in lines
    assert not any(line.startswith("Method of the exploiters") for line in lines)


def test_the_subject_access_export_has_the_labels_and_a_parents_version_without_them(filled):
    with translation.override("en"):
        data = subject_access_data(filled)
        # The label in the export's language (a lazy label compared outside would follow the active language).
        assert data["case"]["recruitment_channels"] == [str(CHANNELS["online"])]
    assert data["case"]["methods"] == []
    involved = services.update_case(
        filled,
        expected_version=filled.case.version,
        changes={"parents_involved": True, "parents_involved_reason": "Oom regelt de hotels."},
    )
    access = services.CaseAccess(case=involved, user=filled.user, basis=filled.basis)
    for_parent = subject_access_data(access, for_parents=True)
    assert not {"recruitment_channels", "methods", "location_types"} & set(for_parent["case"])
    assert "location_types" in subject_access_data(access)["case"]
    assert "Oom" not in repr(for_parent)


def test_the_comensha_registration_names_comensha_s_codes_of_the_forms(owner_access):
    from signaalwijzer.meldcode.views import comensha_summary

    case = services.update_case(
        owner_access,
        expected_version=owner_access.case.version,
        changes={"exploitation_forms": ["organ_removal", "other_unknown", "sexual"]},
    )
    access = services.CaseAccess(case=case, user=owner_access.user, basis=owner_access.basis)
    with translation.override("en"):
        rows = dict(comensha_summary(access, nationality=""))
    assert rows["CoMensha form code"] == "seksuele_uitbuiting, orgaanverwijdering"
