"""Structured logs: one JSON object per line, and one line per HTTP request.

A log shipper (journald, Loki, CloudWatch...) reads these without regexes; the request line carries what an
operator asks first: which path, which status, how slow, for whom.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from archive.api.ratelimit import client_address

request_log = logging.getLogger("archive.request")

# LogRecord attributes that are plumbing, not content; everything else passed in `extra` is kept.
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# A hostile path must not forge extra lines in a plain-text log.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class JsonLineFormatter(logging.Formatter):
    """Formats a record as a single JSON line: time, level, logger, message, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # ensure_ascii=False keeps Persian paths readable; default=str never lets a log line raise.
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Logs every request once, after the response is known (errors included, as status 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        # A proxy-supplied id lets one request be followed across proxy and app logs.
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response.headers.setdefault("X-Request-ID", request_id)
            return response
        finally:
            request_log.info(
                "%s %s %s",
                request.method,
                _printable(request.path),
                status,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "query": request.META.get("QUERY_STRING", "")[:512],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client_address(request),
                    "user_agent": request.headers.get("User-Agent", "")[:256],
                },
            )
