"""Publication dates a page states itself ("امشب (دوشنبه ۷ خرداد)", "تهران - ۷ خرداد ۱۳۹۷")."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime

from archive import jalali
from archive.ingest import lexicon
from archive.jalali import DateSpec
from archive.persian import latin_digits

_DATE = re.compile(
    rf"(?:(?P<weekday>{jalali.WEEKDAY_PATTERN})\s*[،,]?\s*)?"
    rf"(?P<day>[0-9۰-۹]{{1,2}})\s+(?P<month>{jalali.MONTH_NAME_PATTERN})(?:\s*(?:ماه)?\s*(?P<year>[0-9۰-۹]{{4}}))?"
)
_DEICTIC = re.compile("(" + "|".join(sorted(lexicon.DEICTIC_DAY_OFFSETS, key=len, reverse=True)) + r")\s*[(«]?\s*$")


def find_stated_date(texts: list[str], year_hints: list[int]) -> tuple[DateSpec | None, list[str]]:
    """A publication day the text states, tied to "today/tonight/yesterday" or opening the lead as a dateline.

    A day without a year takes the first hint year (the comments' year, then the editor's) in which its
    weekday, if given, is right. Returns the date and notes on what was doubtful.
    """
    notes: list[str] = []
    for index, text in enumerate(texts):
        for match in _DATE.finditer(text or ""):
            before = text[max(0, match.start() - 20) : match.start()]
            deictic = _DEICTIC.search(before)
            is_dateline = index == 0 and match.start() < 40 and re.match(r"^[^.!؟]{0,40}$", text[: match.start()])
            if not deictic and not is_dateline:
                continue
            offset = lexicon.DEICTIC_DAY_OFFSETS.get(deictic.group(1), 0) if deictic else 0
            day, month = int(latin_digits(match.group("day"))), jalali.month_number(match.group("month"))
            weekday = jalali.weekday_number(match.group("weekday")) if match.group("weekday") else None
            years = [int(latin_digits(match.group("year")))] if match.group("year") else year_hints
            for year in years:
                try:
                    stated = jdatetime.date(year, month, day)
                except ValueError:
                    continue
                if weekday is not None and stated.weekday() != weekday:
                    notes.append(f"{match.group()} is not a {match.group('weekday')} in {year}")
                    continue
                published = stated + jdatetime.timedelta(days=offset)
                spec = DateSpec(
                    jalali=f"{published.year:04d}-{published.month:02d}-{published.day:02d}",
                    precision="day",
                    basis="stated",
                    note=f"در متن: «{(deictic.group(1) + ' ') if deictic else ''}{match.group().strip()}»",
                )
                return spec, notes
    return None, notes


def comment_years(times: list[dt.datetime]) -> list[int]:
    """Jalali years of the comment stamps, earliest first (a page's comments start when it appears)."""
    years: list[int] = []
    for time in sorted(times):
        year = jalali.from_gregorian(time.astimezone(jalali.TEHRAN).date()).year
        if year not in years:
            years.append(year)
    return years
