"""Anonymised statistics for the meldcode officer, the organisation admin and the researcher."""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_view_statistics
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.statistics import selectors
from signaalwijzer.statistics.disclosure import DEFAULT_THRESHOLD, TOTAL

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
    """The same protected table as on the page, as CSV (suppressed cells as '<10')."""
    if key not in TABLES:
        raise Http404
    user = signed_in_user(request)
    stats = TABLES[key](_scope(request, user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signaalwijzer-{key}.csv"'
    writer = csv.writer(response)
    table = stats.table
    writer.writerow(
        [stats.row_title, *[stats.column_labels.get(c, c) for c in table.columns], _("Total")]
    )
    for row in (*table.rows, TOTAL):
        label = _("Total") if row == TOTAL else stats.row_labels.get(row, row)
        writer.writerow(
            [label, *[table.label(row, c) for c in table.columns], table.label(row, TOTAL)]
        )
    return response
