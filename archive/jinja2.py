"""The Jinja2 environment for the reading room: URL and static helpers, Persian digits and Jalali dates."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment

from archive import jalali
from archive.persian import persian_digits


def url(name: str, *args: object, **kwargs: object) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: object) -> Environment:
    env = Environment(**options)
    env.globals.update({"url": url, "static": static})
    env.filters.update(
        {
            "fa": lambda value: persian_digits(str(value)),
            "jdatetime": jalali.format_datetime,
        }
    )
    return env
