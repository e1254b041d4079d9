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
