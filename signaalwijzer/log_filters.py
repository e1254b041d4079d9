"""Logging filters: no query strings in request log lines (an API client may put a search term there)."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


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
