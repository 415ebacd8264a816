"""The query language: words, phrases, exclusion, OR and Persian/English filters, read forgivingly."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.persian import persian_digits
from archive.search.query import MAX_CLAUSES, MAX_QUERY_LENGTH, parse_query


def groups(q: str) -> list[list[str]]:
    return [[clause.text() for clause in group] for group in parse_query(q).groups]


def test_words_phrases_exclusion_or():
    parsed = parse_query('تلگرام "پیام رسان داخلی" -سروش -"فیلتر شکن" بله OR ایتا یا گپ')
    assert [[c.text() for c in g] for g in parsed.groups] == [
        ["تلگرام"],
        ['"پیام رسان داخلی"'],
        ["بله", "ایتا", "گپ"],
    ]
    assert [c.text() for c in parsed.excluded] == ["سروش", '"فیلتر شکن"']
    assert parsed.notes == []


def test_guillemets_quote_a_phrase_too():
    assert groups("«انحصار تلگرام»") == [['"انحصار تلگرام"']]


@pytest.mark.parametrize(
    ("q", "field", "value"),
    [
        ("گوینده:آسوشه", "speaker", ["آسوشه"]),
        ('speaker:"عباس آسوشه"', "speaker", ["عباس آسوشه"]),
        ("رسانه:تسنیم", "outlet", ["تسنیم"]),
        ("outlet:مهر", "outlet", ["مهر"]),
        ("نوع:نظر", "kind", ["comment"]),
        ("kind:statement", "kind", ["statement"]),
        ("نوع:گفته", "kind", ["statement"]),
    ],
)
def test_filters_in_both_languages(q, field, value):
    parsed = parse_query(q)
    assert getattr(parsed.filters, field) == value
    assert parsed.groups == [] and parsed.notes == []


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        ("از:1397-03-01 تا:1397-03-31", dt.date(2018, 5, 22), dt.date(2018, 6, 21)),
        ("from:۱۳۹۷/۰۳/۰۱ to:۱۳۹۷/۰۳/۳۱", dt.date(2018, 5, 22), dt.date(2018, 6, 21)),
        ("از:1397-03 تا:1397-03", dt.date(2018, 5, 22), dt.date(2018, 6, 21)),
        ("از:1395 تا:1395", dt.date(2016, 3, 20), dt.date(2017, 3, 20)),
    ],
)
def test_jalali_date_filters(q, start, end):
    filters = parse_query(q).filters
    assert (filters.date_from, filters.date_to) == (start, end)


@pytest.mark.parametrize(
    "q",
    ["از:1397-13-01", "تا:1397-12-30", "from:1397-02-32", "to:abc", "نوع:ویدیو", "foo:bar"],
)
def test_unusable_filters_become_words_with_a_note(q):
    parsed = parse_query(q)
    assert parsed.notes
    assert parsed.groups  # searched as words, not dropped
    assert parsed.filters.date_from is None and parsed.filters.date_to is None and parsed.filters.kind == []


@pytest.mark.parametrize(
    ("q", "expected", "note"),
    [
        ('"پیام رسان', [['"پیام رسان"']], "گیومه‌ای باز مانده بود"),
        ("OR تلگرام", [["تلگرام"]], "«OR» که در یک سویش واژه‌ای نبود"),
        ("تلگرام OR", [["تلگرام"]], "«یا» در پایان پرسش نادیده گرفته شد"),
        ("- تلگرام", [["تلگرام"]], "«-» تنها نادیده گرفته شد"),
        ("گوینده: تلگرام", [["تلگرام"]], "«گوینده:» مقداری نداشت"),
    ],
)
def test_stray_operators_are_ignored_with_a_note(q, expected, note):
    parsed = parse_query(q)
    assert groups(q) == expected
    assert len(parsed.notes) == 1 and note in parsed.notes[0], parsed.notes


def test_control_characters_only_separate_words():
    # Nothing a reader could have meant, so nothing to report: the words on either side are searched.
    parsed = parse_query("تلگرام\x00\x07سروش")
    assert groups("تلگرام\x00\x07سروش") == [["تلگرام"], ["سروش"]]
    assert parsed.notes == []


def test_huge_queries_are_capped_and_said_so():
    parsed = parse_query("تلگرام " * 5000)
    assert len(parsed.groups) == MAX_CLAUSES
    assert any(persian_digits(str(MAX_QUERY_LENGTH)) in note for note in parsed.notes)
    assert groups("x" * 10_000) == [["x" * MAX_QUERY_LENGTH]]
