"""Two app processes and one task worker against one PostgreSQL: how Signaalwijzer scales beyond one machine.

Sessions, background tasks and locks (optimistic versions, the access-log chain head) must work across processes,
because they are kept in the database; the one thing a process keeps in its own memory, the rendered case page, is
keyed on the case's content stamp in the database, so a change made anywhere shows everywhere at once
(docs/operations.md, "Several app processes").
"""

import time

import pytest
import requests
from django.db import connection
from django.urls import reverse
from django_tasks import TaskResultStatus

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases import services
from signaalwijzer.cases.tasks import notify_meldcode_officer
from tests.reliability.editing import edit_concurrently
from tests.reliability.processes import gunicorn, task_worker

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several processes share one PostgreSQL"
    ),
]

EDITORS = 10
ROUNDS = 4


@pytest.fixture
def two_apps(transactional_db):
    with gunicorn(workers=1) as (_a, url_a), gunicorn(workers=1) as (_b, url_b):
        yield url_a, url_b


def test_a_session_from_one_process_is_valid_in_the_other(two_apps, signed_in_client):
    session = signed_in_client.cookies["sessionid"].value
    dashboard = reverse("cases:dashboard")
    for url in two_apps:
        response = requests.get(
            f"{url}{dashboard}", cookies={"sessionid": session}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 200, (url, response.status_code)
    # And without the cookie: the login page, so the 200s above really came from the session.
    anonymous = requests.get(f"{two_apps[0]}{dashboard}", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302


def test_a_change_shows_at_once_in_a_process_that_cached_the_page(
    two_apps, signed_in_client, owner_access, case
):
    import datetime as dt

    session = {"sessionid": signed_in_client.cookies["sessionid"].value}
    page = f"{two_apps[0]}{reverse('cases:detail', args=[case.pk])}"
    for _ in range(2):  # the second answer comes from that process's cache
        first = requests.get(page, cookies=session, allow_redirects=False, timeout=10)
        assert first.status_code == 200
        assert "Geld van een onbekende" not in first.text
    # Written by another process (this one), straight to the database.
    services.record_observation(
        owner_access,
        observed_on=dt.date.today(),
        description="Geld van een onbekende",
        source="own",
        nature="fact",
    )
    after = requests.get(page, cookies=session, allow_redirects=False, timeout=10)
    assert "Geld van een onbekende" in after.text


def test_editors_on_two_processes_lose_no_update(two_apps, professional):
    _token, raw = PersonalAccessToken.issue(user=professional, name="two", scope="write", days=1)
    case = services.open_case(user=professional, pseudonym="M.", concern="Twee processen.")
    headers = {"Authorization": f"Bearer {raw}"}

    urls = [f"{app}/api/v1/cases/{case.pk}/" for app in two_apps]
    saved, conflicts = edit_concurrently(urls, headers, editors=EDITORS, rounds=ROUNDS)
    case.refresh_from_db()
    assert saved + conflicts == EDITORS * ROUNDS
    assert case.version == 1 + saved
    # Both processes wrote access events at the same time; the chain head lock kept one chain.
    assert verify_chain() is None


def test_a_task_queued_in_one_process_runs_in_the_worker_process(transactional_db, professional):
    with task_worker():
        result = notify_meldcode_officer.enqueue(professional.pk)
        for _ in range(150):
            result.refresh()
            if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                break
            time.sleep(0.2)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is True
