"""Anonymised statistics for the meldcode officer, the organisation admin and the researcher."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_view_statistics
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.statistics import export, selectors
from signaalwijzer.statistics.disclosure import DEFAULT_THRESHOLD
from signaalwijzer.statistics.models import StatisticsExport

TABLES = {
    "forms": selectors.cases_by_quarter_and_form,
    "age_gender": selectors.cases_by_age_and_gender,
    "outcomes": selectors.cases_by_sector_and_outcome,
    "screenings": selectors.screenings_by_profile,
}


def _scope(request: HttpRequest, user: User) -> selectors.Scope:
    if not can_view_statistics(user.roles):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    national = request.GET.get("scope") == "national"
    if national and not selectors.may_see_national(user):
        raise PermissionDenied
    return selectors.Scope(national=national, organisation_id=user.organisation_id, year=year)


def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = _scope(request, user)
    context = {
        "scope": scope,
        "tables": [build(scope) for build in TABLES.values()],
        "durations": selectors.time_to_decision(scope, threshold=DEFAULT_THRESHOLD),
        "threshold": DEFAULT_THRESHOLD,
        "may_see_national": selectors.may_see_national(user),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
    }
    return render(request, "statistics/dashboard.html", context)


def download(request: HttpRequest, key: str) -> HttpResponse:
    """The same protected table as on the page, as CSV or XLSX (suppressed cells as '<10')."""
    name, _dot, extension = key.partition(".")
    if name not in TABLES or extension not in ("csv", "xlsx"):
        raise Http404
    user = signed_in_user(request)
    stats = TABLES[name](_scope(request, user))
    if extension == "csv":
        response = HttpResponse(export.as_csv(stats), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.as_xlsx([stats]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="signaalwijzer-{name}.{extension}"'
    return response


@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """Start a full export (it runs in the background) and follow its progress."""
    user = signed_in_user(request)
    scope = _scope(request, user)
    if request.method == "POST":
        export.start_export(user, year=scope.year, national=scope.national)
        return redirect("statistics:exports")
    jobs = export.exports_of(user)
    busy = any(
        job.status in (StatisticsExport.Status.WAITING, StatisticsExport.Status.RUNNING)
        for job in jobs
    )
    return render(request, "statistics/exports.html", {"jobs": jobs, "busy": busy, "scope": scope})


def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    user = signed_in_user(request)
    _scope(request, user)
    job = export.finished_export(user, export_id)
    if job is None or job.content is None:
        raise Http404
    response = HttpResponse(
        bytes(job.content),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="signaalwijzer-statistiek-{job.year}.xlsx"'
    )
    return response
