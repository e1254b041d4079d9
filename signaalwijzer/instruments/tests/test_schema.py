"""A definition is checked on load; every problem names where it is and what is wrong."""

import copy

import pytest

from signaalwijzer.instruments.schema import DefinitionError, parse_definition
from signaalwijzer.instruments.tests.samples import CHECKLIST, JUDGEMENT, checklist, judgement


def problems_of(document, **kwargs):
    with pytest.raises(DefinitionError) as error:
        parse_definition(document, **kwargs)
    return error.value.problems


def test_the_samples_are_valid():
    assert parse_definition(CHECKLIST).is_checklist
    assert parse_definition(JUDGEMENT).level_keys() == ("green", "yellow", "red", "black")


def test_a_missing_dutch_text_names_its_path():
    document = copy.deepcopy(CHECKLIST)
    del document["areas"][1]["signals"][0]["label"]["nl"]
    assert problems_of(document) == [
        "areas[1].signals[0].label.nl: is missing (every text needs Dutch and English)"
    ]


def test_an_empty_english_text_is_refused():
    document = copy.deepcopy(CHECKLIST)
    document["areas"][2]["title"]["en"] = "  "
    assert problems_of(document) == ["areas[2].title.en: must not be empty"]


@pytest.mark.parametrize("field", ["title", "kind", "status", "sources", "age_range"])
def test_a_missing_top_level_field_is_named(field):
    document = checklist()
    del document[field]
    assert f"{field}: is missing" in problems_of(document)


def test_wrong_types_say_what_was_expected():
    assert "areas: must be a list, not str" in problems_of(checklist(areas="geen lijst"))
    assert "validated: must be true or false" in problems_of(checklist(validated="nee"))
    assert "age_range: must be a mapping (key: value), not int" in problems_of(
        checklist(age_range=12)
    )


def test_a_weight_must_be_a_number_that_is_not_negative():
    document = copy.deepcopy(CHECKLIST)
    document["areas"][0]["signals"][0]["weight"] = -1
    document["areas"][0]["signals"][1]["weight"] = "zwaar"
    assert problems_of(document) == [
        "areas[0].signals[0].weight: must be at least 0",
        "areas[0].signals[1].weight: must be a number, not str",
    ]


def test_duplicate_item_keys_are_refused_across_areas_and_clusters():
    document = copy.deepcopy(CHECKLIST)
    document["protective_clusters"][0]["factors"][0]["key"] = "truancy"
    assert problems_of(document) == [
        "protective_clusters[0].factors[0].key: duplicate item key 'truancy'"
    ]


def test_duplicate_area_keys_are_refused():
    document = copy.deepcopy(CHECKLIST)
    document["areas"][1]["key"] = "online"
    assert "areas[1].key: duplicate area key 'online'" in problems_of(document)


def test_a_rule_that_refers_to_an_unknown_area_is_refused():
    document = copy.deepcopy(CHECKLIST)
    document["profile_rule"]["profiles"][2]["when"] = {"area_min": {"area": "werk", "signals": 2}}
    assert problems_of(document) == [
        "profile_rule.profiles[2].when.area_min.area: refers to an unknown area 'werk'"
    ]


def test_an_unknown_condition_is_refused():
    document = copy.deepcopy(CHECKLIST)
    document["profile_rule"]["profiles"][1]["when"] = {"max_score": 3}
    assert problems_of(document) == [
        "profile_rule.profiles[1].when.max_score: unknown condition "
        "(use min_score, min_areas_with_signal, area_min, signal_present, all or any)"
    ]


def test_every_profile_but_the_first_needs_a_condition():
    document = copy.deepcopy(CHECKLIST)
    del document["profile_rule"]["profiles"][1]["when"]
    assert (
        "profile_rule.profiles[1].when: is missing (every profile but the first needs a condition)"
        in problems_of(document)
    )


def test_unvalidated_thresholds_must_say_they_are_indicative():
    document = copy.deepcopy(CHECKLIST)
    del document["profile_rule"]["indicative_note"]
    assert "profile_rule.indicative_note: is missing" in problems_of(document)


def test_key_and_version_must_match_folder_and_file_name():
    assert problems_of(CHECKLIST, expected_key="andere", expected_version="2.0.0") == [
        "key: must match the folder name 'andere'",
        "version: must match the file name '2.0.0'",
    ]


def test_an_unquoted_version_number_is_explained():
    assert "version: must be text, not float" in problems_of(checklist(version=1.0))


def test_an_anchor_for_an_unknown_level_is_refused():
    document = copy.deepcopy(JUDGEMENT)
    document["factors"][0]["anchors"]["purple"] = {"nl": "x", "en": "x"}
    assert problems_of(document) == [
        "factors[0].anchors.purple: refers to an unknown level 'purple'"
    ]


def test_a_judgement_needs_at_least_two_levels():
    assert "levels: needs at least 2 items" in problems_of(
        judgement(levels=JUDGEMENT["levels"][:1])
    )


def test_all_problems_are_reported_at_once():
    document = copy.deepcopy(CHECKLIST)
    document["title"] = {"nl": ""}
    document["kind"] = "quiz"
    assert len(problems_of(document)) == 3


def test_a_single_signal_condition_must_name_an_existing_signal():
    document = copy.deepcopy(CHECKLIST)
    document["profile_rule"]["profiles"][1]["when"] = {"signal_present": "hotel"}
    assert problems_of(document) == [
        "profile_rule.profiles[1].when.signal_present: refers to an unknown signal 'hotel'"
    ]
