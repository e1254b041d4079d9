"""Fuzz the API from its committed OpenAPI file against a live server: no server errors, answers as documented.

Bounded: a few examples per operation, so it stays quick in CI.
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.cases import services

SCHEMA = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
)


@pytest.fixture
def token(transactional_db, professional, settings):
    # The fuzzer sends accepted requests again without a token (to check that they are refused): far more than
    # 60 a minute from one address: the limits have their own tests (api/tests/test_idempotency_and_limits.py).
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 0
    services.open_case(user=professional, pseudonym="F.", concern="Fuzz.")
    _token, raw = PersonalAccessToken.issue(user=professional, name="fuzz", scope="write", days=1)
    return raw


@SCHEMA.include(path_regex="^/api/v1/cases").parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_errors_and_answers_as_documented(case, live_server, token):
    response = case.call(base_url=live_server.url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, response.text[:500]
    headers = {key.lower(): value for key, value in response.headers.items()}
    content_type = headers.get("content-type", "")
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert response.status_code in (204, 301, 302, 405) or content_type.startswith(
        ("application/json", "application/problem+json")
    ), (response.status_code, content_type, case.method, case.formatted_path)
    if response.status_code in (200, 201):
        case.validate_response(response)
