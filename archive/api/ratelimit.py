"""A per-client request budget for the JSON API, counted in Django's cache (shared by all workers in production).

Fixed windows: simple, cheap (one cache add + one incr per request, atomic: archive.counters) and good enough to
stop a scraper or a runaway script; a client that spends its budget gets a JSON 429 with Retry-After until the
window ends.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from archive import counters
from archive.api.errors import json_error

API_PREFIX = "/api/"


def client_address(request: HttpRequest) -> str:
    """The client's IP: REMOTE_ADDR, or the address our own trusted proxies saw (never one a client wrote).

    Each trusted proxy appends the address it received from, so with N proxies the Nth entry from the right
    is the last one a proxy of ours wrote; anything to its left may be forged by the client.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops][:64]
    return request.META.get("REMOTE_ADDR", "")[:64] or "unknown"


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/60" → (60 requests, per 60 seconds); "0" → (0, 0), meaning no limit."""
    text = str(rate).strip()
    if text in {"", "0", "off", "none"}:
        return 0, 0
    count, _, seconds = text.partition("/")
    limit, window = int(count), int(seconds or 60)
    if limit < 0 or window <= 0:
        raise ValueError(f"API_RATE_LIMIT must look like '60/60', not {rate!r}")
    return limit, window


class RateLimitMiddleware:
    """Answers 429 to a client that has spent its API budget for the current window."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        limit, window = parse_rate(settings.API_RATE_LIMIT)
        if limit == 0:
            return self.get_response(request)
        counter = counters.window("ratelimit", client_address(request), window)
        used = counters.count(counter)
        remaining = max(limit - used, 0)
        if used > limit:
            retry_after = counter.retry_after
            response = json_error(
                429,
                "rate_limited",
                f"Too many requests: at most {limit} per {window} seconds per client. "
                f"Try again in {retry_after} seconds.",
                retry_after=retry_after,
            )
        else:
            response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        return response
