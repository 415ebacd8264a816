"""The Persian text policy: display cleaning and search folding, on real strings from the seeds."""

from __future__ import annotations

import pytest

from archive.persian import ZWNJ, clean_display, clean_line, fold, latin_digits, persian_digits


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("فكر ميكنيد مردم", "فکر می‌کنید مردم"),  # Arabic ي/ك (a 002 comment) and a restored ZWNJ
        ("باعث\nمی\u2009شود تعامل\u2009ها", "باعث می‌شود تعامل‌ها"),  # 000's THIN SPACE
        ("گفت:\u00a0 البته هنوز", "گفت: البته هنوز"),  # 002's no-break spaces
        ("سرور های تلگرام", "سرور\u200cهای تلگرام"),
        ("حدود 2.5 میلیارد", "حدود ۲٫۵ میلیارد"),  # hazm alone would give "2 ٫ 5"
        ("60-50 میلیون کاربر", "۶۰-۵۰ میلیون کاربر"),
        ("در سال 2018 چیزی را", "در سال ۲۰۱۸ چیزی را"),
        ("با CDN های بینالمللی", "با CDN‌های بین‌المللی"),  # the dictionary's ZWNJ compound restored
        ("نسخه MP3 و شبکه 4G", "نسخه MP3 و شبکه 4G"),  # digits inside Latin words stay Latin
        (
            "Published on https://www.espadanakhabar.ir/fa/1 امروز",
            "Published on https://www.espadanakhabar.ir/fa/1 امروز",
        ),
        ("وی ادامه داد : سند", "وی ادامه داد: سند"),
        ("؟؟؟؟؟؟!!!!!!!", "؟؟؟؟؟؟!!!!!!!"),  # the commenter's own emphasis is kept
        ("شخصاً حساسیت", "شخصاً حساسیت"),  # diacritics are the writer's
        ("a\u200fb\u202ec\u0000d", "abcd"),  # bidi overrides and NUL are dropped
    ],
)
def test_clean_line(raw, shown):
    assert clean_line(raw) == shown


def test_clean_display_keeps_line_breaks_of_multi_line_comments():
    assert clean_display("فقط سروش.\r\nما تلگرام رو زیرپا میگذاریم\n\n") == "فقط سروش.\nما تلگرام رو زیرپا می‌گذاریم"


def test_clean_display_is_idempotent_on_seed_text():
    text = "وزارت ارتباطات و فناوری اطلاعات در مورد شایعات منتشر شده درباره انتقال سرور های تلگرام به ایران توضیح داد."
    once = clean_line(text)
    assert clean_line(once) == once


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (["پیام\u200cرسان", "پیامرسان", "پيامرسان"], "پیامرسان"),
        (["اسرائیلی", "اسراییلی"], "اسراییلی"),
        (["آسوشه", "اسوشه"], "اسوشه"),
        (["۲۶", "26", "٢٦"], "26"),
        (["CDN", "cdn"], "cdn"),
        (["كاربر", "کاربر"], "کاربر"),
        (["رئیس\u200cجمهور", "رییسجمهور"], "رییسجمهور"),
        (["میـــشه", "میشه"], "میشه"),  # tatweel
        (["شخصاً", "شخصا"], "شخصا"),
        (["انشاء", "انشا"], "انشا"),
    ],
)
def test_fold_makes_every_spelling_meet(variants, folded):
    assert {fold(v) for v in variants} == {folded}


def test_fold_keeps_length_for_letters_it_maps_one_to_one():
    text = "پیامرسانهای داخلی ۲۶ میلیون"
    assert len(fold(text)) == len(text)
    assert ZWNJ not in fold("پیام\u200cرسان\u200cهای")


def test_digit_conversions():
    assert persian_digits("1397-03-07") == "۱۳۹۷-۰۳-۰۷"
    assert latin_digits("۱۳۹۷/۰۳/۰۷ ٢٦") == "1397/03/07 26"
    assert persian_digits("1,000,000 و 9.2") == "۱٬۰۰۰٬۰۰۰ و ۹٫۲"
