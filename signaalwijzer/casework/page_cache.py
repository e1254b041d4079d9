"""The rendered case page, kept for a few minutes in the memory of the web process.

The case page is read far more often than a case changes, and building it takes most of its time (a query
per kind of record, then the template). The access check and the access event come first, on every
request, as always; only then is the page looked up here.

The key holds everything the page depends on:
- the case and its content stamp, which the database changes on every write to the case or one of its
  records (cases/stamp.py), so a cached page never outlives a change;
- the user, their basis for access and their roles (what they may do on the page);
- the language and today's date (ages, due and overdue actions).
What is not in the key can be up to ``CASE_PAGE_CACHE_SECONDS`` old: names of team members, the regional
contacts, the organisation's settings. A request with messages to show (after a change) or with a query
string is rendered as usual and not kept.

The page holds personal data, so it is kept only in the process's memory (``caches["case_pages"]``, a
LocMemCache), never in the shared database cache. The CSRF token is not kept: the page is rendered with a
placeholder that each response replaces with its own token; the same goes for the session's time left that
the timeout warning reads (``{% session_timeout %}``). A page that used the request's CSP nonce is not kept
either.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from signaalwijzer.accounts.session_limits import (
    EXPIRES_IN_CONTEXT,
    session_clock_after_this_request,
)
from signaalwijzer.cases.access import CaseAccess

CACHE = "case_pages"
# New for every process and never shown, so no text a user typed can contain it.
_CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"
_EXPIRES_IN_PLACEHOLDER = f"expires-in-{secrets.token_hex(16)}"


def key(access: CaseAccess, template_name: str) -> str:
    """Ids, codes and dates only: no personal data in a cache key."""
    roles = ",".join(sorted(role.value for role in access.user.roles))
    return ":".join(
        [
            template_name,
            str(access.case.pk),
            str(access.case.content_stamp),
            str(access.user.pk),
            access.basis,
            roles,
            get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )


def _cacheable(request: HttpRequest) -> bool:
    return not request.GET and not len(get_messages(request))


def render_case_page(
    request: HttpRequest,
    access: CaseAccess,
    template_name: str,
    context: Callable[[], Mapping[str, Any]],
) -> HttpResponse:
    """The page ``template_name`` of this case for this user; ``context`` is only called to build it."""
    if not _cacheable(request):
        return render(request, template_name, {**context(), "case": access.case, "access": access})
    cache = caches[CACHE]
    cache_key = key(access, template_name)
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(
            template_name,
            {
                **context(),
                "case": access.case,
                "access": access,
                "csrf_token": _CSRF_PLACEHOLDER,
                EXPIRES_IN_CONTEXT: _EXPIRES_IN_PLACEHOLDER,
            },
            request=request,
        )
        nonce = getattr(request, "csp_nonce", None)
        if nonce is None or str(nonce) not in html:
            cache.set(cache_key, html)
    expires_in = str(session_clock_after_this_request(request).expires_in)
    return HttpResponse(
        html.replace(_CSRF_PLACEHOLDER, get_token(request)).replace(
            _EXPIRES_IN_PLACEHOLDER, expires_in
        )
    )
