"""Logging filters and redaction: no query strings, no e-mail addresses; every record gets the request id."""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar

_QUERY = re.compile(r"\?[^\s\"]*")
# An e-mail address anywhere in a line (a login, a lockout, an exception from a unique constraint).
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
EMAIL_MARK = "[e-mail]"
# A one-time key in a path: allauth's password-reset (also the invitation link) and e-mail confirmation keys.
# Whoever reads the key from a log could set the password, so the segment after "key/" or "confirm-email/" goes.
_PATH_KEY = re.compile(r"(/(?:key|confirm-email)/)[^/\s\"?]+")
KEY_MARK = "[key]"

# The id of the request being served in this thread; set by request_id.RequestIdMiddleware. Kept here, free of
# Django imports, because gunicorn's master process loads the logging configuration before Django.
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def redact(text: str) -> str:
    """The text with every e-mail address and every one-time key in a path replaced by a mark. Used by both
    formatters (log_format.py) on the whole formatted line, exception text included."""
    return _PATH_KEY.sub(r"\1" + KEY_MARK, _EMAIL.sub(EMAIL_MARK, text))


class DropQueryString(logging.Filter):
    """Cut the query string out of a logged request line ("GET /api/v1/cases/?q=... HTTP/1.1")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                _QUERY.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str) and "?" in record.msg and not record.args:
            record.msg = _QUERY.sub("?…", record.msg)
        return True


class AddRequestId(logging.Filter):
    """Put the id of the request being served (request_id.py) on the record; None outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
