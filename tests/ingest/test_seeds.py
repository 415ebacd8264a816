"""The five seed pages, imported, checked against what the editor established (docs/editorial-notes.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from archive.jalali import TEHRAN, from_gregorian
from archive.models import Article, Comment
from tests.conftest import SEEDS, SHARED_SEEDS

pytestmark = pytest.mark.django_db


def article(prefix: str) -> Article:
    return Article.objects.get(source_file__startswith=prefix)


def display_texts(a: Article) -> list[str]:
    return [a.kicker, a.title, a.lead, *(p.text for p in a.paragraphs.all())]


def test_five_articles_and_72_comments():
    assert Article.objects.count() == 5
    assert Comment.objects.count() == 72
    assert article("002").comments.count() == 72


def test_seeds_are_byte_identical_to_shared_copies():
    if not SHARED_SEEDS.exists():
        pytest.skip("../shared/seeds not beside the checkout")
    for path in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


def test_raw_page_is_stored_byte_for_byte():
    for path in sorted(SEEDS.glob("*.txt")):
        a = Article.objects.get(source_file=path.name)
        assert a.raw.encode("utf-8") == path.read_bytes()
        assert a.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_reply_69_answers_68_and_no_other_comment_has_a_parent():
    comments = {c.position: c for c in article("002").comments.select_related("parent")}
    assert comments[69].author == "سعید"
    assert comments[69].parent == comments[68]
    assert "فیلترشکن" in comments[68].body
    assert [c.position for c in comments.values() if c.parent_id] == [69]


def test_every_comment_is_8_khordad_1397_tehran_time():
    for c in Comment.objects.all():
        local = c.posted.astimezone(TEHRAN)
        j = from_gregorian(local.date())
        assert (j.year, j.month, j.day) == (1397, 3, 8)
        assert local.date() == dt.date(2018, 5, 29)
    first = article("002").comments.get(position=1)
    assert first.posted.astimezone(dt.UTC).strftime("%H:%M") == "10:37"  # 15:07 Tehran, DST +04:30


def test_earliest_comments_are_at_00_10():
    earliest = min(Comment.objects.all(), key=lambda c: c.posted)
    assert earliest.posted.astimezone(TEHRAN).strftime("%H:%M") == "00:10"


def test_multi_line_comments_keep_their_line_breaks():
    multi = {c.author: c.body for c in article("002").comments.all() if "\n" in c.body}
    assert len(multi) == 3
    assert multi["هادی"].count("\n") == 2
    assert multi["محمد"].count("\n") == 1
    assert multi["ناشناس"].splitlines() == ["فقط سروش.", "ما تلگرام رو زیرپا می‌گذاریم"]


def test_named_comment_authors_and_anonymous_count():
    authors = [c.author for c in article("002").comments.all()]
    assert authors.count("ناشناس") == 66
    assert sorted(a for a in authors if a != "ناشناس") == sorted(
        ["محمد نوروزی", "سعید", "سعید", "محمد", "هادی", "عباس"]
    )


@pytest.mark.parametrize(
    ("prefix", "kicker", "title", "lead_start"),
    [
        (
            "000",
            "وزارت ارتباطات توضیح داد",
            "شایعه انتقال سرور تلگرام به ایران",
            "وزارت ارتباطات و فناوری اطلاعات در مورد شایعات",
        ),
        ("001", "", "بنای هیچ‌گونه مذاکره مجددی با تلگرام نداریم", "رسانه کلیک - معاون محتوای مرکز ملی فضای مجازی"),
        ("002", "آسوشه در گفتگوی ویژه خبری:", "انحصار تلگرام شکسته شد", "معاون فناوری مرکز ملی فضای مجازی گفت"),
        ("003", "", "مدیر سروش: وزارت ارتباطات به مصوبات شورای عالی فضای مجازی عمل کند", "بعد از اینکه در روزهای اخیر"),
        ("004", "", "تمام امکانات ایران برای پنج سال در اختیار تلگرام بود", "عباس آسوشه ادعا کرده است"),
    ],
)
def test_kicker_title_lead(prefix, kicker, title, lead_start):
    a = article(prefix)
    assert a.kicker == kicker
    assert a.title.startswith(title)
    assert a.lead.startswith(lead_start)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_headline_or_lead_repeated_in_paragraphs(prefix):
    a = article(prefix)
    key = lambda s: re.sub(r"\W+", "", s.replace("\u200c", ""))  # noqa: E731
    heads = {key(a.title), key(a.lead), key(a.kicker)} - {""}
    for p in a.paragraphs.all():
        assert key(p.text) not in heads


BOILERPLATE = [
    "سایر زبان ها",
    "صفحه نخست",
    "سایر بخشها",
    "انتهای پیام",
    "بازگشت به",
    "ارسال نظر",
    "تبادل نظر",
    "نظرات کاربران",
    "انتشار یافته",
    "در انتظار بررسی",
    "آدرس ایمیل",
    "Published on",
    "منبع:",
    "هنوز برخی دستگاههای دولتی از تلگرام",
    "برگشتی در کار نخواهد بود؛",
]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_paragraph_holds_boilerplate(prefix):
    for text in display_texts(article(prefix)):
        for phrase in BOILERPLATE:
            assert phrase not in text.replace("\u200c", " "), (phrase, text[:80])


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_no_sentence_split_across_paragraphs(prefix):
    a = article(prefix)
    paragraphs = [a.lead, *(p.text for p in a.paragraphs.all())]
    if a.truncated:  # 004 is cut off mid-sentence by the capture itself
        paragraphs = paragraphs[:-1]
    for text in paragraphs:
        assert re.search(r"[.!؟?]$", text), text[-60:]


def test_wrapped_sentences_are_whole_again():
    texts = [p.text for p in article("000").paragraphs.all()]
    assert any("سرور پیام‌رسان خارجی تلگرام به ایران، شفاف‌سازی کرد." in t for t in texts)
    assert any(
        "هیچ سرویس‌دهنده‌ای حاضر به همکاری با ما نخواهد بود. البته" in t or "نخواهد بود. البته" in t for t in texts
    )
    texts = [p.text for p in article("004").paragraphs.all()]
    assert any("به گزارش اسپاداناخبر، عباس آسوشه" in t for t in texts)


def test_004_lost_paragraph_breaks_are_restored_at_speech_turns():
    a = article("004")
    texts = [p.text for p in a.paragraphs.all()]
    assert len(texts) >= 8
    assert sum(t.startswith(("آسوشه", "وی ", "او ", "معاون فناوری")) for t in texts) >= 6
    assert a.truncated and texts[-1].endswith("نخواهیم")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_display_text_has_no_arabic_letters_or_odd_spaces(prefix):
    a = article(prefix)
    texts = display_texts(a) + [c.body for c in a.comments.all()] + [c.author for c in a.comments.all()]
    for text in texts:
        assert not re.search("[يكى\u00a0\u2009\u202f\u200b]", text), text[:80]


def test_arabic_letters_in_comments_are_made_persian():
    bodies = [c.body for c in article("002").comments.all()]
    assert any("فکر می‌کنید" in b for b in bodies)
    assert any("همین دو هفته پیش بیشتر از یک میلیارد" in b for b in bodies)


def test_zwnj_restored_where_hazm_is_sure_and_digits_persian_in_running_text():
    text = " ".join(p.text for p in article("000").paragraphs.all())
    assert "می‌شود تعامل با سرویس" in text  # the seed has a THIN SPACE here
    assert "تعامل‌ها" in text
    assert "CDN" in text
    body = " ".join(p.text for p in article("004").paragraphs.all())
    assert "۲٫۵ میلیارد" in body and "۶۰-۵۰ میلیون" in body


@pytest.mark.parametrize(
    ("prefix", "outlet", "sources"),
    [
        ("000", "خبرگزاری مهر", []),
        ("001", "رسانه کلیک", ["تابناک"]),
        ("002", "باشگاه خبرنگاران جوان", ["گفتگوی ویژه خبری"]),
        ("003", "خبرگزاری تسنیم", ["روزنامه جام جم", "پیک بامداد"]),
        ("004", "خبر اسپادانا", []),
    ],
)
def test_outlet_and_citation_chain(prefix, outlet, sources):
    a = article(prefix)
    assert a.outlet.name == outlet
    assert [s.outlet.name for s in a.sources.all()] == sources


@pytest.mark.parametrize(
    ("prefix", "jalali", "precision", "basis", "until"),
    [
        ("000", "1395-06", "month", "inferred", ""),
        ("001", "1397-03", "range", "inferred", "1397-04"),
        ("002", "1397-03-07", "day", "stated", ""),  # the text wins over the fixture's inferred month
        ("003", "1397-03", "month", "inferred", ""),
        ("004", "1397-02-28", "range", "inferred", "1397-03-15"),
    ],
)
def test_publication_dates_are_honest(prefix, jalali, precision, basis, until):
    a = article(prefix)
    assert (a.published_jalali, a.published_precision, a.published_basis, a.published_until_jalali) == (
        jalali,
        precision,
        basis,
        until,
    )


def test_stated_date_reads_weekday_and_comment_year():
    a = article("002")
    assert a.published_start == dt.date(2018, 5, 28)
    assert a.date_spec.display() == "دوشنبه ۷ خرداد ۱۳۹۷"
    assert article("000").date_spec.display() == "حدود شهریور ۱۳۹۵"


def test_url_from_fixture():
    assert article("002").url == "https://yjc.ir/fa/amp/news/6548040"


@pytest.mark.parametrize(
    ("prefix", "people"),
    [
        (
            "000",
            {
                "محمدجواد آذری جهرمی": "معاون وزیر ارتباطات و مدیرعامل شرکت ارتباطات زیرساخت",
                "محمود واعظی": "وزیر ارتباطات و فناوری اطلاعات",
            },
        ),
        ("001", {"امیر خوراکیان": "معاون محتوای مرکز ملی فضای مجازی"}),
        ("002", {"عباس آسوشه": "معاون فناوری مرکز ملی فضای مجازی", "محسن کوهکن": "نماینده مجلس شورای اسلامی"}),
        ("003", {"میثم سیدصالحی": "مدیر پیام‌رسان سروش"}),
        ("004", {"عباس آسوشه": "معاون فناوری مرکز ملی فضای مجازی"}),
    ],
)
def test_people_with_roles_held_at_the_time(prefix, people):
    a = article(prefix)
    assert {ap.person.name: ap.role for ap in a.appearances.select_related("person")} == people
    assert all(ap.quoted for ap in a.appearances.all())
