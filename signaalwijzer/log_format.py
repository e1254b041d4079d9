"""How log lines look: one JSON object a line in production, a plain line in development.

Both formatters write only known fields and pass the finished line through log_filters.redact, so an e-mail
address in a message or an exception never reaches the log. Used by settings.LOGGING and by gunicorn.conf.py
(gunicorn's own lines), so every line of a container has the same shape. No Django imports: gunicorn's master
loads this before Django is set up.
"""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from signaalwijzer.log_filters import redact

FORMATS = ("json", "text")
# The fields of every JSON line, and the extra fields a request line (request_id.py) adds. Anything else a
# library puts on a record (Django's request logger adds the whole request object) is left out.
_BASE_FIELDS = ("levelname", "name", "message", "request_id")
_RENAMED = {"levelname": "level", "name": "logger"}
_KEPT = frozenset(
    {"timestamp", "level", "logger", "message", "request_id", "exc_info", "stack_info"}
    | {"method", "path", "status", "duration_ms"}
)


def choose_format(value: str | None, debug: bool) -> str:
    """LOG_FORMAT when given (json or text), else text with DEBUG on and JSON without."""
    if value is None or value.strip() == "":
        return "text" if debug else "json"
    chosen = value.strip().lower()
    if chosen not in FORMATS:
        raise ValueError("LOG_FORMAT must be 'json' or 'text'")
    return chosen


class JsonLineFormatter(JsonFormatter):
    """{"timestamp": ..., "level": ..., "logger": ..., "message": ..., "request_id": ...} (UTC, ISO 8601)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fmt=list(_BASE_FIELDS), rename_fields=dict(_RENAMED), timestamp=True)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        # The timestamp first, as people read the lines; the rest in the library's order.
        ordered = {"timestamp": log_data.get("timestamp"), **log_data}
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in ordered.items()
            if key in _KEPT
        }


class TextLineFormatter(logging.Formatter):
    """ "2026-12-01 10:00:00,123 INFO signaalwijzer.request [3f2a…] GET /cases/ 200 12ms"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            "{asctime} {levelname} {name} [{request_id}] {message}",
            style="{",
            defaults={"request_id": None},
        )

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return redact(super().format(record))


FORMATTERS = {
    "json": {"()": "signaalwijzer.log_format.JsonLineFormatter"},
    "text": {"()": "signaalwijzer.log_format.TextLineFormatter"},
}
FILTERS = {
    # Request lines lose their query string (GET /api/v1/cases/?q=... names a young person).
    "no_query": {"()": "signaalwijzer.log_filters.DropQueryString"},
    "request_id": {"()": "signaalwijzer.log_filters.AddRequestId"},
}


def console_handler(log_format: str) -> dict[str, Any]:
    """The one handler: standard error (containers and systemd collect it), with both filters."""
    return {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": log_format,
        "filters": ["no_query", "request_id"],
    }
