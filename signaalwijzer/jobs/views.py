"""/admin/jobs/: the platform administrator sees every scheduled job, which are overdue, and which runs failed
with no attempts left (names, times, error classes; no case data)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from signaalwijzer.jobs import selectors


@staff_member_required
@require_GET
def jobs_page(request: HttpRequest) -> HttpResponse:
    overview = selectors.job_overview()
    context = {
        **admin.site.each_context(request),
        "title": _("Scheduled jobs"),
        "jobs": overview,
        "overdue": [row for row in overview if row.overdue],
        "failed": selectors.failed_for_good(window=selectors.FAILED_PAGE_WINDOW),
    }
    return render(request, "jobs/jobs.html", context)
