"""Filling in an instrument on a case: part by part, a draft, finishing, the result, and the audit trail."""

import pytest
from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.instruments.forms import checklist_parts
from signaalwijzer.instruments.loader import latest_shipped
from signaalwijzer.instruments.models import Assessment, UploadedDefinition
from signaalwijzer.instruments.registry import available_for
from signaalwijzer.instruments.tests.samples import CHECKLIST
from tests.factories import sign_in


def _shipped(key):
    """The version offered for a new assessment: the newest."""
    return latest_shipped(key)


CHECKLIST_KEY = "signalenlijst-uitbuiting"
JUDGEMENT_KEY = "gedrag-seksueel-grensoverschrijdend"


def _start(client, case, key):
    loaded = _shipped(key)
    response = client.post(
        reverse("cases:instrument_start", args=[case.pk]), {"instrument": f"{key}@{loaded.sha256}"}
    )
    assessment = Assessment.objects.get(case=case, instrument_key=key)
    assert response["Location"] == reverse("cases:assessment_fill", args=[case.pk, assessment.pk])
    return assessment, loaded


def _fill_url(case, assessment):
    return reverse("cases:assessment_fill", args=[case.pk, assessment.pk])


def test_a_checklist_is_filled_area_by_area_and_finished(signed_in_client, case):
    assessment, loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    parts = checklist_parts(loaded.definition)
    for index, part in enumerate(parts):
        assessment.refresh_from_db()
        data = {
            "version": assessment.version,
            "part": index,
            "move": "finish" if index == len(parts) - 1 else "next",
        }
        for position, item in enumerate(part.items):
            data[f"item__{item.key}"] = (
                "present" if (position == 0 and not part.protective) else "absent"
            )
        response = signed_in_client.post(_fill_url(case, assessment), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assessment.refresh_from_db()
    assert assessment.is_finished
    assert (assessment.instrument_version, assessment.instrument_hash) == (
        loaded.definition.version,
        loaded.sha256,
    )
    result = signed_in_client.get(reverse("cases:assessment_result", args=[case.pk, assessment.pk]))
    html = result.content.decode()
    assert "geen diagnose" in html
    # A signal in every area: the highest profile of the shipped list.
    assert (
        result.context["scored"].result.profile.key
        == loaded.definition.profile_rule.profiles[-1].key
    )


def test_finishing_with_unmarked_signals_is_refused(signed_in_client, case):
    assessment, loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    last = len(checklist_parts(loaded.definition)) - 1
    response = signed_in_client.post(
        _fill_url(case, assessment), {"version": assessment.version, "part": last, "move": "finish"}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert not assessment.is_finished


def test_a_draft_keeps_the_answers_and_returns_to_the_case(signed_in_client, case):
    assessment, loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    first_signal = loaded.definition.areas[0].signals[0].key
    response = signed_in_client.post(
        _fill_url(case, assessment),
        {
            "version": assessment.version,
            "part": 0,
            "move": "draft",
            f"item__{first_signal}": "present",
        },
    )
    assert response["Location"].endswith("#step-1")
    assessment.refresh_from_db()
    assert assessment.answers == {"marks": {first_signal: "present"}}
    # Stored encrypted: the database never sees the answers.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers_json FROM instruments_assessment WHERE id = %s", [assessment.pk]
        )
        (stored,) = cursor.fetchone()
    assert first_signal not in stored


def test_a_judgement_needs_a_final_rating_with_reasons(signed_in_client, case):
    assessment, loaded = _start(signed_in_client, case, JUDGEMENT_KEY)
    ratings = {
        f"rating__{f.key}": loaded.definition.levels[0].key for f in loaded.definition.factors
    }
    base = {"version": assessment.version, "move": "finish", **ratings}
    assert signed_in_client.post(_fill_url(case, assessment), base).status_code == 400
    serious = loaded.definition.levels[2].key
    response = signed_in_client.post(
        _fill_url(case, assessment),
        {
            **base,
            "final_level": serious,
            "final_reasons": "Past niet bij de leeftijd; druk van een ouder jongen.",
        },
    )
    assert response.status_code == 302
    result = signed_in_client.get(reverse("cases:assessment_result", args=[case.pk, assessment.pk]))
    scored = result.context["scored"]
    # The computed summary (all green) only advises; the professional's rating stands.
    assert (scored.result.summary_level, scored.result.final_level) == (
        loaded.definition.levels[0].key,
        serious,
    )


def test_each_page_read_and_save_is_audited(signed_in_client, professional, case):
    assessment, _loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    signed_in_client.get(_fill_url(case, assessment))
    (event,) = AccessEvent.objects.exclude(pk__in=before)
    assert (event.action, event.record_type, event.record_id) == (
        "read",
        "instruments.assessment",
        assessment.pk,
    )


def test_a_stranger_gets_404_on_every_assessment_url(client, outsider_org, signed_in_client, case):
    assessment, _loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    sign_in(client, outsider_org)
    for url in (
        reverse("cases:instrument_start", args=[case.pk]),
        _fill_url(case, assessment),
        reverse("cases:assessment_result", args=[case.pk, assessment.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": 1, "move": "draft"}).status_code == 404


def test_a_finished_assessment_cannot_be_changed(signed_in_client, case):
    assessment, loaded = _start(signed_in_client, case, JUDGEMENT_KEY)
    level = loaded.definition.levels[0].key
    ratings = {f"rating__{f.key}": level for f in loaded.definition.factors}
    signed_in_client.post(
        _fill_url(case, assessment),
        {
            "version": 1,
            "move": "finish",
            "final_level": level,
            "final_reasons": "Gewoon gedrag.",
            **ratings,
        },
    )
    assessment.refresh_from_db()
    response = signed_in_client.post(
        _fill_url(case, assessment), {"version": assessment.version, "move": "draft", **ratings}
    )
    assert response.status_code == 400


def test_a_finished_list_counts_for_step_1(signed_in_client, case):
    from signaalwijzer.cases.access import case_access_for_user
    from signaalwijzer.casework.case_page import case_page

    assessment, loaded = _start(signed_in_client, case, JUDGEMENT_KEY)
    level = loaded.definition.levels[0].key
    ratings = {f"rating__{f.key}": level for f in loaded.definition.factors}
    signed_in_client.post(
        _fill_url(case, assessment),
        {
            "version": 1,
            "move": "finish",
            "final_level": level,
            "final_reasons": "Gewoon gedrag.",
            **ratings,
        },
    )
    page = case_page(case_access_for_user(case.members.get().user, case.pk))
    assert page.steps[0].state == "done"


def test_an_organisation_can_load_its_own_licensed_definition(professional, organisation):
    import yaml

    upload = UploadedDefinition(
        organisation=organisation,
        content=yaml.safe_dump({**CHECKLIST, "key": "11vb-licentie", "status": "released"}),
    )
    upload.full_clean()
    upload.save()
    keys = {item.definition.key for item in available_for(organisation)}
    assert "11vb-licentie" in keys


def test_a_broken_upload_is_refused_with_the_path(organisation):
    from django.core.exceptions import ValidationError

    upload = UploadedDefinition(organisation=organisation, content="key: x\nkind: quiz\n")
    with pytest.raises(ValidationError) as error:
        upload.full_clean()
    assert any("kind: must be one of" in message for message in error.value.message_dict["content"])


def test_every_saved_draft_keeps_the_answers_it_replaced(signed_in_client, case):
    from signaalwijzer.cases.models import RecordChange

    assessment, loaded = _start(signed_in_client, case, CHECKLIST_KEY)
    first_signal = loaded.definition.areas[0].signals[0].key
    for version, mark in ((assessment.version, "present"), (assessment.version + 1, "absent")):
        signed_in_client.post(
            _fill_url(case, assessment),
            {"version": version, "part": 0, "move": "draft", f"item__{first_signal}": mark},
        )
    changes = list(RecordChange.objects.filter(record_type="instruments.assessment").order_by("pk"))
    assert len(changes) == 2
    import json

    before, after = json.loads(changes[1].changes)["answers_json"]
    assert json.loads(before)["marks"][first_signal] == "present"
    assert json.loads(after)["marks"][first_signal] == "absent"


def test_an_instrument_used_outside_its_age_range_warns(signed_in_client, professional, case):
    import datetime as dt

    from signaalwijzer.cases import services

    today = dt.date.today()
    adult = services.open_case(
        user=professional,
        pseudonym="V.",
        concern="Zorgen.",
        date_of_birth=today.replace(year=today.year - 21) - dt.timedelta(days=2),
    )
    for subject, warned in ((adult, True), (case, False)):
        assessment, _loaded = _start(signed_in_client, subject, CHECKLIST_KEY)
        page = signed_in_client.get(_fill_url(subject, assessment)).content.decode()
        assert ('id="age-warning"' in page) is warned
        if warned:
            assert "12 tot 18" in page and "21" in page
