"""Figures stated in text: digits of both sets, decimals, ranges, number words and scales, units, hedges."""

from __future__ import annotations

import pytest

from archive.attribution.figures import extract_figures


def figures(text):
    found = extract_figures(text)
    for f in found:
        assert text[f.start : f.end] == f.text  # offsets index the text given
    return [(f.text, f.value, f.high, f.unit, f.qualifier) for f in found]


# Sentences as the seeds print them (display text: Persian digits, no ZWNJ where the page had none).
SEED_SENTENCES = [
    (
        "از این ۲۶ میلیون کاربر حدود ۱۰ میلیون نفر کاربر فعال در پیام رسانهای داخلی هستند",
        [("۲۶ میلیون کاربر", 26e6, None, "کاربر", ""), ("۱۰ میلیون نفر کاربر", 10e6, None, "کاربر", "حدود")],
    ),
    (
        "در این مدت حدود ۲۵ میلیون کاربر در این پیامرسانها ثبتنام کرده و بیش از ۹ میلیون و دویست هزار کاربر نیز "
        "فعال هستند.",
        [
            ("۲۵ میلیون کاربر", 25e6, None, "کاربر", "حدود"),
            ("۹ میلیون و دویست هزار کاربر", 9.2e6, None, "کاربر", "بیش از"),
        ],
    ),
    (
        "شش سال تمام امکانات کشور در اختیار تلگرام گذاشته‌شده و اکنون در حدود دو ماه است",
        [("شش سال", 6, None, "سال", ""), ("دو ماه", 2, None, "ماه", "حدود")],
    ),
    ("پنج سال تمام امکانات کشور در اختیار تلگرام گذاشته‌شده", [("پنج سال", 5, None, "سال", "")]),
    (
        "تعداد بازدیدهای تلگرام از آخر فروردین تا ۲۸ اردیبهشت از حدود ۲٫۵ میلیارد بازدید به کمتر از یک میلیارد "
        "رسیده که به معنای کاهش ۶۰ درصدی بازدید است.",
        [
            ("۲٫۵ میلیارد بازدید", 2.5e9, None, "بازدید", "حدود"),
            ("یک میلیارد", 1e9, None, "بازدید", "کمتر از"),  # the noun is implicit: inferred
            ("۶۰ درصدی", 60, None, "درصد", ""),
        ],
    ),
    (
        "در اوایل فروردین ۲ میلیارد بازدید از ۱۰ هزار کانال برتر تلگرامی شده که این میزان پس از فیلتر به کمتر از "
        "۸۰۰ هزار رسیده است.",
        [
            ("۲ میلیارد بازدید", 2e9, None, "بازدید", ""),
            ("۱۰ هزار کانال", 1e4, None, "کانال", ""),
            ("۸۰۰ هزار", 8e5, None, "بازدید", "کمتر از"),
        ],
    ),
    (
        "پیامرسانهای داخلی ما قادر به پاسخگویی به بیش از ۶۰-۵۰ میلیون کاربر هستند",
        [("۶۰-۵۰ میلیون کاربر", 50e6, 60e6, "کاربر", "بیش از")],
    ),
    ("ما بین ۳۰۰ تا ۴۰۰ گیگ ترافیک داشتیم", [("۳۰۰ تا ۴۰۰ گیگ", 300, 400, "گیگ", "")]),
    ("تلگرام در دو سه روز اخیر ورژن جدیدی را ارائه داده است", [("دو سه روز", 2, 3, "روز", "")]),
    (
        "ما ۸ رک در واقع تقاضا کردیم در مرکز انقلاب یا مرکز امام در اختیار این مجموعه قرار بگیرد",
        [("۸ رک", 8, None, "رک", "")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEED_SENTENCES)
def test_figures_in_seed_sentences(text, expected):
    assert figures(text) == expected


def test_latin_digits_decimals_thousands_and_percent_signs():
    assert figures("رشد 2.5 درصد و قیمت 10,500 تومان و 1,234.5 دلار و ۱۰٬۰۰۰ نفر و ۳٫۷٪") == [
        ("2.5 درصد", 2.5, None, "درصد", ""),
        ("10,500 تومان", 10500, None, "تومان", ""),
        ("1,234.5 دلار", 1234.5, None, "دلار", ""),
        ("۱۰٬۰۰۰ نفر", 10000, None, "نفر", ""),
        ("۳٫۷٪", 3.7, None, "درصد", ""),
    ]


def test_number_words_and_scales_combine_as_persian_reads_them():
    assert figures("بیست و پنج هزار دانشجو") == [("بیست و پنج هزار دانشجو", 25000, None, "دانشجو", "")]
    assert figures("هزار میلیارد تومان") == [("هزار میلیارد تومان", 1e12, None, "تومان", "")]
    assert figures("سیصد و پنجاه کیلومتر") == [("سیصد و پنجاه کیلومتر", 350, None, "کیلومتر", "")]
    assert figures("۵۰ تا ۶۰ میلیون مشترک") == [("۵۰ تا ۶۰ میلیون مشترک", 50e6, 60e6, "مشترک", "")]
    assert figures("يك ميليون و پانصد هزار كاربر") == [  # Arabic ي and ك
        ("يك ميليون و پانصد هزار كاربر", 1.5e6, None, "کاربر", "")
    ]


def test_numbers_that_label_or_only_look_like_numbers_are_no_figures():
    assert figures("امشب (دوشنبه ۷ خرداد) برنامه پخش شد") == []  # a date
    assert figures("اتحادیه اروپا در سال ۲۰۱۸ قانونی را اجرا کرد") == []  # a year
    assert figures("چیزی خارج از بند ۲ این مصوبه نیست") == []  # a label
    assert figures("قرار باشد سرور یک سرویس خاص منتقل شود") == []  # the indefinite article
    assert figures("هیچ حمایتی نه از دولت و نه خارج از آن نداریم") == []  # "نه" = not
    assert figures("این قانون در ۲۰۱۸ و تا ۱۳۹۷/۳/۷ ساعت ۱۰:۳۰ اجرا شد") == []  # years, a date, a time
    assert figures("۲۰۱۸ کاربر ثبت نام کردند") == [("۲۰۱۸ کاربر", 2018, None, "کاربر", "")]


def test_a_number_with_no_noun_stays_without_a_unit_when_nothing_beside_it_counts():
    assert figures("این رقم به ۵۳۰ هزار رسید.") == [("۵۳۰ هزار", 530000, None, "", "")]
    # ... and a duration beside it is not what it counts.
    assert figures("در دو ماه به ۵۳۰ هزار رسید.") == [
        ("دو ماه", 2, None, "ماه", ""),
        ("۵۳۰ هزار", 530000, None, "", ""),
    ]
