"""The REST API: same access rules and audit events as the pages; tokens, If-Match, idempotency, problems."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import Case
from tests.factories import sign_in, sign_in_password_only


def _client(user, scope="write"):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope=scope, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(professional):
    return _client(professional)


def test_a_token_lists_my_cases_and_each_listing_is_audited(api, case):
    response = api.get(reverse("api:cases"))
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [case.pk]
    assert (
        AccessEvent.objects.filter(case=case, action="list", purpose="api.cases.list").count() == 1
    )


def test_the_case_list_comes_in_pages_with_a_link_to_the_next(api, professional, monkeypatch):
    from signaalwijzer.api import views
    from signaalwijzer.cases import services

    monkeypatch.setattr(views, "API_PAGE_SIZE", 2)
    opened = [
        services.open_case(user=professional, pseudonym=f"A{i}.", concern="Zorg.") for i in range(3)
    ]
    first = api.get(reverse("api:cases"))
    assert [item["id"] for item in first.json()] == [opened[2].pk, opened[1].pk]
    assert first["X-Total-Count"] == "3"
    assert first["Link"] == f'<http://testserver{reverse("api:cases")}?page=2>; rel="next"'
    last = api.get(reverse("api:cases"), {"page": 2})
    assert [item["id"] for item in last.json()] == [opened[0].pk]
    assert "Link" not in last
    # Only the cases shown were listed in the access log.
    assert AccessEvent.objects.filter(action="list", purpose="api.cases.list").count() == 3
    wrong = api.get(reverse("api:cases"), {"page": "nul"})
    assert wrong.status_code == 400 and wrong["Content-Type"] == "application/problem+json"
    assert AccessEvent.objects.filter(action="list", purpose="api.cases.list").count() == 3


def test_without_credentials_the_answer_is_a_json_problem(client, db):
    response = client.get(reverse("api:cases"))
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == response.status_code


@pytest.mark.parametrize("change", ["revoked", "expired"])
def test_a_revoked_or_expired_token_is_refused(professional, change, db):
    token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=30)
    if change == "revoked":
        token.revoked_at = timezone.now()
    else:
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(reverse("api:cases"))
    assert response.status_code == 401


def test_only_the_hash_of_a_token_is_stored(professional, db):
    token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=30)
    assert raw not in (token.token_hash, token.prefix) and raw.startswith(token.prefix)


def test_a_read_token_cannot_write(professional, db):
    response = _client(professional, "read").post(
        reverse("api:cases"), {"pseudonym": "A.", "concern": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_session_without_the_second_factor_gets_nothing(client, professional, case):
    sign_in_password_only(client, professional)
    assert client.get(reverse("api:case", args=[case.pk])).status_code in (302, 403)


def test_a_session_with_the_second_factor_works(client, professional, case):
    sign_in(client, professional)
    assert client.get(reverse("api:case", args=[case.pk])).status_code == 200


def test_a_stranger_gets_a_404_problem(outsider_org, case):
    response = _client(outsider_org).get(reverse("api:case", args=[case.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_reading_a_case_leaves_one_event_and_an_etag(api, case):
    response = api.get(reverse("api:case", args=[case.pk]))
    assert response["ETag"] == f'"{case.version}"'
    (event,) = AccessEvent.objects.filter(case=case, purpose="api.case.detail")
    assert event.action == "read"


def test_an_update_needs_if_match_and_refuses_a_stale_version(api, case):
    url = reverse("api:case", args=[case.pk])
    assert api.patch(url, {"reference": "R1"}, content_type="application/json").status_code == 428
    ok = api.patch(url, {"reference": "R1"}, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    stale = api.patch(
        url, {"reference": "R2"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    case.refresh_from_db()
    assert case.reference == "R1"


def test_a_retried_post_with_the_same_key_creates_one_case(api, db):
    for _attempt in range(3):
        response = api.post(
            reverse("api:cases"),
            {"pseudonym": "B.", "concern": "Zorg."},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="abc-123",
        )
        assert response.status_code == 201
    assert Case.objects.count() == 1
    assert response["Idempotent-Replayed"] == "true"


def test_bad_input_is_a_400_problem_that_names_the_field(api, case):
    response = api.post(
        reverse("api:observations", args=[case.pk]),
        {"observed_on": "gisteren", "description": "x", "source": "own", "nature": "fact"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "observed_on" in response.json()["errors"]


def test_domain_rules_apply_through_the_api(api, case):
    response = api.post(
        reverse("api:observations", args=[case.pk]),
        {
            "observed_on": dt.date.today().isoformat(),
            "description": "x",
            "source": "third_party",
            "nature": "fact",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "source_name" in response.json()["errors"]


def test_the_weighing_through_the_api(api, case):
    url = reverse("api:weighing", args=[case.pk])
    assert api.get(url)["ETag"] == '"0"'
    body = {
        "q1_suspicion": True,
        "q1_reason": "Signalen.",
        "q2_unsafety": "acute",
        "q2_reason": "Uitbuiting.",
        "final_decision": "report",
    }
    response = api.put(url, body, content_type="application/json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 200 and response.json()["final_decision"] == "report"


def test_an_unknown_api_address_is_a_json_404(api):
    response = api.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_committed_openapi_file_is_current(tmp_path):
    from pathlib import Path

    from django.core.management import call_command

    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    committed = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
    assert generated.read_text() == committed.read_text(), (
        "run: python manage.py spectacular --file docs/openapi.yaml"
    )


def test_tokens_are_made_on_a_page_after_a_fresh_second_factor(client, professional):
    sign_in(client, professional)
    response = client.post(
        reverse("api_tokens"),
        {"action": "create", "name": "Roostersysteem", "scope": "read", "days": 30},
    )
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("swt_")
    token = PersonalAccessToken.objects.get(user=professional)
    client.post(reverse("api_tokens"), {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("observations", "Observation"),
        ("consultations", "Consultation"),
        ("conversations", "Conversation"),
        ("consents", "Consent"),
        ("actions", "Action"),
        ("missing-episodes", "MissingEpisode"),
    ],
)
def test_each_record_kind_has_its_own_schema_and_operations(path, schema):
    """Annotating the shared get/post once showed the Action schema for every record list."""
    from pathlib import Path

    import yaml

    spec = yaml.safe_load(
        (Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml").read_text()
    )
    operations = spec["paths"][f"/api/v1/cases/{{case_id}}/{path}/"]
    listed = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    sent = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
    made = operations["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert listed["items"]["$ref"] == made["$ref"] == f"#/components/schemas/{schema}"
    assert sent["$ref"] == f"#/components/schemas/{schema}Request"
    name = path.replace("-", "_")
    assert (operations["get"]["operationId"], operations["post"]["operationId"]) == (
        f"cases_{name}_list",
        f"cases_{name}_create",
    )


def test_text_must_be_sent_as_text(api, case):
    """The schema says string: a number is a 400 that names the field, not the text "0"."""
    response = api.post(
        reverse("api:cases"),
        {"pseudonym": "B.", "concern": "Zorg.", "reference": 0},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reference" in response.json()["errors"]
    response = api.post(
        reverse("api:observations", args=[case.pk]),
        {
            "observed_on": dt.date.today().isoformat(),
            "description": 7,
            "source": "own",
            "nature": "fact",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "description" in response.json()["errors"]
    assert Case.objects.count() == 1 and not case.observations.exists()
