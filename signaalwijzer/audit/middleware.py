"""The session middleware that also writes a request's read events (see SessionAndReadsMiddleware)."""

from __future__ import annotations

from collections.abc import Awaitable

from django.contrib.sessions.middleware import SessionMiddleware
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from signaalwijzer.accounts.session_limits import session_left_alone
from signaalwijzer.audit.services import deferred_reads, reads_deferred, write_deferred


class SessionAndReadsMiddleware(SessionMiddleware):
    """Django's session middleware that also writes the request's read events, in one transaction.

    A page read used to commit twice: its access event, then the session (saved on every request for the
    idle timeout). Now the read events wait (``reads_deferred``) and are written in the transaction that
    saves the session, before the response leaves the server. If they cannot be written, the response
    becomes an error page: nothing is shown without its access event.

    A request whose view only looked at the session (``accounts.session_limits.leave_session_alone``: the
    session-status endpoint) does not save it, so it does not move the idle timeout.
    """

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        with reads_deferred() as pending:
            try:
                return super().__call__(request)
            finally:
                # Only when an exception escaped before process_response could write them.
                write_deferred(pending)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        pending = deferred_reads()
        if session_left_alone(request) and not pending:
            return response
        if response.status_code == 404:
            # Refused (a record of another case under this case's address, say): nothing was shown, so
            # nothing was read. The check that passed on the way there is not a read of case data.
            pending.clear()
        if not pending:
            return super().process_response(request, response)
        # The session first: the events lock the head of the access log chain until the commit, so they
        # come last, right before it.
        with transaction.atomic():
            response = super().process_response(request, response)
            write_deferred(pending)
        return response
