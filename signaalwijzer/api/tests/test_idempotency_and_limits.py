"""Idempotent retries keep no case data; rate limits answer 429; bad ids change nothing and say so."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.api.models import IdempotencyKey, PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import Case, CaseMember, Observation
from tests.factories import sign_in

SECRET = "GEHEIM-Lotte-de-Vries-Praktijkschool-Weert"


def _client(user, scope="write"):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope=scope, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(professional):
    return _client(professional)


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall())


def _post_case(api, key="sleutel-1", **body):
    return api.post(
        reverse("api:cases"),
        {"pseudonym": SECRET, "concern": SECRET, **body},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_nothing_of_the_case_is_kept_for_a_retry(api, professional):
    created = _post_case(api)
    case_id = created.json()["id"]
    observation = api.post(
        reverse("api:observations", args=[case_id]),
        {
            "observed_on": dt.date.today().isoformat(),
            "description": SECRET,
            "source": "own",
            "nature": "fact",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"obs-{SECRET}",
    )
    assert created.status_code == observation.status_code == 201
    assert IdempotencyKey.objects.count() == 2
    stored = _raw_rows(IdempotencyKey._meta.db_table)
    assert SECRET not in stored  # neither the body nor the client's key
    assert "sleutel-1" not in stored


def test_a_retry_reads_the_record_again_and_is_logged(api, professional):
    first = _post_case(api)
    case = Case.objects.get()
    case_services_update = Case.objects.filter(pk=case.pk)
    case_services_update.update(
        reference="R-2"
    )  # changed since: the retry shows the record as it is now
    retry = _post_case(api)
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"] and retry.json()["reference"] == "R-2"
    assert Case.objects.count() == 1
    (event,) = AccessEvent.objects.filter(case=case, purpose="api.case.replay")
    assert (event.user, event.action) == (professional, "read")


def test_a_retry_of_a_record_is_read_again(api, case):
    url = reverse("api:observations", args=[case.pk])
    body = {
        "observed_on": dt.date.today().isoformat(),
        "description": "Tweede telefoon.",
        "source": "own",
        "nature": "fact",
    }
    first = api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="o-1")
    again = api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="o-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert Observation.objects.filter(case=case).count() == 1
    assert AccessEvent.objects.filter(case=case, purpose="api.observations.replay").count() == 1


def test_a_retry_after_losing_access_is_a_404(api, professional, case, colleague):
    CaseMember.objects.create(case=case, user=colleague, role=CaseMember.Role.MEMBER)
    colleague_api = _client(colleague)
    url = reverse("api:observations", args=[case.pk])
    body = {
        "observed_on": dt.date.today().isoformat(),
        "description": "x",
        "source": "own",
        "nature": "fact",
    }
    made = colleague_api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert made.status_code == 201
    CaseMember.objects.filter(case=case, user=colleague).delete()
    retry = colleague_api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    assert retry.status_code == 404
    assert SECRET not in retry.content.decode()


def test_a_destroyed_case_takes_its_keys_along_and_is_never_replayed(api):
    _post_case(api)
    Case.objects.all().delete()
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_another_body_is_refused(api):
    _post_case(api)
    other = _post_case(api, concern="Iets anders.")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Case.objects.count() == 1


def test_keys_expire_after_a_day(api, settings):
    _post_case(api)
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    again = _post_case(api)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1  # the expired one is gone


def test_too_many_requests_are_a_429_problem_with_retry_after(api, case, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [api.get(reverse("api:case", args=[case.pk])).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get(reverse("api:case", args=[case.pk]))
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0


def test_requests_without_a_token_are_limited_per_client(client, db, settings):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 2
    statuses = [client.get(reverse("api:cases")).status_code for _ in range(3)]
    assert statuses[-1] == 429
    other = client.get(reverse("api:cases"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code != 429


def test_the_api_does_not_tell_which_user_ids_exist(api, case, outsider_org):
    url = reverse("api:actions", args=[case.pk])
    body = {"kind": "monitoring", "due_on": dt.date.today().isoformat(), "description": "x"}
    missing = api.post(url, {**body, "owner": 10**9}, content_type="application/json")
    stranger = api.post(url, {**body, "owner": outsider_org.pk}, content_type="application/json")
    assert missing.status_code == stranger.status_code == 400
    assert missing.json()["errors"] == stranger.json()["errors"]


@pytest.mark.parametrize("token_id", ["abc", "1e5", "²", "9" * 40, ""])
def test_revoking_a_token_with_a_bad_id_changes_nothing(client, professional, token_id):
    token, _raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=30)
    sign_in(client, professional)
    response = client.post(reverse("api_tokens"), {"action": "revoke", "token": token_id})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_empty_page_number_is_a_400(api, case):
    response = api.get(reverse("api:cases") + "?page=")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
