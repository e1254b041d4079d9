"""Our own signalling list never passes for 11VB: own profile labels, a caveat on every export, released versions
kept as they were (issue 16, item 7)."""

import hashlib
import json
from io import BytesIO

import pytest
import yaml
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from signaalwijzer.cases.models import Observation
from signaalwijzer.instruments import services
from signaalwijzer.instruments.caveat import caveat_for, caveats_for
from signaalwijzer.instruments.loader import DEFINITIONS_DIR, latest_shipped, shipped_definitions
from signaalwijzer.instruments.models import UploadedDefinition
from signaalwijzer.instruments.tests.samples import CHECKLIST

KEY = "signalenlijst-uitbuiting"
OWN_LIST = "own list, not validated"
# The three risk profiles of the Signaleringstool 11VB (DOMAIN.md §3), as the first version used them, and
# the other wordings that would make a result read as a validated risk level.
ELEVENVB_WORDS = ("risico", "risk", "zorgen", "concern", "groen", "oranje", "rood", "green", "red")
ELEVENVB_KEYS = {"none", "risk", "elevated"}


def _version(version):
    return next(
        item
        for item in shipped_definitions()
        if item.definition.key == KEY and item.definition.version == version
    )


def _finish(access, loaded, present=()):
    assessment = services.start_assessment(access, loaded=loaded)
    marks = {
        item.key: ("present" if item.key in present else "absent")
        for item in loaded.definition.all_items()
    }
    return services.save_answers(
        access,
        assessment,
        loaded,
        expected_version=assessment.version,
        part={"marks": marks},
        finish=True,
    )


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


# --- the definition -------------------------------------------------------------------------------------


def test_the_offered_version_is_the_new_one_and_the_old_one_still_ships():
    assert latest_shipped(KEY).definition.version == "1.1.0"
    assert _version("1.0.0").definition.profile_rule.profiles[0].key == "none"


def test_the_profile_labels_are_not_the_three_of_11vb():
    profiles = latest_shipped(KEY).definition.profile_rule.profiles
    assert len(profiles) == 3
    assert not {profile.key for profile in profiles} & ELEVENVB_KEYS
    for profile in profiles:
        for language in ("nl", "en"):
            words = profile.label.get(language).lower().replace("–", " ").split()
            assert not set(words) & set(ELEVENVB_WORDS), profile.label.get(language)
    # They say what the list does: how many signals were noted.
    assert [p.label.en.split(" – ")[0] for p in profiles] == [
        "Few or no signals noted",
        "Several signals or one serious signal noted",
        "Many or serious signals noted",
    ]
    # And the 1.0.0 labels were the 11VB ones, so this test can fail.
    old = [p.label.nl for p in _version("1.0.0").definition.profile_rule.profiles]
    assert old == ["Geen of nauwelijks risico", "Risico", "Verhoogd risico"]


def test_the_note_says_own_list_not_validated_and_not_a_risk_level():
    definition = latest_shipped(KEY).definition
    assert definition.validated is False
    note = definition.profile_rule.indicative_note
    assert note.nl.startswith("Eigen lijst, niet gevalideerd.")
    assert note.en.startswith("Own list, not validated.")
    assert "not how high the risk is" in note.en and "not the risk profiles" in note.en


@pytest.mark.parametrize(
    ("area", "signal", "words_nl", "words_en"),
    [
        ("contacts", "peer_recruits", "groep of de klas", "group or class"),
        ("home", "family_involved", "Familieleden", "Family members"),
        ("online", "online_quick_money_offers", "snel geld", "quick money"),
        ("online", "sex_escort_site_profile", "escortsite", "escort site"),
    ],
)
def test_the_missing_signals_are_in_their_area_in_both_languages(area, signal, words_nl, words_en):
    definition = latest_shipped(KEY).definition
    (found,) = [s for a in definition.areas if a.key == area for s in a.signals if s.key == signal]
    assert words_nl in found.label.nl and words_en in found.label.en
    assert found.label.nl != found.label.en
    assert signal not in {item.key for item in _version("1.0.0").definition.all_items()}


@pytest.mark.parametrize("signal", ["sex_escort_site_profile", "family_involved"])
def test_a_serious_new_signal_alone_is_never_the_lowest_profile(signal):
    from signaalwijzer.instruments.scoring import score_checklist

    definition = latest_shipped(KEY).definition
    result = score_checklist(definition, {"marks": {signal: "present"}})
    assert result.profile.key == "several_signals"
    assert result.reasons == (f"signal_present:{signal}",)


def test_the_source_instruction_matches_step_1():
    definition = latest_shipped(KEY).definition
    # One instruction: what you saw and what you were told, the source recorded with the signal in step 1.
    texts = [definition.description, *(area.help for area in definition.areas if area.help)]
    for text in texts:
        assert "only tick what you saw" not in text.en.lower()
        assert "alleen aan wat je zelf zag" not in text.nl
    assert "what you were told" in definition.description.en
    assert "step 1" in definition.description.en and "stap 1" in definition.description.nl
    # ... and step 1 does record who it came from, the young person among them.
    assert Observation._meta.get_field("source")
    assert Observation.Source.YOUNG_PERSON in Observation.Source.values
    assert Observation.Source.OWN in Observation.Source.values


def test_the_released_first_version_is_unchanged():
    """Its bytes still have the hash it was released with; the new version is a new file."""
    path = DEFINITIONS_DIR / KEY / "1.0.0.yaml"
    released = "779bf7aa39044e891b44f502ad936f7b888e66c4c3d1d45eaf2e4a9ce07b9e8d"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == released
    assert _version("1.0.0").sha256 == released


# --- the caveat ------------------------------------------------------------------------------------------


def test_the_caveat_says_own_list_for_ours_and_not_for_an_organisations_list(organisation):
    with translation.override("en"):
        ours = caveat_for(latest_shipped(KEY))
        assert (ours.validated, ours.own_list, ours.label) == (False, True, OWN_LIST)
        assert "not the Signaleringstool 11VB" in ours.text
        upload = UploadedDefinition(
            organisation=organisation,
            content=yaml.safe_dump({**CHECKLIST, "key": "11vb-licentie", "validated": True}),
        )
        upload.full_clean()
        upload.save()
        from signaalwijzer.instruments.registry import available_for

        licensed = next(
            i for i in available_for(organisation) if i.definition.key == "11vb-licentie"
        )
        theirs = caveat_for(licensed)
        assert (theirs.validated, theirs.own_list, theirs.label) == (True, False, "validated")
        assert caveat_for(None).validated is False


def test_caveats_for_a_list_of_assessments_take_at_most_one_query(
    owner_access, django_assert_num_queries
):
    old = _finish(owner_access, _version("1.0.0"))
    new = _finish(owner_access, latest_shipped(KEY))
    with django_assert_num_queries(0):  # shipped definitions need no query at all
        caveats = caveats_for([old, new])
    assert caveats[old.pk].own_list and caveats[new.pk].own_list


# --- every way a result leaves the screen ----------------------------------------------------------------


def test_the_timeline_line_of_a_finished_list_carries_the_caveat(owner_access):
    from signaalwijzer.cases.models import TimelineEntry

    _finish(owner_access, latest_shipped(KEY))
    entry = TimelineEntry.objects.get(case=owner_access.case, kind="assessment_finished")
    # Written in Dutch; the Dutch of the new text comes with the next compiled translation.
    assert entry.summary.endswith(("(eigen lijst, niet gevalideerd)", f"({OWN_LIST})"))


def test_the_veilig_thuis_package_text_carries_the_caveat(owner_access):
    from signaalwijzer.casework.veilig_thuis_package import MELDRECHT, build_package

    _finish(owner_access, latest_shipped(KEY), present={"family_involved"})
    with translation.override("en"):
        package = build_package(owner_access, basis=MELDRECHT, data={})
        lines = package.section("instruments").lines
    (result_line,) = [line for line in lines if "Several signals or one serious signal" in line]
    assert result_line.endswith(f"– {OWN_LIST}")
    assert any("not validated, not the Signaleringstool 11VB" in line for line in lines)


def test_the_dossier_pdf_carries_the_caveat(owner_access):
    from signaalwijzer.casework.dossier import dossier_pdf

    _finish(owner_access, latest_shipped(KEY))
    with translation.override("en"):
        text = _pdf_text(dossier_pdf(owner_access))
    assert f"Few or no signals noted (score 0) – {OWN_LIST}" in text
    assert "not validated, not the Signaleringstool 11VB" in text


def test_the_subject_access_json_and_pdf_carry_the_caveat(signed_in_client, owner_access):
    from django.conf import settings

    _finish(owner_access, latest_shipped(KEY), present={"peer_recruits"})
    signed_in_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    case = owner_access.case
    response = signed_in_client.get(
        reverse("cases:subject_access_download", args=[case.pk, "json"])
    )
    (listed,) = json.loads(response.content)["signalling_lists"]
    assert listed["validated"] is False
    assert listed["result"] == f"Few or no signals noted – {OWN_LIST}"
    assert "not validated, not the Signaleringstool 11VB" in listed["caveat"]
    assert listed["answers"]["marks"]["peer_recruits"] == "present"

    pdf = signed_in_client.get(reverse("cases:subject_access_download", args=[case.pk, "pdf"]))
    text = _pdf_text(pdf.content)
    assert "Signalling lists" in text
    assert f"Few or no signals noted – {OWN_LIST}" in text
    assert "not validated, not the Signaleringstool 11VB" in text


def test_the_api_says_the_list_is_not_validated(professional, owner_access, organisation):
    from django.test import Client

    from signaalwijzer.api.models import PersonalAccessToken

    old = _finish(owner_access, _version("1.0.0"))
    new = _finish(owner_access, latest_shipped(KEY))
    _token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.get(reverse("api:assessments", args=[owner_access.case.pk]))
    assert response.status_code == 200
    body = {item["id"]: item for item in response.json()}
    for assessment in (old, new):
        assert body[assessment.pk]["validated"] is False
        # The API answers in the project's language (Dutch) whatever Accept-Language says.
        assert body[assessment.pk]["caveat"].startswith("eigen lijst, niet gevalideerd")
    assert body[new.pk]["result_key"] == "few_signals"
    assert body[old.pk]["result_key"] == "none"


def test_the_api_list_does_not_grow_in_queries_with_the_assessments(
    professional, owner_access, django_assert_max_num_queries
):
    from django.test import Client

    from signaalwijzer.api.models import PersonalAccessToken

    _token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:assessments", args=[owner_access.case.pk])
    _finish(owner_access, latest_shipped(KEY))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for _ in range(3):
        _finish(owner_access, latest_shipped(KEY))
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get(url)


# --- the previous version ---------------------------------------------------------------------------------


def test_an_assessment_on_the_previous_version_still_renders(signed_in_client, owner_access):
    old = _finish(owner_access, _version("1.0.0"), present={"taken_to_addresses"})
    assert (old.instrument_version, old.result_key) == ("1.0.0", "risk")
    case = owner_access.case
    result = signed_in_client.get(reverse("cases:assessment_result", args=[case.pk, old.pk]))
    assert result.status_code == 200
    assert "Risico" in result.content.decode()
    page = signed_in_client.get(case.get_absolute_url())
    assert "Risico" in page.content.decode()
    from signaalwijzer.casework.dossier import dossier_pdf

    with translation.override("en"):
        text = _pdf_text(dossier_pdf(owner_access))
    # Its own (old) label, now with the caveat on the same line.
    assert "(version 1.0.0), finished on " in text
    assert f": Risk (score 2) – {OWN_LIST}" in text
