"""Error pages that tell a worried user what happened and what to do now."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Most often the session expired while a form was open; say so, and never show `reason`.
    return render(request, "403_csrf.html", status=403)
