"""The platform administrator sees overdue and failed jobs; nobody else does."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs import registry
from tests.factories import sign_in


def _staff(user):
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_jobs_page_lists_overdue_jobs_and_failed_runs(client, professional):
    now = timezone.now()
    for job in registry.JOBS:
        if job.name != "retention":  # retention never ran: overdue
            JobRun.objects.create(name=job.name, status="ok", started_at=now, finished_at=now)
    JobRun.objects.create(
        name="reminder.action_due",
        target_id=41,
        attempt=5,
        status="failed",
        started_at=now,
        finished_at=now,
        error_class="SMTPServerDisconnected",
        gave_up=True,
    )
    sign_in(client, _staff(professional))
    page = client.get(reverse("admin_jobs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="sw-overdue"><td>retention</td>' in html
    assert "SMTPServerDisconnected" in html and "reminder.action_due" in html
    index = client.get(reverse("admin:index")).content.decode()
    assert 'id="job-problems"' in index
    assert reverse("admin_jobs") in index
    assert 'class="error"' in index


def test_the_run_records_have_a_filtered_admin_list(client, professional):
    JobRun.objects.create(name="retention", status="failed", error_class="RuntimeError")
    JobRun.objects.create(
        name="heartbeat", status="ok", finished_at=timezone.now() - timedelta(minutes=1)
    )
    sign_in(client, _staff(professional))
    url = reverse("admin:jobruns_jobrun_changelist")
    html = client.get(url, {"status__exact": "failed"}).content.decode()
    rows = html.split('id="result_list"')[1].split("</table>")[0]
    assert "RuntimeError" in rows and "heartbeat" not in rows


def test_a_professional_cannot_see_the_jobs_page(signed_in_client):
    response = signed_in_client.get(reverse("admin_jobs"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
