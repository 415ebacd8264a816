"""Pages written for these tests in the layouts real outlets publish (tests/ingest/pages/), none a seed.

Each is held to what an editor records from the same text: headline, stated date with its precision and
basis, news code, no site furniture in the body, and the comments as the page lists them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.parser import parse_page, with_stated_date
from archive.jalali import TEHRAN
from archive.persian import fold

PAGES = Path(__file__).parent / "pages"
TODAY = dt.date(2025, 12, 6)  # the capture day the pages' headers show (15 Azar 1404)


def parsed(name: str):
    return with_stated_date(parse_page((PAGES / name).read_text(encoding="utf-8")), [], today=TODAY)


def body(page) -> str:
    return fold(" ".join([page.kicker, page.title, page.lead, *page.paragraphs]))


FURNITURE = [
    "کد خبر", "تاریخ انتشار", "زمان انتشار", "نظر:", "ایمیل", "مشاهده متن کامل", "دریافت خبر", "اخبار مرتبط",
    "پربازدید", "برچسب", "فیلم بیشتر", "تعداد بازدید", "به روز شده", "نسخه قابل چاپ", "کلیه حقوق", "December",
    "منو", "شماره ۲۳۱۴",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.txt")))
def test_no_furniture_in_the_body(name):
    text = body(parsed(name))
    for junk in FURNITURE:
        assert fold(junk) not in text, junk


@pytest.mark.parametrize(
    ("name", "title", "jalali", "time", "code"),
    [
        ("agency_news_code.txt", "معاون وزیر راه: عوارض آزادراه‌ها از اول دی افزایش می‌یابد", "1398-09-19", "10:31", "512387"),
        ("amp_bodies_only_comments.txt", "چرا قیمت مرغ در بازار دوباره بالا رفت؟", "1398-06-16", "15:06", "621143"),
        ("print_page.txt", "آب شرب ۱۲ روستای سیستان با تانکر تامین می‌شود", "1397-04-25", "08:20", "88231"),
        ("aggregator_reprint.txt", "سهمیه بنزین تاکسی‌های اینترنتی تغییر نمی‌کند", None, "", ""),
        ("newspaper_dateline.txt", "اجاره‌بها در کرمان ۴۰ درصد گران شد", "1396-04-25", "", "97431"),
        ("header_today.txt", "ماجرای تعطیلی مدارس تهران در روزهای آلوده چیست؟", "1397-10-23", "", ""),
        ("long_menus.txt", "هشدار سازمان هواشناسی: برف و کولاک در جاده‌های شمالی!", None, "", ""),
        ("subheads_lead_twice.txt", "صف وام ازدواج کوتاه می‌شود", None, "", ""),
        ("cut_with_broken_comments.txt", "شهرداری اصفهان: پل تاریخی خواجو تا عید مرمت می‌شود", None, "", ""),
    ],
)  # fmt: skip
def test_headline_stated_date_and_news_code(name, title, jalali, time, code):
    page = parsed(name)
    assert page.title == title
    assert page.news_code == code
    if jalali is None:
        assert page.stated_date is None
    else:
        assert (page.stated_date.jalali, page.stated_date.precision, page.stated_date.basis) == (
            jalali,
            "day",
            "stated",
        )
        assert page.stated_time == time
    assert not page.truncated or name.startswith("cut_")


def test_a_site_frame_date_is_only_a_bound_with_its_basis():
    for name, bound in [("aggregator_reprint.txt", "1404-09-11"), ("long_menus.txt", "1404-09-12")]:
        page = parsed(name)
        assert page.stated_date is None
        assert any(bound in g and "on or before" in g for g in page.guessed), page.guessed
    # The header's today (1404) never displaces the date the text states; the comments give its year.
    today = parsed("header_today.txt")
    assert today.stated_date.jalali.startswith("1397")
    assert any("1404-09-15" in note and "not the publication" in note for note in today.notes)


def test_labelled_date_wins_over_the_print_date():
    page = parsed("print_page.txt")
    assert page.stated_date.jalali == "1397-04-25"
    assert any("1404-09-12" in note for note in page.notes)


def test_a_stated_date_after_the_comments_or_in_the_future_is_refused():
    text = "تیتر خبر تازه\n\nتاریخ انتشار: ۱۴۰۵/۰۱/۱۰\n\nمتن کوتاه خبر امروز منتشر شد و همه آن را خواندند.\n"
    page = with_stated_date(parse_page(text), [], today=TODAY)
    assert page.stated_date is None and any("future" in n for n in page.notes)
    text = (
        "تیتر خبر تازه\n\nتاریخ انتشار: ۱۳۹۸/۰۵/۲۰\n\nمتن کوتاه خبر امروز منتشر شد و همه آن را خواندند.\n\n"
        "نظرات\nرضا\n۱۰:۰۰ ۰۱ مرداد ۱۳۹۸\nنظر اول درباره خبر\n"
    )
    page = with_stated_date(parse_page(text), [], today=TODAY)
    assert page.stated_date is None and any("earliest comment" in n for n in page.notes)


def test_amp_comments_listed_as_bodies_only_are_kept_out_of_the_body_and_flagged():
    page = parsed("amp_bodies_only_comments.txt")
    assert [(c.author, c.posted) for c in page.comments] == [("", None)] * 3
    assert page.comments[1].body.startswith("ما که دیگر مرغ")
    assert "نظارت کند" not in body(page)
    assert page.needs_editor


def test_time_before_author_layout():
    page = parsed("header_today.txt")
    assert [(c.author, c.posted) for c in page.comments] == [
        ("مادر دانش‌آموز", dt.datetime(2019, 1, 13, 22, 10, tzinfo=TEHRAN)),
        ("معلم", dt.datetime(2019, 1, 13, 21, 45, tzinfo=TEHRAN)),
    ]


def test_misspelt_and_impossible_comment_times_keep_every_comment_and_a_named_reply():
    page = parsed("cut_with_broken_comments.txt")
    assert [c.author for c in page.comments] == ["مریم", "حسین", "ناشناس", "سارا"]
    assert [c.posted is None for c in page.comments] == [False, True, True, False]
    assert page.comments[1].body == "کاش آب زاینده‌رود هم برگردد"  # not merged into the comment above
    assert page.comments[3].parent == 1  # «سارا در پاسخ به مریم»
    assert any(n.startswith("line 11:") and "خردادد" in n for n in page.notes)
    assert any(n.startswith("line 14:") for n in page.notes)
    assert page.truncated


def test_subheads_kept_and_lead_printed_twice_kept_once():
    page = parsed("subheads_lead_twice.txt")
    assert page.kicker == "بانک مرکزی طرح تازه‌ای برای وام ازدواج اعلام کرد"
    assert [page.paragraphs[i] for i in page.subheads] == ["ضامن‌ها چه کسانی هستند؟", "سقف وام در سال آینده"]
    assert not any(p.startswith("بانک مرکزی در بخشنامه") for p in page.paragraphs)


def test_pull_quote_glued_to_a_paragraph_is_split_off_and_outlet_dateline_opens_the_lead():
    page = parsed("newspaper_dateline.txt")
    assert page.lead.startswith("صبح کرمان –گروه اجتماعی:")
    assert page.paragraphs[0].startswith("به گزارش خبرنگار ما")
    assert page.paragraphs[page.subheads[0]] == "چه کسی بازار را کنترل می‌کند؟"


def test_menus_widgets_and_related_headlines_are_dropped_and_listed():
    page = parsed("agency_news_code.txt")
    assert page.lead.startswith("تهران - خبرگزاری پیام شرق:")
    assert len(page.paragraphs) == 2 and page.comments == []
    assert "اخبار مرتبط" in page.dropped and "صفحه اصلی" in page.dropped


@pytest.mark.django_db
def test_import_pages_on_the_folder_reports_every_page_and_no_failure(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_pages", str(PAGES), "--report", stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len(list(PAGES.glob("*.txt")))
    assert all(line["status"] == "created" for line in lines)
    assert all({"read", "guessed", "dropped"} <= set(line) for line in lines)
    assert "0 failed" in err.getvalue()
    from archive.models import Article

    agency = Article.objects.get(source_file="agency_news_code.txt")
    assert (agency.news_code, agency.published_jalali, agency.published_time) == ("512387", "1398-09-19", "10:31")
    assert Article.objects.get(source_file="subheads_lead_twice.txt").paragraphs.filter(subhead=True).count() == 2
    assert Article.objects.get(source_file="cut_with_broken_comments.txt").comments.filter(posted=None).count() == 2
