"""Jalali dates: parsing in either digit set, impossible dates refused, honest precision."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.jalali import TEHRAN, DateSpec, jalali_iso, month_number, parse_jalali, tehran_datetime, weekday_number


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1397-03-07", (1397, 3, 7)),
        ("۱۳۹۷/۰۳/۰۷", (1397, 3, 7)),
        ("1395-06", (1395, 6, None)),
        (" 1399.12.30 ", (1399, 12, 30)),
    ],
)
def test_parse_jalali(text, parsed):
    assert parse_jalali(text) == parsed


@pytest.mark.parametrize("text", ["1397-13-01", "1397-07-31", "1398-12-30", "تیر", "", "13970307", "1397-03-07x"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_jalali(text)


def test_month_and_weekday_names_in_any_spelling():
    assert month_number("خرداد") == 3 and month_number("ارديبهشت") == 2 and month_number("امرداد") == 5
    assert weekday_number("دوشنبه") == 2 and weekday_number("سه شنبه") == 3 and weekday_number("سه‌شنبه") == 3


def test_tehran_dst_in_1397():
    stamp = tehran_datetime(1397, 3, 8, 15, 7)
    assert stamp.astimezone(dt.UTC) == dt.datetime(2018, 5, 29, 10, 37, tzinfo=dt.UTC)  # +04:30 in summer
    assert jalali_iso(stamp) == "1397-03-08T15:07"
    winter = tehran_datetime(1397, 10, 1, 12, 0)
    assert winter.utcoffset() == dt.timedelta(hours=3, minutes=30)
    assert winter.tzinfo is TEHRAN


def test_datespec_day_month_range():
    day = DateSpec("1397-03-07")
    assert (day.start, day.end, day.display()) == (dt.date(2018, 5, 28), dt.date(2018, 5, 28), "دوشنبه ۷ خرداد ۱۳۹۷")
    month = DateSpec("1395-06", precision="month", basis="inferred")
    assert (month.start, month.end) == (dt.date(2016, 8, 22), dt.date(2016, 9, 21))
    assert month.display() == "حدود شهریور ۱۳۹۵"
    span = DateSpec("1397-02-28", precision="range", basis="inferred", until_jalali="1397-03-15")
    assert span.display() == "بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷"
    assert span.gregorian_display() == "2018-05-18 – 2018-06-05"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"jalali": "1397-03", "precision": "day"},
        {"jalali": "1397-03-07", "precision": "month"},
        {"jalali": "1397-03", "precision": "range"},
        {"jalali": "1397-04", "precision": "range", "until_jalali": "1397-03"},
        {"jalali": "1397-03-07", "basis": "guessed"},
        {"jalali": "1397-03-07", "precision": "week"},
    ],
)
def test_datespec_refuses_inconsistent_dates(kwargs):
    with pytest.raises(ValueError):
        DateSpec(**kwargs)
