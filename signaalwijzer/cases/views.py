from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from signaalwijzer.accounts.roles import (
    can_read_audit_log,
    can_view_statistics,
    can_work_on_cases,
)


def dashboard(request: HttpRequest) -> HttpResponse:
    roles = request.user.roles  # type: ignore[union-attr]
    return render(
        request,
        "cases/dashboard.html",
        {
            "works_on_cases": can_work_on_cases(roles),
            "views_statistics": can_view_statistics(roles),
            "reads_audit_log": can_read_audit_log(roles),
            "has_no_role": not roles,
        },
    )
