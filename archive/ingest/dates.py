"""Publication dates a page states itself ("امشب (دوشنبه ۷ خرداد)", "تهران - ۷ خرداد ۱۳۹۷")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import jdatetime

from archive import jalali
from archive.ingest import lexicon
from archive.ingest.metadata import LineDate
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
    for time in sorted(t for t in times if t is not None):
        year = jalali.from_gregorian(time.astimezone(jalali.TEHRAN).date()).year
        if year not in years:
            years.append(year)
    return years


@dataclass
class Choice:
    date: DateSpec | None = None
    time: str = ""
    notes: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)


_BASIS_NOTE = {
    "labelled": "خط تاریخ انتشار صفحه",
    "dateline": "تاریخ کنار تیتر",
}


def _today_in_tehran() -> dt.date:
    return dt.datetime.now(jalali.TEHRAN).date()


def choose_stated(
    line_dates: list[LineDate], in_text: DateSpec | None, comment_times: list[dt.datetime], today: dt.date | None
) -> Choice:
    """The publication date as an editor takes it from a page's dates.

    A labelled publication line wins, then a dateline by the headline, then a date the text ties to the day.
    The others are logged when they disagree. A date in the site's frame (its today, an update, a fetch) is
    never the publication: it is only a bound ("on or before"), noted with its basis. A stated date in the
    future, or after the page's own earliest comment, cannot be right and is refused with a note.
    """
    today = today or _today_in_tehran()
    earliest = min((t.astimezone(jalali.TEHRAN).date() for t in comment_times), default=None)
    choice = Choice()
    candidates: list[tuple[DateSpec, str]] = []
    for kind in ("labelled", "dateline"):
        for found in (d for d in line_dates if d.kind == kind):
            spec = DateSpec(found.jalali, "day", "stated", note=f"در صفحه ({_BASIS_NOTE[kind]}): «{found.text}»")
            candidates.append((spec, found.time))
    if in_text:
        candidates.append((in_text, ""))
    for spec, time in candidates:
        if spec.start > today:
            choice.notes.append(f"stated date {spec.jalali} refused: it is in the future ({spec.note})")
            continue
        if earliest and spec.start > earliest:
            choice.notes.append(
                f"stated date {spec.jalali} refused: after the page's earliest comment ({earliest}) ({spec.note})"
            )
            continue
        if choice.date is None:
            choice.date, choice.time = spec, time
        elif spec.jalali != choice.date.jalali:
            choice.notes.append(
                f"another date on the page disagrees, {choice.date.jalali} kept: {spec.jalali} ({spec.note})"
            )
    for found in (d for d in line_dates if d.kind == "frame"):
        choice.notes.append(f"site-frame date {found.jalali} («{found.text}»): not the publication, at most a bound")
        if choice.date is None:
            choice.guessed.append(f"published on or before {found.jalali} (basis: a date in the site's frame)")
    return choice
