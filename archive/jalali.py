"""Jalali dates on jdatetime: parsing in either digit set, formatting in Persian, and honest precision.

An archive must not invent exact days. A publication date is a `DateSpec`: a Jalali day, a month, or a range,
with its basis (stated in the page, or inferred by an editor) and, for inferred ones, how sure the editor is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime

from archive.persian import fold, latin_digits, persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")  # jdatetime weekday() order

# Month and weekday names in their search form, with the spellings pages use ("امرداد", "سه شنبه").
_MONTH_BY_FOLDED = {fold(name): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_BY_FOLDED[fold("امرداد")] = 5
_WEEKDAY_BY_FOLDED = {fold(name).replace(" ", ""): i for i, name in enumerate(WEEKDAYS)}

MONTH_NAME_PATTERN = "|".join(sorted({*MONTHS, "امرداد", "ارديبهشت"}, key=len, reverse=True))
WEEKDAY_PATTERN = r"(?:یک|دو|سه|چهار|پنج)?\s?\u200c?شنبه|جمعه"

PRECISIONS = ("day", "month", "range")
BASES = ("stated", "inferred")


def month_number(name: str) -> int | None:
    """1–12 for a Jalali month name in any spelling, else None."""
    return _MONTH_BY_FOLDED.get(fold(name).strip())


def weekday_number(name: str) -> int | None:
    """jdatetime weekday (0 = Saturday) for a weekday name in any spelling, else None."""
    return _WEEKDAY_BY_FOLDED.get(fold(name).replace(" ", "").strip())


# The conversions below are pure and a page asks the same ones again and again (every hit's article date, every
# comment's time): each is kept per argument. A jdatetime date costs about 25 µs to make (it reads the process's
# locale every time), and a results page made about 80.
DATES_KEPT = 4096

_ISO_LIKE = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?\s*$")


@lru_cache(maxsize=DATES_KEPT)
def parse_jalali(text: str) -> tuple[int, int, int | None]:
    """`1397-03-07`, `۱۳۹۷/۰۳/۰۷` or `1397-03` → (year, month, day or None). ValueError if impossible."""
    match = _ISO_LIKE.match(latin_digits(text or ""))
    if not match:
        raise ValueError(f"not a Jalali date: {text!r}")
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    jdatetime.date(year, month, day or 1)  # raises ValueError for month 13, day 32, 30 Esfand of a common year
    return year, month, day


@lru_cache(maxsize=DATES_KEPT)
def month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


@lru_cache(maxsize=DATES_KEPT)
def to_gregorian(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


@lru_cache(maxsize=DATES_KEPT)
def from_gregorian(value: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=value)


def tehran_datetime(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    """An aware datetime for a Jalali wall-clock time in Tehran (historic DST rules come from tzdata)."""
    greg = to_gregorian(year, month, day)
    return dt.datetime(greg.year, greg.month, greg.day, hour, minute, tzinfo=TEHRAN)


def jalali_iso(value: dt.datetime | dt.date) -> str:
    """`1397-03-08T15:07` for a datetime (in Tehran time), `1397-03-08` for a date; Latin digits."""
    if isinstance(value, dt.datetime):
        local = value.astimezone(TEHRAN)
        j = from_gregorian(local.date())
        return f"{j.year:04d}-{j.month:02d}-{j.day:02d}T{local.hour:02d}:{local.minute:02d}"
    j = from_gregorian(value)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


@lru_cache(maxsize=DATES_KEPT)
def format_day(year: int, month: int, day: int, weekday: bool = True) -> str:
    """`دوشنبه ۷ خرداد ۱۳۹۷`."""
    text = f"{persian_digits(str(day))} {MONTHS[month - 1]} {persian_digits(str(year))}"
    if weekday:
        text = f"{WEEKDAYS[jdatetime.date(year, month, day).weekday()]} {text}"
    return text


def format_month(year: int, month: int) -> str:
    """`خرداد ۱۳۹۷`."""
    return f"{MONTHS[month - 1]} {persian_digits(str(year))}"


def format_datetime(value: dt.datetime) -> str:
    """`۱۵:۰۷ — ۸ خرداد ۱۳۹۷` in Tehran time."""
    local = value.astimezone(TEHRAN)
    j = from_gregorian(local.date())
    clock = persian_digits(f"{local.hour:02d}:{local.minute:02d}")
    return f"{clock} — {format_day(j.year, j.month, j.day, weekday=False)}"


@dataclass(frozen=True)
class DateSpec:
    """A publication date as honest as its evidence.

    `jalali` is `YYYY-MM-DD` (precision day), `YYYY-MM` (month) or the start of a range whose end is
    `until_jalali` (each side a day or a month).
    """

    jalali: str
    precision: str = "day"
    basis: str = "stated"
    until_jalali: str | None = None
    confidence: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, not {self.precision!r}")
        if self.basis not in BASES:
            raise ValueError(f"basis must be one of {BASES}, not {self.basis!r}")
        _, _, day = parse_jalali(self.jalali)
        if self.precision == "day" and day is None:
            raise ValueError(f"a day-precision date needs a day: {self.jalali!r}")
        if self.precision == "month" and day is not None:
            raise ValueError(f"a month-precision date has no day: {self.jalali!r}")
        if self.precision == "range":
            if not self.until_jalali:
                raise ValueError("a range needs until_jalali")
            if self.end < self.start:
                raise ValueError(f"range ends before it starts: {self.jalali} .. {self.until_jalali}")

    @staticmethod
    def _first_day(text: str) -> dt.date:
        year, month, day = parse_jalali(text)
        return to_gregorian(year, month, day or 1)

    @staticmethod
    def _last_day(text: str) -> dt.date:
        year, month, day = parse_jalali(text)
        return to_gregorian(year, month, day or month_length(year, month))

    @property
    def start(self) -> dt.date:
        """First Gregorian day the date may be."""
        return self._first_day(self.jalali)

    @property
    def end(self) -> dt.date:
        """Last Gregorian day the date may be."""
        return self._last_day(self.until_jalali or self.jalali)

    def display(self) -> str:
        """Persian text: `دوشنبه ۷ خرداد ۱۳۹۷`, `حدود شهریور ۱۳۹۵`, `بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷`."""
        year, month, day = parse_jalali(self.jalali)
        if self.precision == "day":
            text = format_day(year, month, day or 1)
        elif self.precision == "month":
            text = format_month(year, month)
        else:
            uy, um, ud = parse_jalali(self.until_jalali or self.jalali)
            first = format_day(year, month, day, weekday=False) if day else format_month(year, month)
            last = format_day(uy, um, ud, weekday=False) if ud else format_month(uy, um)
            if uy == year:  # "بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷", not the year twice
                first = first.removesuffix(f" {persian_digits(str(year))}")
            text = f"بین {first} و {last}"
        if self.basis == "inferred" and self.precision != "range":
            text = f"حدود {text}"
        return text

    def gregorian_display(self) -> str:
        """Secondary Gregorian form: `2018-05-28`, `2016-08-22 – 2016-09-21`."""
        if self.precision == "day":
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"
