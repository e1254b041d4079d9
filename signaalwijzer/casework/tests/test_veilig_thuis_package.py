"""The Veilig Thuis package: sections of the form, only what the basis allows, audited, and recorded as sent."""

import datetime as dt

from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.meldcode.models import Action

TODAY = dt.date.today().isoformat()
OPEN = {
    "informed_beforehand": "yes",
    "informed_who": "Moeder",
    "informed_reaction": "Geen bezwaar.",
}


def _post(client, case, **data):
    return client.post(reverse("cases:veilig_thuis_package", args=[case.pk]), data)


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
