"""The Jinja2 environment for the reading room: URL and static helpers, Persian digits, Jalali dates, bidi isolation.

Everything is autoescaped. The filters here that return `Markup` escape their input first and add only
fixed markup (`<bdi>`), so no text from a page or a comment can ever reach the HTML unescaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import quote_plus

from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment
from markupsafe import Markup, escape

from archive import jalali
from archive.persian import persian_digits

# Runs that would jump about inside right-to-left text unless isolated: Latin words (with the spaces,
# digits and punctuation between them: "data protection", "MP3", "https://x.ir/a-b") and numbers with
# inner separators (dates ۱۳۹۷/۰۳/۰۷, times ۱۵:۰۷, ranges ۳۰۰-۴۰۰). Plain numbers sit fine in Persian text.
_LATIN_RUN = r"[A-Za-z][A-Za-z0-9@&'’+_./:?=#%~-]*(?:[ ]+[A-Za-z0-9][A-Za-z0-9@&'’+_./:?=#%~-]*)*"
_COMPOUND_NUMBER = r"[0-9۰-۹]+(?:[/:\-–.٫٬,][0-9۰-۹]+)+"
_ISOLATE = re.compile(f"{_LATIN_RUN}|{_COMPOUND_NUMBER}")
_TRAILING_PUNCT = ".,:;?!"

CONFIDENCE_LABELS = {"high": "زیاد", "moderate": "متوسط", "low": "کم"}


def isolate(value: object) -> Markup:
    """Escape `value` and wrap Latin runs and compound numbers in `<bdi>` so they keep their own direction."""
    text = "" if value is None else str(value)
    out: list[str] = []
    last = 0
    for match in _ISOLATE.finditer(text):
        run = match.group()
        # A sentence's full stop or comma after a Latin word belongs to the Persian sentence.
        core = run.rstrip(_TRAILING_PUNCT)
        if not core:
            continue
        out.append(str(escape(text[last : match.start()])))
        # A Latin word is English (or a name, a URL) to a screen reader and a hyphenator: lang="en".
        lang = ' lang="en"' if core[0].isascii() and core[0].isalpha() else ""
        out.append(f"<bdi{lang}>{escape(core)}</bdi>")
        last = match.start() + len(core)
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def url(name: str, *args: object, **kwargs: object) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def query(base: dict[str, object], **changes: object) -> str:
    """`?a=1&b=2`: the current query with `changes` applied; None or "" drops a key (for filter links)."""
    params = {k: v for k, v in base.items() if v not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + "&".join(f"{_quote(k)}={_quote(str(v))}" for k, v in params.items()) if params else "?"


# What urlencode() does to each key and value, remembered: a search page builds a link per facet entry
# from the same few parameters, so the same strings are quoted hundreds of times.
_quote = functools.lru_cache(maxsize=4096)(quote_plus)


def jalali_date(value: dt.date | None, weekday: bool = False) -> str:
    """`۷ خرداد ۱۳۹۷` for a Gregorian date."""
    if value is None:
        return ""
    j = jalali.from_gregorian(value)
    return jalali.format_day(j.year, j.month, j.day, weekday=weekday)


def jalali_month(value: dt.date | None) -> str:
    """`خرداد ۱۳۹۷` for a Gregorian date."""
    if value is None:
        return ""
    j = jalali.from_gregorian(value)
    return jalali.format_month(j.year, j.month)


def fa_number(value: object) -> str:
    """Persian digits; integers of five digits or more get the Persian thousands separator (`۱۲٬۳۴۵`),
    so years and small counts stay as Persian print sets them (`۱۳۹۷`, `۱۲۰۰`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _fa_integer(value)
    return persian_digits(str(value))


@functools.lru_cache(maxsize=4096)
def _fa_integer(value: int) -> str:
    # A results page prints about 120 counts and positions, mostly the same few: each is converted once.
    return persian_digits(f"{value:,}" if abs(value) >= 10000 else str(value))


def environment(**options: object) -> Environment:
    env = Environment(**options)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "query": query,
            "csrf_token": get_token,
            "confidence_labels": CONFIDENCE_LABELS,
        }
    )
    env.filters.update(
        {
            "fa": fa_number,
            "isolate": isolate,
            "jdatetime": jalali.format_datetime,
            "jdate": jalali_date,
            "jmonth": jalali_month,
        }
    )
    return env
