"""GET /.well-known/security.txt (RFC 9116): whom to tell about a vulnerability in this installation.

The contact and the expiry come from the settings SECURITY_CONTACT and SECURITY_TXT_EXPIRES; without a contact
the file does not exist (404), because a security.txt without Contact is invalid. See SECURITY.md.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

PATH = ".well-known/security.txt"


def render(contact: str, expires: date, canonical: str) -> str:
    """The file's text; Expires is the start of that day in UTC, as RFC 3339 asks."""
    return (
        f"Contact: {contact}\n"
        f"Expires: {expires.isoformat()}T00:00:00.000Z\n"
        "Preferred-Languages: nl, en\n"
        f"Canonical: {canonical}\n"
    )


@login_not_required
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    contact = settings.SECURITY_CONTACT
    if not contact:
        raise Http404
    canonical = settings.SITE_URL.rstrip("/") + "/" + PATH
    return HttpResponse(
        render(contact, settings.SECURITY_TXT_EXPIRES, canonical),
        content_type="text/plain; charset=utf-8",
    )
