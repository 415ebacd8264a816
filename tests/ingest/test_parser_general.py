"""Pages written for these tests in the seeds' styles, with other outlets, people and defects.

They prove the parser's rules are about the shape of captured news pages, not about the five seeds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest.citations import KnownOutlet
from archive.ingest.page import PageError
from archive.ingest.parser import decode_page, parse_page, with_stated_date
from archive.jalali import TEHRAN

OUTLETS = [
    KnownOutlet("خبرگزاری ایسنا", ("ایسنا",)),
    KnownOutlet("روزنامه همشهری", ("همشهری",)),
    KnownOutlet("خبرآنلاین", ("خبر آنلاین",)),
    KnownOutlet("رادیو گفتگو", ()),
    KnownOutlet("پایگاه خبری عصر ایران", ("عصر ایران",)),
    KnownOutlet("نگاه یک", ("برنامه نگاه یک",)),
]

WRAPPED_PAGE = """
وزارت نیرو اعلام کرد

جیره بندی برق در تابستان منتفی است

وزارت نیرو درباره شایعات منتشر شده درباره جیره بندی برق در تابستان امسال توضیحاتی داد و آن را
رد کرد.

علی رضایی سخنگوی صنعت برق با اشاره به افزایش ظرفیت نیروگاهها گفت: امسال هیچ برنامه ای برای
خاموشی نداریم و مردم نگران نباشند زیرا ظرفیت تولید برق نسبت به سال گذشته افزایش یافته و شبکه

آماده است.

وی افزود: مصرف برق در روزهای گرم تا ۶۰ هزار مگاوات می رسد و ما برای آن آمادگی کامل داریم و
نیروگاههای تازه نیز در مدار قرار گرفته اند.

به گزارش ایسنا، مصرف برق کشور در سال گذشته رکورد تازه ای را ثبت کرد و نگرانیها درباره خاموشی
بیشتر شد.
"""

MENU_AND_COMMENTS_PAGE = """خانه
اخبار
ورزش
اقتصاد
فرهنگ
تماس با ما

محمدی در نگاه یک:

قیمت نان ۲۰ درصد افزایش می یابد

رئیس اتحادیه نانوایان گفت: قیمت نان از ماه آینده افزایش می‌یابد.

به گزارش خبرآنلاین به نقل از همشهری؛ حسن محمدی رئیس اتحادیه نانوایان امروز (چهارشنبه ۱۲ مهر) در برنامه نگاه یک گفت: قیمت نان از ماه آینده ۲۰ درصد گران می شود.

وی ادامه داد: هزینه آرد و دستمزد بالا رفته است.

انتهای خبر/

نرخ تورم در شهریور اعلام شد

ارسال نظر
نظرات کاربران
انتشار یافته: ۳
در انتظار بررسی: ۱
رضا
۰۹:۱۵ ۱۲ مهر ۱۴۰۲
این همه گرانی قابل تحمل نیست
ناشناس
۱۰:۴۰ ۱۲ مهر ۱۴۰۲
با نظر رضا موافقم
مریم
۱۰:۰۰ ۱۲ مهر ۱۴۰۲
كي قرار است اين وضع درست شود؟
خط دوم همين نظر
علی
۱۱:۰۰ ۱۲ مهر ۱۴۰۲
نان سنگک هم گران شد
"""


def test_hard_wrapped_page_is_joined_into_whole_paragraphs():
    page = parse_page(WRAPPED_PAGE, OUTLETS)
    assert page.kicker == "وزارت نیرو اعلام کرد"
    assert page.title == "جیره‌بندی برق در تابستان منتفی است"
    assert page.lead.endswith("رد کرد.")
    assert len(page.paragraphs) == 3
    assert page.paragraphs[0].startswith("علی رضایی") and page.paragraphs[0].endswith("شبکه آماده است.")
    assert page.outlet == "خبرگزاری ایسنا"
    assert not page.truncated


def test_menu_form_labels_end_marker_and_related_links_are_dropped():
    page = parse_page(MENU_AND_COMMENTS_PAGE, OUTLETS)
    texts = [page.kicker, page.title, page.lead, *page.paragraphs]
    assert page.kicker == "محمدی در نگاه یک:"
    assert page.title.startswith("قیمت نان")
    for junk in ("خانه", "تماس با ما", "انتهای خبر", "نرخ تورم در شهریور", "ارسال نظر", "انتشار یافته"):
        assert all(junk not in t for t in texts)
    assert page.declared_comment_count == 3  # the page's counter, though 4 are listed


def test_publisher_and_citation_chain_from_text():
    page = parse_page(MENU_AND_COMMENTS_PAGE, OUTLETS)
    assert page.outlet == "خبرآنلاین"
    assert [(s.name, s.relation) for s in page.sources] == [("روزنامه همشهری", "cites"), ("نگاه یک", "venue")]


def test_unknown_cited_outlet_is_kept_as_written():
    page = parse_page("تیتر یک خبر\n\nلید این خبر است.\n\nمتن خبر به نقل از روزنامه فردای تازه، آمده است.\n", OUTLETS)
    assert [(s.name, s.known) for s in page.sources] == [("روزنامه فردای تازه", False)]


def test_comments_oldest_first_page_and_reply_detection():
    page = parse_page(MENU_AND_COMMENTS_PAGE, OUTLETS)
    assert [(c.n, c.author) for c in page.comments] == [(1, "رضا"), (2, "ناشناس"), (3, "مریم"), (4, "علی")]
    # 09:15, 10:40, 10:00, 11:00: the page runs oldest first; 10:40 is newer than the next thread (10:00),
    # so it is a reply placed under 09:15.
    assert [c.parent for c in page.comments] == [None, 1, None, None]
    assert page.comments[2].body == "کی قرار است این وضع درست شود؟\nخط دوم همین نظر"
    assert page.comments[0].posted == dt.datetime(2023, 10, 4, 9, 15, tzinfo=TEHRAN)


def test_newest_first_page_with_two_replies_to_one_comment():
    text = "تیتر\n\nلید خبر.\n\n" + "\n".join(
        [
            "الف", "۱۲:۰۰ ۱ تیر ۱۴۰۰", "سوم",
            "ب", "۱۱:۰۰ ۱ تیر ۱۴۰۰", "دوم",
            "ج", "۱۱:۳۰ ۱ تیر ۱۴۰۰", "پاسخ اول به دوم",
            "د", "۱۱:۴۵ ۱ تیر ۱۴۰۰", "پاسخ دوم به دوم",
            "ه", "۱۰:۰۰ ۱ تیر ۱۴۰۰", "اول",
        ]
    )  # fmt: skip
    page = parse_page(text, OUTLETS)
    assert [c.parent for c in page.comments] == [None, None, 2, 2, None]


def test_stated_date_with_weekday_and_year_from_comments():
    page = with_stated_date(parse_page(MENU_AND_COMMENTS_PAGE, OUTLETS), [])
    assert page.stated_date.jalali == "1402-07-12"  # a Wednesday, as the page says; the year is the comments'
    assert page.stated_date.basis == "stated"


def test_weekday_that_does_not_fit_the_year_is_not_trusted():
    text = "تیتر\n\nلید خبر امشب (دوشنبه ۱۲ مهر) پخش شد.\n\nمتن خبر.\n"
    page = with_stated_date(parse_page(text, OUTLETS), [1402])  # 12 Mehr 1402 was a Wednesday
    assert page.stated_date is None
    assert any("not a دوشنبه" in note for note in page.notes)


def test_yesterday_moves_the_publication_day_forward():
    text = "تیتر\n\nلید: دیروز ۳ آبان ۱۴۰۱ جلسه برگزار شد.\n\nمتن خبر.\n"
    page = with_stated_date(parse_page(text, OUTLETS), [])
    assert page.stated_date.jalali == "1401-08-04"


def test_dateline_opening_the_lead():
    text = "تیتر خبر\n\nتهران - ۵ اسفند ۱۳۹۹ - جلسه شورا امروز برگزار شد.\n\nمتن خبر.\n"
    assert with_stated_date(parse_page(text, OUTLETS), []).stated_date.jalali == "1399-12-05"


def test_print_header_gives_publisher_and_repeated_title_and_pull_quote_are_dropped():
    text = (
        "\nآب تهران جیره بندی نمی شود\nPublished on عصر ایران (https://www.asriran.com)\n\n"
        "مدیر آبفا گفت: برنامه ای برای جیره بندی نداریم.\n\nآب تهران جیره بندی نمی شود\n\n"
        "ذخیره سدها کافی است\n\nمدیر آبفا افزود: ذخیره سدها کافی است و مردم صرفه جویی کنند.\n"
    )
    page = parse_page(text, OUTLETS)
    assert page.outlet == "پایگاه خبری عصر ایران"
    assert page.paragraphs == ["مدیر آبفا افزود: ذخیره سدها کافی است و مردم صرفه‌جویی کنند."]


def test_impossible_comment_time_keeps_the_comment_untimed_and_names_the_line():
    text = "تیتر\n\nلید.\n\nرضا\n۰۹:۱۵ ۱۲ مهر ۱۴۰۲\nنظر اول\nعلی\n۲۵:۷۰ ۱۲ مهر ۱۴۰۲\nنظر دوم\n"
    page = parse_page(text, OUTLETS)
    assert [(c.author, c.body, c.posted is None) for c in page.comments] == [
        ("رضا", "نظر اول", False),
        ("علی", "نظر دوم", True),
    ]
    assert any(note.startswith("line 9:") for note in page.notes)
    assert page.needs_editor


def test_comment_without_text_is_kept_and_noted():
    page = parse_page("تیتر\n\nلید.\n\nرضا\n۰۹:۱۵ ۱۲ مهر ۱۴۰۲\nعلی\n۰۹:۱۶ ۱۲ مهر ۱۴۰۲\nنظر دوم\n", OUTLETS)
    # Taking «علی» as the second author would leave the first comment empty: it stays its text, and the
    # second comment is kept without an author, noted with its line, rather than inventing one.
    assert [(c.author, c.body) for c in page.comments] == [("رضا", "علی"), ("", "نظر دوم")]
    assert any(note.startswith("line 8:") and "without an author" in note for note in page.notes)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("خبر مهم".encode("cp1256"), "not UTF-8"),  # Windows Arabic code page, as old Persian sites served
    ],
)
def test_undecodable_files_say_why(data, reason):
    with pytest.raises(PageError, match=reason):
        decode_page(data)


def test_title_less_page_imports_with_the_lead_and_is_flagged():
    page = parse_page("این یک بند بلند است که با نقطه تمام می‌شود و تیتری پیش از آن نیامده است.\n", OUTLETS)
    assert page.title == ""
    assert page.lead.startswith("این یک") and page.lead.endswith("نیامده است.")
    assert page.needs_editor


def test_utf8_bom_is_ignored():
    assert decode_page("\ufeffتیتر\n\nلید.".encode()).startswith("تیتر")
