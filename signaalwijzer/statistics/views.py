"""Anonymised statistics for the meldcode officer, the organisation admin and the researcher.

The page reads protected tables for a scope (area, years) from the selectors; what a table is (titles, labels,
note) comes from ``dimensions.TABLES``. An organisation's own figures are for everyone with statistics; national
and safety-region figures only for researchers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_view_statistics
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.replica import replica_reads
from signaalwijzer.statistics import export, selectors
from signaalwijzer.statistics.dimensions import TABLES
from signaalwijzer.statistics.disclosure import DEFAULT_THRESHOLD
from signaalwijzer.statistics.export import ShownTable
from signaalwijzer.statistics.forms import (
    ORGANISATION,
    StatisticsFilter,
    area_choices,
    area_label,
    offered_years,
    period_label,
)
from signaalwijzer.statistics.models import StatisticsExport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_scope(area: str, years: tuple[int, ...], organisation_id: int | None) -> selectors.Scope:
    return selectors.Scope(area, years, organisation_id)


def published_tables(scope: selectors.Scope, keys: list[str] | None = None) -> list[ShownTable]:
    """The protected tables of the scope, in the order of dimensions.TABLES (read from the summary)."""
    keys = list(TABLES) if keys is None else keys
    return [
        ShownTable(TABLES[stats.key], stats.table) for stats in selectors.published(scope, keys)
    ]


def durations(scope: selectors.Scope) -> selectors.Durations:
    return selectors.durations(scope, DEFAULT_THRESHOLD)


# --- the pages ----------------------------------------------------------------------------------------------


def scope_heading(area: str, years: tuple[int, ...]) -> str:
    return f"{period_label(years)} · {area_label(area)}"


def _statistics_user(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_view_statistics(user.roles):
        raise PermissionDenied
    return user


def _scope(request: HttpRequest, user: User) -> tuple[StatisticsFilter, selectors.Scope | None]:
    """The checked period and area; no scope when the query parameters are not valid (a form error)."""
    form = StatisticsFilter(request.GET)
    if not form.is_valid():
        return form, None
    area = form.chosen_area()
    if area != ORGANISATION and not selectors.may_see_national(user):
        raise PermissionDenied
    return form, make_scope(area, form.chosen_years(), user.organisation_id)


def _query(scope: selectors.Scope) -> str:
    """The filter as a query string, for the download links (no personal data: a year and an area code)."""
    from urllib.parse import urlencode

    query: dict[str, Any] = {"year": _chosen_year(scope)}
    if len(scope.years) > 1:
        query["period"] = "block"
    if scope.area != ORGANISATION:
        query["scope"] = scope.area
    return urlencode(query)


def _chosen_year(scope: selectors.Scope) -> int:
    """A year of the block that the page offers (the block's own years can lie in the future)."""
    offered = [year for year in offered_years() if year in scope.years]
    return offered[0] if offered else scope.years[0]


def _dashboard_context(
    user: User, form: StatisticsFilter, scope: selectors.Scope, **context: Any
) -> dict[str, Any]:
    may_see_national = selectors.may_see_national(user)
    areas = area_choices() if may_see_national else area_choices()[:1]
    return {
        "form": form,
        "threshold": DEFAULT_THRESHOLD,
        "may_see_national": may_see_national,
        "years": offered_years(),
        "areas": [(value, str(label)) for value, label in areas],
        "scope": scope,
        "chosen_year": _chosen_year(scope),
        "is_block": len(scope.years) > 1,
        "heading": scope_heading(scope.area, scope.years),
        "query": _query(scope),
        **context,
    }


def _bad_query(request: HttpRequest, user: User, form: StatisticsFilter) -> HttpResponse:
    """The page again, with what is wrong, and no figures: a 400, never a 500."""
    default = make_scope(ORGANISATION, (offered_years()[0],), user.organisation_id)
    context = _dashboard_context(user, form, default, tables=[], durations=None)
    return render(request, "statistics/dashboard.html", context, status=400)


@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is None:
        return _bad_query(request, user, form)
    context = _dashboard_context(
        user, form, scope, tables=published_tables(scope), durations=durations(scope)
    )
    return render(request, "statistics/dashboard.html", context)


@replica_reads
def download(request: HttpRequest, key: str) -> HttpResponse:
    """The same protected table as on the page, as CSV or XLSX, with the same labels and notes."""
    name, _dot, extension = key.partition(".")
    if name not in TABLES or extension not in ("csv", "xlsx"):
        raise Http404
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is None:
        return _bad_query(request, user, form)
    (stats,) = published_tables(scope, [name])
    heading = scope_heading(scope.area, scope.years)
    if extension == "csv":
        response = HttpResponse(
            export.as_csv(stats, heading=heading), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(export.as_xlsx([stats], heading=heading), content_type=XLSX)
    period = period_label(scope.years).replace("–", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="signaalwijzer-{name}-{period}-{scope.area}.{extension}"'
    )
    return response


@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """Start a full export of the chosen scope (it runs in the background) and follow its progress."""
    user = _statistics_user(request)
    form, scope = _scope(request, user)
    if scope is not None and request.method == "POST":
        export.start_export(user, area=scope.area, years=scope.years)
        return redirect("statistics:exports")
    jobs = export.exports_of(user)
    busy = any(
        job.status in (StatisticsExport.Status.WAITING, StatisticsExport.Status.RUNNING)
        for job in jobs
    )
    context = {
        "jobs": [(job, scope_heading(*export.scope_of(job))) for job in jobs],
        "busy": busy,
        "scope": scope,
        "form": form,
        "heading": scope_heading(scope.area, scope.years) if scope is not None else "",
        "query": _query(scope) if scope is not None else "",
    }
    return render(request, "statistics/exports.html", context, status=400 if scope is None else 200)


def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    user = _statistics_user(request)
    job = export.finished_export(user, export_id)
    if job is None or job.content is None:
        raise Http404
    area, years = export.scope_of(job)
    if area != ORGANISATION and not selectors.may_see_national(user):
        raise Http404  # made while the user was a researcher; no longer theirs to see
    response = HttpResponse(bytes(job.content), content_type=XLSX)
    period = period_label(years).replace("–", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="signaalwijzer-statistiek-{period}-{area}.xlsx"'
    )
    return response
