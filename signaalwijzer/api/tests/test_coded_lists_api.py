"""How it happens (the coded lists) through the API: read, written, refused with a 400 problem."""

from django.urls import reverse

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.cases.models import Case


def _api(user):
    from django.test import Client

    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope="write", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _patch(api, case, body, version):
    return api.patch(
        reverse("api:case", args=[case.pk]),
        body,
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )


def test_the_lists_go_round_through_the_api(professional, case):
    api = _api(professional)
    url = reverse("api:case", args=[case.pk])
    assert api.get(url).json()["methods"] == []
    response = _patch(
        api,
        case,
        {"recruitment_channels": ["peers", "online", "peers"], "location_types": ["unknown"]},
        case.version,
    )
    assert response.status_code == 200, response.json()
    body = api.get(url).json()
    assert body["recruitment_channels"] == ["online", "peers"]
    assert body["location_types"] == ["unknown"]
    assert body["methods"] == []


def test_a_null_list_reads_as_an_empty_list(professional, case):
    Case.objects.filter(pk=case.pk).update(recruitment_channels=None)
    body = _api(professional).get(reverse("api:case", args=[case.pk])).json()
    assert body["recruitment_channels"] == []


def test_a_new_case_takes_the_lists(professional, db):
    response = _api(professional).post(
        reverse("api:cases"),
        {"pseudonym": "B.", "concern": "Zorg.", "methods": ["sextortion"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["methods"] == ["sextortion"]
    assert Case.objects.get().methods == ["sextortion"]


def test_bad_lists_are_a_400_problem_and_change_nothing(professional, case):
    api = _api(professional)
    for body, field in (
        ({"methods": ["unknown", "debt"]}, "methods"),  # the service's rule
        ({"location_types": ["bij hem thuis"]}, "location_types"),  # not a choice
        ({"recruitment_channels": "online"}, "recruitment_channels"),  # not a list
        ({"recruitment_channels": None}, "recruitment_channels"),
    ):
        response = _patch(api, case, {**body, "reference": "R-9"}, case.version)
        assert response.status_code == 400, body
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], response.json()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == case.version and fresh.reference == ""
    assert (fresh.recruitment_channels, fresh.methods, fresh.location_types) == ([], [], [])


def test_opening_a_case_with_unknown_combined_is_a_400(professional, db):
    response = _api(professional).post(
        reverse("api:cases"),
        {"pseudonym": "B.", "concern": "Zorg.", "location_types": ["hotel", "unknown"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "location_types" in response.json()["errors"]
    assert not Case.objects.exists()
