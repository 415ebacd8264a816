"""Jalali month bucketing and the timeline chart's geometry, on made-up dates (no database needed)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from archive.jalali import to_gregorian
from archive.timeline import JalaliMonth, best_month, build_timeline, months_of_range


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
