"""Anonymised statistics for the meldcode officer, the organisation admin and the researcher."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_view_statistics
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.statistics import export, selectors
from signaalwijzer.statistics.disclosure import DEFAULT_THRESHOLD
from signaalwijzer.statistics.forms import StatisticsFilter, offered_years
from signaalwijzer.statistics.models import StatisticsExport

TABLES = {
    "forms": selectors.cases_by_quarter_and_form,
    "age_gender": selectors.cases_by_age_and_gender,
    "outcomes": selectors.cases_by_sector_and_outcome,
    "screenings": selectors.screenings_by_profile,
}


def _statistics_user(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_view_statistics(user.roles):
        raise PermissionDenied
    return user


def _scope(request: HttpRequest, user: User) -> tuple[StatisticsFilter, selectors.Scope | None]:
    """The checked year and area; no scope when the query parameters are not valid (a form error)."""
    form = StatisticsFilter(request.GET)
    if not form.is_valid():
        return form, None
    national = form.chosen_national()
    if national and not selectors.may_see_national(user):
        raise PermissionDenied
    scope = selectors.Scope(
        national=national, organisation_id=user.organisation_id, year=form.chosen_year()
    )
    return form, scope


def _dashboard_context(user: User, form: StatisticsFilter, **context: Any) -> dict[str, Any]:
    return {
        "form": form,
        "threshold": DEFAULT_THRESHOLD,
        "may_see_national": selectors.may_see_national(user),
        "years": offered_years(),
        **context,
    }


def _bad_query(request: HttpRequest, user: User, form: StatisticsFilter) -> HttpResponse:
    """The page again, with what is wrong, and no figures: a 400, never a 500."""
    default = selectors.Scope(
        national=False, organisation_id=user.organisation_id, year=offered_years()[0]
    )
    context = _dashboard_context(user, form, scope=default, tables=[], durations=None)
    return render(request, "statistics/dashboard.html", context, status=400)


def dashboard(request: HttpRequest) -> HttpResponse:
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is None:
        return _bad_query(request, user, form)
    context = _dashboard_context(
        user,
        form,
        scope=scope,
        tables=[build(scope) for build in TABLES.values()],
        durations=selectors.time_to_decision(scope, threshold=DEFAULT_THRESHOLD),
    )
    return render(request, "statistics/dashboard.html", context)


def download(request: HttpRequest, key: str) -> HttpResponse:
    """The same protected table as on the page, as CSV or XLSX (suppressed cells as '<10')."""
    name, _dot, extension = key.partition(".")
    if name not in TABLES or extension not in ("csv", "xlsx"):
        raise Http404
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is None:
        return _bad_query(request, user, form)
    stats = TABLES[name](scope)
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
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is not None and request.method == "POST":
        export.start_export(user, year=scope.year, national=scope.national)
        return redirect("statistics:exports")
    jobs = export.exports_of(user)
    busy = any(
        job.status in (StatisticsExport.Status.WAITING, StatisticsExport.Status.RUNNING)
        for job in jobs
    )
    context = {"jobs": jobs, "busy": busy, "scope": scope, "form": form}
    return render(request, "statistics/exports.html", context, status=400 if scope is None else 200)


def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    user = _statistics_user(request)
    job = export.finished_export(user, export_id)
    if job is None or job.content is None:
        raise Http404
    if job.national and not selectors.may_see_national(user):
        raise Http404  # made while the user was a researcher; no longer theirs to see
    response = HttpResponse(
        bytes(job.content),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="signaalwijzer-statistiek-{job.year}.xlsx"'
    )
    return response
