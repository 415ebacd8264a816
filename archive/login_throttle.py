"""The admin login throttled: after too many wrong passwords, from one address or for one user name, the login
answers 429 until the window ends, without checking any password (a guess then costs nothing but time).

Counted on the same exact counters as the API's rate limit (archive.counters), so every worker of the machine
(or every machine, with REDIS_URL) sees the same count. Setting: LOGIN_RATE_LIMIT ("10/300": ten wrong
passwords per five minutes; "0" turns it off). A successful login does not reset the count: the budget is for
wrong passwords only, and a right one does not need it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from archive import counters
from archive.api.ratelimit import client_address, parse_rate


def _windows(request: HttpRequest, username: str) -> list[counters.Window]:
    _, seconds = parse_rate(settings.LOGIN_RATE_LIMIT)
    found = [counters.window("login-address", client_address(request), seconds)]
    if username:
        found.append(counters.window("login-user", username.strip().lower(), seconds))
    return found


def _record_failure(sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: object) -> None:
    limit, _ = parse_rate(settings.LOGIN_RATE_LIMIT)
    if request is None or limit == 0:
        return
    for window in _windows(request, str(credentials.get("username", ""))):
        counters.count(window)


def connect_signals() -> None:
    """Called from the app's ready(): count each failed login."""
    user_login_failed.connect(_record_failure, dispatch_uid="archive-login-throttle")


class LoginThrottleMiddleware:
    """Refuses a login attempt (POST to the admin's login page) once its address or user name is over budget."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit, _ = parse_rate(settings.LOGIN_RATE_LIMIT)
        if limit == 0 or request.method != "POST" or request.path != reverse("admin:login"):
            return self.get_response(request)
        spent = [w for w in _windows(request, request.POST.get("username", "")) if counters.current(w) >= limit]
        if not spent:
            return self.get_response(request)
        retry_after = max(w.retry_after for w in spent)
        minutes = max(1, round(retry_after / 60))
        response = HttpResponse(
            f"ورود موقتاً بسته است: {limit} بار رمز نادرست وارد شد. حدود {minutes} دقیقه دیگر دوباره تلاش کنید.\n"
            f"Too many wrong passwords ({limit}); try again in {retry_after} seconds.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(retry_after)
        return response
