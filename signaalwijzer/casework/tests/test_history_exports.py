"""The history of changes reaches the PDF dossier and the subject-access export."""

import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from signaalwijzer.casework.dossier import dossier_pdf
from signaalwijzer.casework.export import subject_access_data
from signaalwijzer.meldcode import services as meldcode_services


def _edited_action(owner_access, professional):
    action = meldcode_services.add_action(
        owner_access, kind="monitoring", owner=professional, due_on=dt.date(2027, 1, 15)
    )
    meldcode_services.update_action(
        owner_access,
        action,
        expected_version=action.version,
        changes={"due_on": dt.date(2027, 2, 1)},
    )


def test_the_dossier_prints_the_old_due_date(owner_access, professional):
    _edited_action(owner_access, professional)
    pdf = dossier_pdf(owner_access)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    assert "15 januari 2027" in text and "1 februari 2027" in text


def test_the_subject_access_export_holds_the_changes(owner_access, professional):
    _edited_action(owner_access, professional)
    (change,) = subject_access_data(owner_access)["changes"]
    assert change["fields"][0]["before"] == "15 januari 2027"
    assert change["fields"][0]["after"] == "1 februari 2027"


def test_the_subject_access_export_holds_missing_episodes_and_the_safety_plan(owner_access):
    from django.utils import timezone

    from signaalwijzer.safety import services as safety_services

    safety_services.record_missing_episode(
        owner_access,
        missing_from=timezone.now() - dt.timedelta(days=2),
        whereabouts="Bij een vriend.",
    )
    data = subject_access_data(owner_access)
    assert [episode["whereabouts"] for episode in data["missing_episodes"]] == ["Bij een vriend."]
    assert data["safety_plan"] is None
