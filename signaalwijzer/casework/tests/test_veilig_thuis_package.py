"""The Veilig Thuis package: sections of the form, only what the basis allows, audited, and recorded as sent."""

import datetime as dt
from io import BytesIO

from django.urls import reverse
from django.utils import translation

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.casework.tests import acute_case
from signaalwijzer.casework.veilig_thuis_package import ADVICE, CONSENT, MELDRECHT, build_package
from signaalwijzer.meldcode.models import Action

TODAY = dt.date.today().isoformat()
OPEN = {
    "informed_beforehand": "yes",
    "informed_who": "Moeder",
    "informed_reaction": "Geen bezwaar.",
}


def _post(client, case, **data):
    return client.post(reverse("cases:veilig_thuis_package", args=[case.pk]), data)


def _english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post_en(client, case, **data):
    return _english(client).post(reverse("cases:veilig_thuis_package", args=[case.pk]), data)


def _get_en(client, case):
    return _english(client).get(reverse("cases:veilig_thuis_package", args=[case.pk]))


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return " ".join(text.split())


# What the package of the acute case must hold, whatever the form (page, PDF, API).
ACUTE_MUST_HOLD = (
    acute_case.Q1_REASON,
    acute_case.Q2_REASON,
    "Yes, acute unsafety",
    acute_case.OWN_ACCOUNT,
    acute_case.HER_REACTION,
    acute_case.MOTHER_TALK,
    acute_case.MOTHER_REFUSAL,
    "not validated, not the Signaleringstool 11VB",
    "– own list, not validated",
)


def _signal(access):
    services.record_observation(
        access,
        observed_on=dt.date.today(),
        description="Stapt in bij een oudere man.",
        source="third_party",
        source_name="buurvrouw Jansen",
        nature="fact",
    )


def test_a_meldrecht_report_has_the_sections_and_the_identifying_data(
    signed_in_client, owner_access, case
):
    _signal(owner_access)
    response = _post(signed_in_client, case, basis="meldrecht", step="preview", **OPEN)
    assert response.status_code == 200
    text = response.context["package"].as_text()
    for section in ("MELDER", "BETROKKENEN", "DE MELDING", "NETWERK", "OVERIGE INFORMATIE"):
        assert f"{section}\n" in text
    assert "J." in text and "buurvrouw Jansen" in text
    assert "meldrecht" in text.lower()
    assert "Moeder" in text  # the open melden record
    assert AccessEvent.objects.filter(
        case=case, action="export", purpose="veilig_thuis_package.text"
    ).exists()


def test_an_advice_request_leaves_out_everything_that_identifies(
    signed_in_client, owner_access, case
):
    _signal(owner_access)
    text = (
        _post(signed_in_client, case, basis="advice", step="preview").context["package"].as_text()
    )
    assert "J." not in text
    assert "buurvrouw Jansen" not in text
    assert "2011" not in text  # no date of birth, only an age band
    assert "Stapt in bij een oudere man." in text  # the signal itself is there


def test_a_report_with_consent_is_refused_while_consent_is_missing(signed_in_client, case):
    response = _post(signed_in_client, case, basis="consent", step="preview", **OPEN)
    assert response.status_code == 400
    assert "package" not in response.context
    assert not AccessEvent.objects.filter(case=case, action="export").exists()


def test_the_open_melden_record_is_required_for_a_report(signed_in_client, case):
    response = _post(signed_in_client, case, basis="meldrecht", step="preview")
    assert response.status_code == 400


def test_recording_it_as_sent_creates_the_step_5_action(signed_in_client, case):
    response = _post(
        signed_in_client,
        case,
        basis="meldrecht",
        step="sent",
        reported_on=TODAY,
        channel="web_form",
        reference="VT-2026-7",
        **OPEN,
    )
    assert response.status_code == 302
    action = Action.objects.get(case=case)
    assert (action.kind, action.status, action.reference, action.informed_who) == (
        "report_veilig_thuis",
        "done",
        "VT-2026-7",
        "Moeder",
    )


def test_the_pdf_is_a_pdf(signed_in_client, case):
    response = _post(signed_in_client, case, basis="advice", step="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_comensha_registration_is_refused_without_consent(signed_in_client, case):
    page = signed_in_client.get(reverse("cases:comensha", args=[case.pk]))
    assert page.context["refusal"]
    response = signed_in_client.post(
        reverse("cases:comensha", args=[case.pk]), {"nationality": "Nederlandse"}
    )
    assert response.status_code == 403
    assert not Action.objects.filter(case=case, kind="comensha").exists()


def test_the_comensha_registration_with_consent(signed_in_client, owner_access, case):
    from signaalwijzer.consent import services as consent_services

    for party in ("young_person", "parents"):
        consent_services.record_consent(
            owner_access,
            party=party,
            purpose="comensha",
            status="given",
            recorded_on=dt.date.today(),
        )
    response = signed_in_client.post(
        reverse("cases:comensha", args=[case.pk]), {"nationality": "Nederlandse"}
    )
    assert response.status_code == 200
    assert ("Nationaliteit", "Nederlandse") in response.context["registration"]
    assert Action.objects.filter(case=case, kind="comensha").exists()
    assert AccessEvent.objects.filter(
        case=case, action="export", purpose="comensha.registration"
    ).exists()


def test_the_package_of_an_acute_case_holds_every_reason_conversation_and_the_caveat(
    owner_access, professional
):
    acute_case.work_the_acute_case(owner_access, professional)
    with translation.override("en"):
        package = build_package(owner_access, basis=MELDRECHT, data=OPEN)
        text = package.as_text()
    for expected in ACUTE_MUST_HOLD:
        assert expected in text, expected
    weighing = package.section("weighing").lines
    # Every question, with its answer in words and its reason; the code never shows.
    assert any(
        line.startswith(
            "2. Is there acute and/or structural unsafety? Answer: Yes, acute unsafety."
        )
        and acute_case.Q2_REASON in line
        for line in weighing
    )
    assert "acute_and_structural" not in text and ": acute." not in text
    assert "Reporting norm 1: there is acute and/or structural unsafety." in weighing
    assert "Decision: Report to Veilig Thuis" in weighing
    assert "Is reporting necessary? Yes" in weighing
    assert any(line.startswith("Decided on ") for line in weighing)
    conversations = package.section("conversations").lines
    assert any("With: the young person." in line for line in conversations)
    assert any("With: the parents or guardian, mentor." in line for line in conversations)
    instruments = package.section("instruments").lines
    ticked = [acute_case.signal_label(key) for key in acute_case.TICKED]
    assert any(all(label in line for label in ticked) for line in instruments)
    assert any(acute_case.OPEN_ACTION in line for line in package.section("our_help").lines)
    assert any(acute_case.RISKS in line for line in package.section("our_help").lines)
    assert "Role: Professional (care worker, teacher)" in package.section("reporter").lines


def test_facts_and_interpretations_are_kept_apart(owner_access, professional):
    acute_case.work_the_acute_case(owner_access, professional)
    with translation.override("en"):
        lines = build_package(owner_access, basis=MELDRECHT, data={}).section("concern").lines
    facts = lines.index("Facts (what was seen or heard):")
    interpretations = lines.index("Interpretations (what we think it means):")
    assert acute_case.FACT in " ".join(lines[facts:interpretations])
    assert acute_case.INTERPRETATION in " ".join(lines[interpretations:])
    assert acute_case.INTERPRETATION not in " ".join(lines[facts:interpretations])


def test_the_api_gets_the_same_package_from_an_empty_data_dict(owner_access, professional):
    acute_case.work_the_acute_case(owner_access, professional)
    with translation.override("en"):
        for basis in (MELDRECHT, ADVICE):
            result = build_package(owner_access, basis=basis, data={}).as_dict()
            assert result["basis"] == basis
            keys = [section["key"] for section in result["sections"]]
            assert keys == [
                "reporter",
                "people_involved",
                "concern",
                "weighing",
                "conversations",
                "consent",
                "instruments",
                "our_help",
                "support_network",
                "other",
            ]
            joined = "\n".join(line for section in result["sections"] for line in section["lines"])
            for expected in ACUTE_MUST_HOLD:
                assert expected in result["text"] and expected in joined, expected


def test_a_report_reminds_of_the_identifying_details_an_advice_request_leaves_them_out(
    owner_access, professional
):
    acute_case.work_the_acute_case(owner_access, professional)
    with translation.override("en"):
        report = build_package(owner_access, basis=MELDRECHT, data=OPEN).section("people_involved")
        advice = build_package(owner_access, basis=ADVICE, data={}).section("people_involved")
    for label in ("Real name of the young person:", "Address of the young person:", "School"):
        assert any(line.startswith(label) and "____" in line for line in report.lines), label
    assert any("pseudonymous" in line for line in report.lines)
    assert not any("____" in line or "J." in line for line in advice.lines)


def test_the_advice_page_shows_the_free_text_it_copies_with_a_warning(
    signed_in_client, owner_access, professional, case
):
    acute_case.work_the_acute_case(owner_access, professional)
    response = _post_en(signed_in_client, case, basis="advice", step="preview")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="advice-warning"' in html and 'id="identifying-reminder"' not in html
    assert "schools, places or addresses" in html
    free_texts = html[html.index('id="free-texts"') :]
    assert acute_case.OWN_ACCOUNT in free_texts and acute_case.Q2_REASON in free_texts
    report = _post_en(signed_in_client, case, basis="meldrecht", step="preview", **OPEN)
    assert 'id="identifying-reminder"' in report.content.decode()


def test_the_page_and_the_pdf_hold_the_whole_acute_package(
    signed_in_client, owner_access, professional, case
):
    acute_case.work_the_acute_case(owner_access, professional)
    page = _post_en(signed_in_client, case, basis="meldrecht", step="preview", **OPEN)
    text = page.context["package"].as_text()
    html = page.content.decode()
    pdf = _post_en(signed_in_client, case, basis="meldrecht", step="pdf", **OPEN)
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = _pdf_text(pdf.content)
    for expected in ACUTE_MUST_HOLD:
        assert expected in text, expected
        assert expected in html, expected
        assert expected in pdf_text, expected
    assert "Real name of the young person" in pdf_text


def test_the_basis_has_no_preset_and_must_be_chosen(signed_in_client, case):
    html = _get_en(signed_in_client, case).content.decode()
    assert 'name="basis"' in html
    assert 'name="basis" value="meldrecht" class' not in html
    assert (
        "checked" not in html[html.index('name="basis"') : html.index('name="informed_beforehand"')]
    )
    response = _post_en(signed_in_client, case, step="preview", **OPEN)
    assert response.status_code == 400
    assert "Choose on what basis you share" in response.content.decode()
    assert "package" not in response.context


def test_required_fields_are_not_labelled_optional(signed_in_client, case):
    import re

    html = _get_en(signed_in_client, case).content.decode()
    legend = re.search(
        r"<legend[^>]*>Did you tell those involved beforehand\?.*?</legend>", html, re.S
    )
    assert legend and "(optional)" not in legend.group(0)
    for name in ("informed_who", "not_informed_reason"):
        label = re.search(rf'<label[^>]*for="id_{name}"[^>]*>.*?</label>', html, re.S)
        assert label and "(optional)" not in label.group(0), name
    assert "Required for a report" in html
    # A field that is truly optional still says so.
    other = re.search(r'<label[^>]*for="id_other_information"[^>]*>.*?</label>', html, re.S)
    assert other and "(optional)" in other.group(0)


def test_the_form_keeps_its_input_after_a_preview_an_error_and_going_back(signed_in_client, case):
    data = {**OPEN, "basis": "meldrecht", "support_network": "Oma en de mentor."}
    preview = _post_en(signed_in_client, case, step="preview", **data)
    assert preview.status_code == 200
    assert "Oma en de mentor." in preview.content.decode()
    # A validation error keeps what was typed.
    error = _post_en(
        signed_in_client,
        case,
        step="preview",
        basis="meldrecht",
        informed_beforehand="yes",
        support_network="Oma en de mentor.",
    )
    assert error.status_code == 400
    assert "Oma en de mentor." in error.content.decode()
    # Back on the page later in the session: the last input is there again.
    _post_en(signed_in_client, case, step="preview", **data)
    back = _get_en(signed_in_client, case)
    form = back.context["form"]
    assert form["support_network"].value() == "Oma en de mentor."
    assert form["basis"].value() == "meldrecht"
    assert form["informed_who"].value() == "Moeder"
    assert 'value="meldrecht" class="utrecht-radio-button"' in back.content.decode() or (
        'value="meldrecht"' in back.content.decode()
    )
    # The draft is stored encrypted, never as plain text in the session.
    session = signed_in_client.session
    assert not any("Oma en de mentor." in str(value) for value in session.values())


def test_recording_the_report_forgets_the_draft(signed_in_client, case):
    _post(signed_in_client, case, basis="meldrecht", step="preview", support_network="Oma.", **OPEN)
    _post(
        signed_in_client,
        case,
        basis="meldrecht",
        step="sent",
        reported_on=TODAY,
        channel="phone",
        **OPEN,
    )
    form = signed_in_client.get(reverse("cases:veilig_thuis_package", args=[case.pk])).context[
        "form"
    ]
    assert form["support_network"].value() in (None, "")


def test_consent_basis_with_an_empty_data_dict_is_still_refused_without_consent(owner_access):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        build_package(owner_access, basis=CONSENT, data={})


def test_the_step_4_reasons_and_the_household_answer_reach_the_package(owner_access, professional):
    from signaalwijzer.meldcode import services as meldcode_services

    acute_case.work_the_acute_case(owner_access, professional)
    weighing = owner_access.case.weighing
    meldcode_services.save_weighing(
        owner_access,
        expected_version=weighing.version,
        data={
            "q1_suspicion": True,
            "q1_reason": acute_case.Q1_REASON,
            "q2_unsafety": "acute",
            "q2_reason": acute_case.Q2_REASON,
            "final_decision": "report",
            "report_needed": True,
            "exploiter_in_household": False,
            "no_expert_consultation_reason": "Veilig Thuis was not reachable that night.",
            "no_coordinator_contact_reason": "The coordinator is on leave until Monday.",
        },
    )
    with translation.override("en"):
        lines = build_package(owner_access, basis=MELDRECHT, data={}).section("weighing").lines
    assert (
        "Why the weighing was not discussed with Veilig Thuis or the zorgcoördinator: "
        "Veilig Thuis was not reachable that night." in lines
    )
    assert (
        "Why the zorgcoördinator was not contacted: The coordinator is on leave until Monday."
        in lines
    )
    assert "The (suspected) exploiter is an (ex-)partner, family member or housemate: No" in lines
