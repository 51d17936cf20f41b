"""The log formats: JSON lines with the request's ID, or text for a terminal."""

from __future__ import annotations

import json
import logging
import sys

from election.ops import logs


def _record(message: str, **extra) -> logging.LogRecord:
    record = logging.LogRecord("election.test", logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    logs.RequestIdFilter().filter(record)
    return record


def test_a_json_line_carries_the_request_id_and_the_extra_fields():
    token = logs.REQUEST_ID.set("req-42")
    try:
        record = _record("sổ phiếu", route="/api/v1/health", status=200)
    finally:
        logs.REQUEST_ID.reset(token)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "sổ phiếu"
    assert line["level"] == "warning"
    assert line["logger"] == "election.test"
    assert line["request_id"] == "req-42"
    assert line["route"] == "/api/v1/health" and line["status"] == 200
    assert isinstance(line["pid"], int) and line["time"].endswith("+00:00")


def test_a_json_line_outside_a_request_has_no_request_id_and_keeps_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("failed")
        record.exc_info = sys.exc_info()
    line = json.loads(logs.JsonFormatter().format(record))
    assert "request_id" not in line
    assert "ValueError: boom" in line["error"]


def test_the_text_format_shows_a_dash_outside_a_request():
    text = logs.TextFormatter().format(_record("hello"))
    assert "election.test [-] hello" in text
