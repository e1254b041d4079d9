"""The PDF dossier renders every section of a worked case, is tagged, marked confidential and audited."""

import datetime as dt

from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.casework.dossier import dossier_context
from signaalwijzer.consent import services as consent_services
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


def _work_the_case(access, professional):
    services.record_observation(
        access, observed_on=TODAY, description="Tweede telefoon.", source="own", nature="fact"
    )
    meldcode_services.record_consultation(
        access,
        consulted_on=TODAY,
        consultee="meldcode_officer",
        question="Zorgelijk?",
        advice="Ja.",
    )
    meldcode_services.record_conversation(
        access, held_on=TODAY, with_young_person=True, discussed="Zorgen.", reaction="Stil."
    )
    consent_services.record_consent(
        access, party="young_person", purpose="veilig_thuis", status="refused", recorded_on=TODAY
    )
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Mensenhandel.",
            "final_decision": "report",
        },
    )
    meldcode_services.add_action(
        access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=TODAY,
        channel="phone",
        reference="VT-99",
        informed_beforehand=False,
        not_informed_reason="Gevaar.",
    )


def test_the_dossier_context_has_every_section(owner_access, professional):
    _work_the_case(owner_access, professional)
    context = dossier_context(owner_access)
    page = context["page"]
    assert page.observations and page.consultations and page.conversations and page.consents
    assert page.weighing.final_decision == "report"
    (only,) = context["weighing_history"]
    assert [row["number"] for row in only["rows"]] == [1, 2, 3, 4, 5]
    assert [row["answer"] for row in only["rows"]] == [
        "Ja",
        "Ja, acute onveiligheid",
        "–",
        "–",
        "–",
    ]
    assert page.actions[0].action.reference == "VT-99"
    # The report is information shared with Veilig Thuis (the young person refused: on the meldrecht).
    assert [(line.recipient, line.report) for line in page.shared] == [("Veilig Thuis", True)]
    assert "Meldrecht" in page.shared[0].basis


def test_printing_is_an_audited_tagged_pdf(signed_in_client, owner_access, professional, case):
    _work_the_case(owner_access, professional)
    response = signed_in_client.get(reverse("cases:dossier", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="dossier-casus-{case.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    (event,) = AccessEvent.objects.filter(case=case, action="export")
    assert event.purpose == "dossier.pdf"


def test_the_dossier_is_tagged_marked_confidential_and_has_every_step(owner_access, professional):
    from signaalwijzer.casework.dossier import dossier_pdf

    _work_the_case(owner_access, professional)
    pdf = dossier_pdf(owner_access, uncompressed=True)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf and b"/Lang" in pdf
    # Headings are tagged: one H2 per step and the other sections.
    assert pdf.count(b"/H2") >= 6


def _pdf_text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_dossier_prints_every_weighing_with_its_date(owner_access, professional):
    from django.utils import timezone

    from signaalwijzer.casework.dossier import dossier_pdf
    from signaalwijzer.meldcode.models import WeighingVersion

    _work_the_case(owner_access, professional)
    first_saved = timezone.localtime() - dt.timedelta(days=40)
    WeighingVersion.objects.filter(number=1).update(recorded_at=first_saved)
    meldcode_services.save_weighing(
        owner_access,
        expected_version=1,
        data={
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Mensenhandel, bevestigd door de politie.",
            "q3_can_help": True,
            "q3_reason": "Wij bieden hulp, samen met Veilig Thuis.",
            "final_decision": "report",
            "report_needed": True,
            "help_possible": True,
        },
    )
    text = _pdf_text(dossier_pdf(owner_access))
    second_saved = timezone.localtime(WeighingVersion.objects.get(number=2).recorded_at)
    assert f"Afweging versie 1 van {first_saved:%-d-%-m-%Y %H:%M}" in text
    assert f"Afweging versie 2 van {second_saved:%-d-%-m-%Y %H:%M}" in text
    assert "Mensenhandel." in text and "Mensenhandel, bevestigd door de politie." in text
    assert "Ja, acute onveiligheid" in text
    assert "Is melden noodzakelijk? ja" in text


def _english_pdf_text(access):
    from django.utils import translation

    from signaalwijzer.casework.dossier import dossier_pdf

    with translation.override("en"):
        return _pdf_text(dossier_pdf(access))


def test_the_dossier_holds_up_on_paper(owner_access, professional):
    from signaalwijzer.casework.tests import acute_case
    from signaalwijzer.meldcode.models import Action

    acute_case.work_the_acute_case(owner_access, professional)
    action = Action.objects.get(case=owner_access.case, kind="monitoring")
    meldcode_services.update_action(
        owner_access, action, expected_version=action.version, changes={"status": "done"}
    )
    text = _english_pdf_text(owner_access)
    # Every question with its answer in words and its reason; the code "acute" never prints alone.
    assert "2. Is there acute and/or structural unsafety?" in text
    assert "Yes, acute unsafety" in text and acute_case.Q2_REASON in text
    assert "Reporting norm 1: there is acute and/or structural unsafety." in text
    # Conversations with who took part.
    assert "With: the young person" in text
    assert "With: the parents or guardian, mentor" in text
    # The instrument in words, with its caveat and the signals ticked.
    assert "not validated, not the Signaleringstool 11VB" in text
    assert "– own list, not validated" in text
    assert acute_case.signal_label(acute_case.TICKED[0]) in text
    # The action with its history.
    assert "History of this action:" in text
    assert "Status: was “To do”, became “Done”" in text
    # The safety plan with its questions, and who printed it.
    assert f"Risks: what could go wrong {acute_case.RISKS}" in text
    assert f"Printed by {professional.get_full_name()} on " in text


def test_a_judgement_prints_its_level_in_words(owner_access):
    from signaalwijzer.instruments import services as instrument_services
    from signaalwijzer.instruments.loader import shipped_definitions

    loaded = next(
        item
        for item in shipped_definitions()
        if item.definition.key == "gedrag-seksueel-grensoverschrijdend"
    )
    definition = loaded.definition
    assessment = instrument_services.start_assessment(owner_access, loaded=loaded)
    top = definition.levels[-1]
    instrument_services.save_answers(
        owner_access,
        assessment,
        loaded,
        expected_version=assessment.version,
        part={
            "ratings": {factor.key: top.key for factor in definition.factors},
            "final": {"level": top.key, "reasons": "Dwang en geweld."},
        },
        finish=True,
    )
    text = _english_pdf_text(owner_access)
    assert f": {top.label.en}" in text
    assert "Why: Dwang en geweld." in text
