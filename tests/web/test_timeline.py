"""Jalali month bucketing, the placement rule and the timeline chart's geometry, on made-up dates (no database
needed; tests/web/test_placement.py checks the rule on the seeded pages in every place that uses it)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from archive.jalali import to_gregorian
from archive.timeline import JalaliMonth, best_month, build_timeline, months_of_range, placed_day


def test_months_of_a_range_cross_the_new_year():
    months = months_of_range(to_gregorian(1396, 12, 20), to_gregorian(1397, 2, 3))
    assert [m.key for m in months] == ["1396-12", "1397-01", "1397-02"]
    assert JalaliMonth(1396, 12).next() == JalaliMonth(1397, 1)


def test_an_estimated_range_counts_once_in_its_middle_month():
    # بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷: the middle falls in Khordad.
    assert best_month(to_gregorian(1397, 2, 28), to_gregorian(1397, 3, 15)) == JalaliMonth(1397, 3)
    assert JalaliMonth(1397, 3).label == "خرداد ۱۳۹۷"
    assert JalaliMonth(1397, 12).last_day == to_gregorian(1397, 12, 29)
    assert JalaliMonth(1399, 12).last_day == to_gregorian(1399, 12, 30)  # a leap year


def khordad(day: int) -> dt.date:
    return to_gregorian(1397, 3, day)


def test_a_range_is_cut_at_its_first_comment():
    # خرداد ۱۳۹۷, first commented on ۳ خرداد: placed in the middle of ۱..۳ خرداد, not on ۱۶ خرداد.
    assert placed_day(khordad(1), khordad(31)) == khordad(16)
    assert placed_day(khordad(1), khordad(31), first_comment=khordad(3)) == khordad(2)
    assert placed_day(khordad(1), khordad(31), first_comment=khordad(20)) == khordad(10)
    # Commented on its first day: placed on it.
    assert placed_day(khordad(1), khordad(31), first_comment=khordad(1)) == khordad(1)
    # The cut can move it into an earlier month: بین ۲۸ اردیبهشت و ۱۵ خرداد, first commented on ۱ خرداد.
    start, end = to_gregorian(1397, 2, 28), khordad(15)
    assert best_month(start, end) == JalaliMonth(1397, 3)
    assert placed_day(start, end, first_comment=khordad(1)) == to_gregorian(1397, 2, 30)
    assert best_month(start, end, first_comment=khordad(1)) == JalaliMonth(1397, 2)


def test_a_first_comment_before_the_range_places_it_on_the_range_start():
    # The range is the editor's fact: a comment before it does not move the article out of it.
    assert placed_day(khordad(10), khordad(20), first_comment=khordad(2)) == khordad(10)
    assert best_month(khordad(1), khordad(31), first_comment=to_gregorian(1397, 1, 5)) == JalaliMonth(1397, 3)


def test_no_comment_or_one_after_the_range_keeps_the_middle():
    assert placed_day(khordad(1), khordad(31), first_comment=None) == khordad(16)
    assert placed_day(khordad(1), khordad(31), first_comment=khordad(31)) == khordad(16)
    assert placed_day(khordad(1), khordad(31), first_comment=to_gregorian(1397, 5, 1)) == khordad(16)
    # Only a comment before the range's last day cuts it: the day before its end already does.
    assert placed_day(khordad(1), khordad(31), first_comment=khordad(30)) == khordad(15)


def test_a_stated_day_never_moves():
    for first_comment in (None, khordad(1), khordad(7), khordad(8), to_gregorian(1396, 12, 1)):
        assert placed_day(khordad(7), khordad(7), first_comment) == khordad(7)
        assert placed_day(khordad(7), None, first_comment) == khordad(7)
    # A range from that day is moved by such comments: cut at the 9th, on its start for one on or before it.
    assert placed_day(khordad(7), khordad(31), khordad(9)) == khordad(8)
    assert placed_day(khordad(7), khordad(31), khordad(7)) == placed_day(khordad(7), khordad(31), khordad(1))
    assert placed_day(khordad(7), khordad(31), khordad(1)) == khordad(7)


def test_chart_reads_right_to_left_with_empty_months_kept():
    articles = Counter({JalaliMonth(1395, 6): 1, JalaliMonth(1397, 3): 4})
    comments = Counter({JalaliMonth(1397, 3): 72})
    chart = build_timeline(articles, comments)
    assert next(b.month for b in chart.bars) == JalaliMonth(1395, 6)
    assert len(chart.bars) == 22  # Shahrivar 1395 .. Khordad 1397, quiet months included
    first, last = chart.bars[0], chart.bars[-1]
    assert first.x > last.x  # the earliest month at the right
    assert last.article_height == chart.row_height and last.comment_height == chart.row_height
    assert first.article_height == chart.row_height / 4
    assert chart.total_articles == 5 and chart.total_comments == 72
    assert chart.busiest.month == JalaliMonth(1397, 3)
    assert [y for y, _, _ in chart.years] == [1395, 1396, 1397]


def test_month_names_are_written_only_where_they_fit():
    busy = Counter({JalaliMonth(1390 + i // 12, i % 12 + 1): 1 for i in range(60)})
    chart = build_timeline(busy, Counter())
    labelled = [b for b in chart.bars if b.labelled]
    assert 0 < len(labelled) < len(chart.bars)
    centres = [b.x + chart.bar_width / 2 for b in labelled]
    assert all(a - b >= 48 for a, b in itertools.pairwise(centres))
    assert not chart.label_values  # 12 units a month: counts are left to the table
    sparse = build_timeline(Counter({JalaliMonth(1397, 2): 1, JalaliMonth(1397, 3): 1}), Counter())
    assert all(b.labelled for b in sparse.bars) and sparse.label_values


def test_no_dates_no_chart():
    assert build_timeline(Counter(), Counter()) is None


def test_gregorian_helpers_agree():
    assert JalaliMonth.of(dt.date(2018, 5, 28)) == JalaliMonth(1397, 3)
