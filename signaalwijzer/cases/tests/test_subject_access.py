"""Subject access: the owner exports everything on the young person, as JSON and PDF; it is logged."""

import datetime as dt
import json

from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from tests.factories import sign_in


def _url(case, fmt):
    return reverse("cases:subject_access_download", args=[case.pk, fmt])


def test_the_json_export_holds_the_records_and_who_looked(signed_in_client, owner_access, case):
    services.record_observation(
        owner_access,
        observed_on=dt.date.today(),
        description="Nieuwe telefoon.",
        source="own",
        nature="fact",
    )
    response = signed_in_client.get(_url(case, "json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inzage-casus-{case.pk}.json"'
    data = json.loads(response.content)
    assert data["case"]["pseudonym"] == "J."
    assert data["signals"][0]["description"] == "Nieuwe telefoon."
    assert any(event["why"] == "observation.create" for event in data["access_log"])
    export = AccessEvent.objects.filter(case=case, action="export").get()
    assert export.purpose == "subject_access.json"


def test_the_pdf_export_is_a_pdf(signed_in_client, case):
    response = signed_in_client.get(_url(case, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_the_owner_exports(client, owner_access, colleague, case):
    services.add_team_member(owner_access, member=colleague)
    sign_in(client, colleague)
    for url in (
        reverse("cases:subject_access", args=[case.pk]),
        _url(case, "json"),
        _url(case, "pdf"),
    ):
        assert client.get(url).status_code == 404
    assert not AccessEvent.objects.filter(action="export").exists()


def test_an_unknown_format_is_404(signed_in_client, case):
    assert signed_in_client.get(_url(case, "xlsx")).status_code == 404


def test_the_json_export_holds_every_weighing_version(signed_in_client, owner_access, case):
    from signaalwijzer.meldcode import services as meldcode_services

    first = {"q1_suspicion": True, "q1_reason": "Eerste indruk."}
    meldcode_services.save_weighing(owner_access, expected_version=0, data=first)
    second = {
        **first,
        "q1_reason": "Na overleg.",
        "q2_unsafety": "none",
        "q2_reason": "Niet acuut.",
    }
    meldcode_services.save_weighing(owner_access, expected_version=1, data=second)
    data = json.loads(signed_in_client.get(_url(case, "json")).content)
    reasons = [version["q1_reason"] for version in data["weighing_versions"]]
    assert reasons == ["Eerste indruk.", "Na overleg."]
    assert data["weighing"]["q1_reason"] == "Na overleg."
