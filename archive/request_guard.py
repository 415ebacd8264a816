"""Turns away request addresses no page of ours can mean, with a clear 400/414 instead of a deep failure.

Control characters (NUL above all: PostgreSQL refuses it in any string, so a slug or query holding one would
otherwise reach the database and fail as a 500) and absurdly long query strings are refused up front.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from archive.api.errors import json_error
from archive.database_busy import database_busy

# C0 controls and DEL; tab, CR and LF are also meaningless inside a path or a query value.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The JSON API is read-only: any other method is answered here, before CSRF checks could turn it into a 403.
API_METHODS = ("GET", "HEAD")
# Far above any real search (the search box caps its own input), far below what would cost us memory.
MAX_QUERY_STRING = 4096


def _refuse(request: HttpRequest, status: int, reason: str, retry_after: int | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        error = {405: "method_not_allowed", 414: "uri_too_long", 503: "busy"}.get(status, "bad_request")
        return json_error(status, error, reason, retry_after=retry_after)
    response = HttpResponse(f"{reason}\n", status=status, content_type="text/plain; charset=utf-8")
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method not in API_METHODS:
            response = _refuse(request, 405, f"The API is read-only: use {' or '.join(API_METHODS)}.")
            response["Allow"] = ", ".join(API_METHODS)
            return response
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return _refuse(request, 414, f"The query string is longer than {MAX_QUERY_STRING} characters.")
        if CONTROL.search(request.path):
            return _refuse(request, 400, "The address contains control characters.")
        for key, values in request.GET.lists():
            if CONTROL.search(key) or any(CONTROL.search(v) for v in values):
                return _refuse(request, 400, f"The parameter {key!r} contains control characters.")
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """A database still locked after its busy timeout (SQLite, one writer at a time; PostgreSQL's lock_timeout or a
    deadlock broken up) is a 503 to retry, not a 500.

    SQLite's own busy timeout (settings: 20 s) already absorbs the usual moment of contention; this covers the
    rare longer one with a clear answer the client can act on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        return _refuse(request, 503, "The archive is busy saving; please try again in a few seconds.", retry_after=5)
