"""Structured logs: one JSON object a line with the request id, never an e-mail address or a query string."""

import io
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer import log_format
from signaalwijzer.log_filters import EMAIL_MARK, AddRequestId, DropQueryString, redact
from signaalwijzer.request_id import HEADER, is_safe_token


@pytest.fixture
def json_lines():
    """What the production handler (log_format.console_handler) writes, as parsed JSON lines."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(log_format.JsonLineFormatter())
    handler.addFilter(DropQueryString())
    handler.addFilter(AddRequestId())
    root = logging.getLogger()
    request_logger = logging.getLogger("signaalwijzer.request")
    old_level, old_request_level = root.level, request_logger.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    request_logger.setLevel(logging.INFO)

    def read():
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield read
    root.removeHandler(handler)
    root.setLevel(old_level)
    request_logger.setLevel(old_request_level)


def test_a_request_writes_a_json_line_with_the_id_of_the_response_header(client, db, json_lines):
    response = client.get("/")
    request_id = response[HEADER]
    lines = [line for line in json_lines() if line["logger"] == "signaalwijzer.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == request_id
    assert line["level"] == "INFO"
    assert line["message"].startswith(f"GET / {response.status_code} ")
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == response.status_code
    assert set(line) == {
        "timestamp",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert line["timestamp"].endswith("+00:00")


def test_every_line_of_a_request_has_its_id_and_no_query_string(client, db, json_lines):
    response = client.get("/no-such-page/?q=Jansen")
    assert response.status_code == 404
    lines = json_lines()
    loggers = {line["logger"] for line in lines}
    # Django's own warning about the 404 and our request line, both with the request's id.
    assert {"django.request", "signaalwijzer.request"} <= loggers
    assert {line["request_id"] for line in lines} == {response[HEADER]}
    text = "\n".join(json.dumps(line) for line in lines)
    assert "Jansen" not in text
    # Django's request logger puts the request object on the record; it is not written.
    assert "WSGIRequest" not in text


def test_two_requests_have_different_ids_and_a_line_outside_a_request_has_none(
    client, db, json_lines
):
    first = client.get("/")[HEADER]
    second = client.get("/")[HEADER]
    assert first != second
    assert is_safe_token(first)
    logging.getLogger("signaalwijzer.test").warning("outside")
    assert json_lines()[-1]["request_id"] is None


def test_an_email_address_in_a_log_call_is_redacted(json_lines):
    logging.getLogger("signaalwijzer.test").warning(
        "no account for %s", "j.de.vries+test@school.example.nl"
    )
    try:
        raise ValueError("duplicate key (email)=(piet@example.org)")
    except ValueError:
        logging.getLogger("signaalwijzer.test").exception("failed")
    message, failure = json_lines()[-2:]
    assert message["message"] == f"no account for {EMAIL_MARK}"
    assert "piet@example.org" not in failure["exc_info"]
    assert EMAIL_MARK in failure["exc_info"]


def test_the_text_format_redacts_too_and_shows_the_request_id():
    record = logging.LogRecord(
        "signaalwijzer.test", logging.INFO, __file__, 1, "mail to %s", ("a@b.nl",), None
    )
    AddRequestId().filter(record)
    line = log_format.TextLineFormatter().format(record)
    assert line.endswith(f"INFO signaalwijzer.test [-] mail to {EMAIL_MARK}")


@given(st.emails())
def test_redact_removes_every_email_address(address):
    assert address not in redact(f"user {address} locked out")


def test_redact_leaves_ordinary_text_alone():
    text = "GET /cases/12/ 200 5ms; step 3 of 5 @ 10:00"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("offered", "proxies", "taken"),
    [
        ("3f2a9c1e-77b0-4d4e-9a52-1c2b3d4e5f60", 1, True),
        ("0123456789abcdef0123456789abcdef", 1, True),
        ("3f2a9c1e-77b0-4d4e-9a52-1c2b3d4e5f60", 0, False),  # no proxy: the client wrote it
        ("someone@example.org", 1, False),
        ("short", 1, False),
        ("abcdefgh\r\nX-Evil: 1", 1, False),
        ("a" * 129, 1, False),
    ],
)
def test_the_proxys_request_id_is_taken_only_when_safe(
    client, db, settings, offered, proxies, taken
):
    settings.AXES_IPWARE_PROXY_COUNT = proxies or None
    response = client.get("/", headers={"X-Request-ID": offered})
    assert (response[HEADER] == offered) is taken
    assert is_safe_token(response[HEADER])


@given(st.text(max_size=200))
def test_a_safe_token_has_no_at_sign_space_or_line_break(value):
    if is_safe_token(value):
        assert not any(character in value for character in "@ \r\n\t:/?")
        assert 8 <= len(value) <= 128


@pytest.mark.parametrize(
    ("value", "debug", "chosen"),
    [
        (None, True, "text"),
        (None, False, "json"),
        ("", False, "json"),
        ("json", True, "json"),
        (" TEXT ", False, "text"),
    ],
)
def test_log_format_follows_debug_unless_given(value, debug, chosen):
    assert log_format.choose_format(value, debug) == chosen


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        log_format.choose_format("xml", False)


def test_the_settings_handler_has_both_filters_and_the_chosen_formatter(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == settings.LOG_FORMAT
    assert set(handler["filters"]) == {"no_query", "request_id"}
    assert settings.MIDDLEWARE[0] == "signaalwijzer.request_id.RequestIdMiddleware"


def test_a_one_time_key_in_a_path_never_reaches_the_log(client, db, json_lines):
    """A password-reset or invitation link in a log would let its reader set the password."""
    key_path = "/accounts/password/reset/key/3f-abcdef0123456789secretkey/"
    client.get(key_path)
    client.get("/accounts/confirm-email/Mjk:1vXyZsecretconfirm/")
    text = "\n".join(json.dumps(line) for line in json_lines())
    assert "abcdef0123456789secretkey" not in text
    assert "secretconfirm" not in text
    request_lines = [line for line in json_lines() if line["logger"] == "signaalwijzer.request"]
    assert len(request_lines) == 2
    # The matched URL pattern is logged, not the values in the path.
    assert "<" in request_lines[0]["path"] or request_lines[0]["path"] == "-"
    assert redact(f"GET {key_path} 200") == "GET /accounts/password/reset/key/[key]/ 200"


def test_the_request_line_names_the_route_not_the_ids(client, db, json_lines):
    client.get("/cases/123456/")
    (line,) = [line for line in json_lines() if line["logger"] == "signaalwijzer.request"]
    assert "123456" not in line["path"]
    assert line["path"].startswith("/cases/")
