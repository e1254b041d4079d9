"""GET /api/v1/cases/?status=open|closed|all&q=...: the same meaning as the dashboard's list and search."""

from __future__ import annotations

import logging

from django.test import Client
from django.urls import reverse

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.log_filters import DropQueryString


def _api(user):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope="read", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()]


def test_status_defaults_to_open_and_takes_closed_or_all(professional, case):
    closed = services.open_case(user=professional, pseudonym="K.", concern="Zorg.")
    services.close_case(CaseAccess(case=closed, user=professional, basis="owner"), reason="Klaar.")
    api, url = _api(professional), reverse("api:cases")
    assert _ids(api.get(url)) == [case.pk]
    assert _ids(api.get(url, {"status": "closed"})) == [closed.pk]
    assert set(_ids(api.get(url, {"status": "all"}))) == {case.pk, closed.pk}
    for wrong_query in ({"status": "gesloten"}, {"status": ""}, {"q": ""}):
        wrong = api.get(url, wrong_query)
        assert wrong.status_code == 400 and wrong["Content-Type"] == "application/problem+json"


def test_q_matches_the_whole_normalised_value_and_is_audited_without_the_term(
    professional, case, outsider_org
):
    api, url = _api(professional), reverse("api:cases")
    assert _ids(api.get(url, {"q": " j. "})) == [case.pk]
    assert _ids(api.get(url, {"q": "j"})) == []
    event = AccessEvent.objects.filter(action=AccessEvent.Action.SEARCH).latest("pk")
    assert event.purpose == "api.cases.list.search" and event.case_id is None
    assert _ids(_api(outsider_org).get(url, {"q": "J."})) == []


def test_the_next_page_link_keeps_status(professional, monkeypatch):
    from signaalwijzer.api import views

    monkeypatch.setattr(views, "API_PAGE_SIZE", 1)
    for name in ("A.", "B."):
        services.open_case(user=professional, pseudonym=name, concern="Zorg.")
    response = _api(professional).get(reverse("api:cases"), {"status": "all"})
    assert "status=all" in response["Link"] and "page=2" in response["Link"]


def test_request_log_lines_lose_their_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /api/v1/cases/?q=Jan%20J&status=all HTTP/1.1", "200", "12"),
        None,
    )
    DropQueryString().filter(record)
    assert record.getMessage() == '"GET /api/v1/cases/?… HTTP/1.1" 200 12'


def test_the_openapi_schema_documents_status_and_q(client, db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"status", "q", "page"} <= parameters
