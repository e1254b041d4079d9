"""How it happens: the coded lists of a case (recruitment, method, place). Several allowed, "unknown" alone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.cases import services
from signaalwijzer.cases.coded_lists import UNKNOWN, Problem, is_filled_in, normalised, problem
from signaalwijzer.cases.forms import CaseEditForm, CaseStartForm
from signaalwijzer.cases.history import record_history
from signaalwijzer.cases.models import (
    CODED_LISTS,
    Case,
    ExploitationMethod,
    LocationType,
    RecordChange,
    RecruitmentChannel,
)

ALLOWED = tuple(RecruitmentChannel.values)
values = st.lists(st.sampled_from([*ALLOWED, "free text", ""]), max_size=8)


# --- the pure rule -----------------------------------------------------------------------------------


@given(values)
def test_a_list_is_accepted_exactly_when_all_are_choices_and_unknown_stands_alone(ticked):
    chosen = set(ticked)
    expected_ok = chosen <= set(ALLOWED) and (UNKNOWN not in chosen or chosen == {UNKNOWN})
    assert (problem(ticked, ALLOWED) is None) == expected_ok
    if not chosen <= set(ALLOWED):
        assert problem(ticked, ALLOWED) is Problem.NOT_A_CHOICE


@given(st.lists(st.sampled_from(ALLOWED), min_size=1).filter(lambda v: set(v) - {UNKNOWN}))
def test_unknown_with_any_known_value_is_refused(known):
    assert problem([*known, UNKNOWN], ALLOWED) is Problem.UNKNOWN_COMBINED
    assert problem([UNKNOWN, *known], ALLOWED) is Problem.UNKNOWN_COMBINED


@given(st.lists(st.sampled_from(ALLOWED)))
def test_normalising_keeps_the_values_once_in_the_order_of_the_choices(ticked):
    result = normalised(ticked, ALLOWED)
    assert set(result) == set(ticked)
    assert len(result) == len(set(result))
    assert result == sorted(result, key=ALLOWED.index)
    assert normalised(result, ALLOWED) == result


def test_not_filled_in_is_none_or_empty_and_unknown_is_an_answer():
    assert not is_filled_in(None) and not is_filled_in([])
    assert is_filled_in([UNKNOWN])
    assert problem([], ALLOWED) is None and problem([UNKNOWN], ALLOWED) is None


def test_every_coded_list_offers_unknown():
    for choices in CODED_LISTS.values():
        assert UNKNOWN in choices.values


# --- the forms ---------------------------------------------------------------------------------------


def test_the_start_form_refuses_unknown_with_another_choice_and_accepts_several():
    form = CaseStartForm(
        {
            "pseudonym": "A.",
            "concern": "Zorg.",
            "methods": ["unknown", "debt"],
            "location_types": [],
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["methods"]
    assert form.more_details_have_errors()
    ok = CaseStartForm(
        {
            "pseudonym": "A.",
            "concern": "Zorg.",
            "recruitment_channels": ["online", "peers"],
            "methods": ["unknown"],
        }
    )
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["recruitment_channels"] == ["online", "peers"]
    assert ok.cleaned_data["location_types"] == []


def test_the_form_takes_no_free_text(db):
    form = CaseStartForm({"pseudonym": "A.", "concern": "Zorg.", "location_types": ["bij hem"]})
    assert not form.is_valid()
    assert "location_types" in form.errors


def test_starting_with_unknown_combined_explains_and_saves_nothing(signed_in_client):
    signed_in_client.cookies["django_language"] = "en"
    response = signed_in_client.post(
        reverse("cases:start"),
        {"pseudonym": "A.", "concern": "Zorg.", "recruitment_channels": ["unknown", "online"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be combined with another choice" in html
    assert 'href="#id_recruitment_channels_0"' in html  # in the error summary
    assert '<details class="sw-details" open>' in html  # the folded part opens to show the error
    assert not Case.objects.exists()


def test_the_start_page_groups_the_three_lists_in_one_fieldset_under_more_details(
    signed_in_client,
):
    signed_in_client.cookies["django_language"] = "en"
    html = signed_in_client.get(reverse("cases:start")).content.decode()
    details = html[html.index("<details") : html.index("</details>")]
    fieldset = details[details.index('id="how-it-happens"') :]
    assert "What do you know about how it happens?" in fieldset
    for name in CODED_LISTS:
        assert f'type="checkbox" name="{name}"' in fieldset
    assert '<details class="sw-details">' in html  # closed when there is nothing wrong


def test_starting_with_the_lists_stores_them(signed_in_client):
    response = signed_in_client.post(
        reverse("cases:start"),
        {
            "pseudonym": "A.",
            "concern": "Zorg.",
            "recruitment_channels": ["peers", "online"],
            "location_types": ["unknown"],
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.recruitment_channels == ["online", "peers"]
    assert case.methods == []
    assert case.location_types == ["unknown"]


def test_the_edit_form_shows_what_is_saved_and_a_null_list_as_nothing_ticked(case):
    Case.objects.filter(pk=case.pk).update(methods=None, location_types=["hotel"])
    case.refresh_from_db()
    form = CaseEditForm(instance=case, initial={"version": case.version})
    html = str(form["location_types"])
    assert 'value="hotel" id="id_location_types_0" checked' in html
    assert "checked" not in str(form["methods"])


def _edit_data(case, **changes):
    data = {
        "version": case.version,
        "pseudonym": case.pseudonym,
        "concern": case.concern,
        "date_of_birth": case.date_of_birth.isoformat(),
        "gender": case.gender,
        "lvb": case.lvb,
    }
    data.update(changes)
    return data


def test_editing_with_unknown_combined_is_refused_and_changes_nothing(signed_in_client, case):
    url = reverse("cases:edit", args=[case.pk])
    signed_in_client.cookies["django_language"] = "en"
    response = signed_in_client.post(
        url, _edit_data(case, location_types=["unknown", "hotel"], reference="R-1")
    )
    assert response.status_code == 400
    assert "cannot be combined with another choice" in response.content.decode()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.location_types == [] and fresh.reference == "" and fresh.version == case.version


def test_the_edit_page_has_the_anchor_the_step_5_link_points_to(signed_in_client, case):
    html = signed_in_client.get(reverse("cases:edit", args=[case.pk])).content.decode()
    assert html.count('id="how-it-happens"') == 1
    for name in CODED_LISTS:
        assert html.count(f'name="{name}"') == len(CODED_LISTS[name].values)


def test_editing_saves_the_lists_and_keeps_the_history_in_words(signed_in_client, case):
    response = signed_in_client.post(
        reverse("cases:edit", args=[case.pk]),
        _edit_data(case, methods=["violence", "debt"]),
    )
    assert response.status_code == 302
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.methods == ["debt", "violence"]
    from signaalwijzer.cases.access import CaseAccess
    from signaalwijzer.cases.models import CaseMember

    access = CaseAccess(case=fresh, user=case.created_by, basis=CaseMember.Role.OWNER)
    (change,) = record_history(access, fresh)
    (field,) = [field for field in change.fields if field.name == "methods"]
    # The lists left empty are no change of their own (the case started with empty lists).
    assert not {"recruitment_channels", "location_types"} & {f.name for f in change.fields}
    assert field.after == ["debt", "violence"]
    labels = dict(ExploitationMethod.choices)
    assert field.after_text == f"{labels['debt']}, {labels['violence']}"


# --- the service (the one write path; the API goes through it) ---------------------------------------


def test_the_service_refuses_unknown_combined_and_values_that_are_no_choice(owner_access):
    case = owner_access.case
    for changes, field in (
        ({"recruitment_channels": ["unknown", "online"]}, "recruitment_channels"),
        ({"methods": ["chantage"]}, "methods"),
        ({"location_types": "hotel"}, "location_types"),  # a string is not a list
        ({"location_types": [1]}, "location_types"),
    ):
        with pytest.raises(ValidationError) as raised:
            services.update_case(owner_access, expected_version=case.version, changes=changes)
        assert list(raised.value.message_dict) == [field]
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == case.version
    assert (fresh.recruitment_channels, fresh.methods, fresh.location_types) == ([], [], [])


def test_opening_a_case_with_unknown_combined_is_refused(professional):
    with pytest.raises(ValidationError) as raised:
        services.open_case(
            user=professional,
            pseudonym="B.",
            concern="Zorg.",
            location_types=[LocationType.UNKNOWN, LocationType.HOTEL],
        )
    assert "location_types" in raised.value.message_dict
    assert not Case.objects.exists()


def test_the_service_stores_each_value_once_in_the_order_of_the_choices(owner_access):
    case = services.update_case(
        owner_access,
        expected_version=owner_access.case.version,
        changes={"recruitment_channels": ["family", "online", "family"]},
    )
    assert case.recruitment_channels == ["online", "family"]


def test_leaving_a_null_list_empty_is_no_change(owner_access):
    case = owner_access.case
    Case.objects.filter(pk=case.pk).update(methods=None)
    case.refresh_from_db()
    services.update_case(
        owner_access, expected_version=case.version, changes={"methods": [], "reference": "R-2"}
    )
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.methods is None and fresh.reference == "R-2"
    (change,) = RecordChange.objects.filter(case=case)
    assert "methods" not in change.changes and "reference" in change.changes


def test_how_it_happens_lists_only_what_is_filled_in(case):
    case.recruitment_channels = None
    case.methods = []
    case.location_types = ["online", "hotel"]
    ((label, values),) = case.how_it_happens()
    labels = dict(LocationType.choices)
    assert values == [str(labels["online"]), str(labels["hotel"])]
    assert label == label[:1].upper() + label[1:]
