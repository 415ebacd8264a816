"""Where a range-dated article is placed once readers have commented on it: never after its first comment, and
the same on the home timeline, in /dates/ and in the search index (archive.timeline.placed_day), on the seeded
pages with comments added as the admin or a re-import would add them (the index and the pages follow).

The seeded article 004 is dated بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷ (2018-05-18..2018-06-05, no comments): by
its range alone it is placed on ۶ خرداد, its middle. 002 is stated, ۷ خرداد ۱۳۹۷, with 72 comments from
۸ خرداد on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from archive.jalali import TEHRAN, to_gregorian
from archive.models import Article, Comment
from archive.persian import latin_digits, persian_digits
from archive.search import search
from archive.timeline import JalaliMonth, months_of_range

pytestmark = pytest.mark.django_db

ORDIBEHESHT, KHORDAD = JalaliMonth(1397, 2), JalaliMonth(1397, 3)


def day(month: int, d: int) -> dt.date:
    return to_gregorian(1397, month, d)


def tehran(month: int, d: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day(month, d), dt.time(hour, minute), TEHRAN)


def seeded(prefix: str) -> Article:
    return Article.objects.get(source_file__startswith=prefix)


@pytest.fixture
def comment(private_index, django_capture_on_commit_callbacks):
    """Add (or delete) a comment as a committed change: the search index reindexes its article."""

    def add(article: Article, posted: dt.datetime, body: str, position: int = 900) -> Comment:
        with django_capture_on_commit_callbacks(execute=True):
            return Comment.objects.create(
                article=article, position=position, author=Comment.ANONYMOUS, posted=posted, body=body
            )

    def delete(item: Comment) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            item.delete()

    add.delete = delete
    return add


def _number(text: str) -> int:
    return int(latin_digits(text).replace("٬", ""))


def home_counts(client) -> Counter[JalaliMonth]:
    """The home timeline's article count per month (its table, the chart's figures; a month without any is not
    in it)."""
    page = client.get("/").content.decode()
    rows = re.findall(r'<th scope="row"><a href="/dates/(\d+)/(\d+)/">[^<]*</a></th><td>([۰-۹٬]+)</td>', page)
    assert rows, "no timeline table on the home page"
    return Counter({JalaliMonth(int(y), int(m)): _number(n) for y, m, n in rows})


def dates_counts(client) -> Counter[JalaliMonth]:
    """/dates/: the articles counted in each month."""
    page = client.get("/dates/").content.decode()
    rows = re.findall(r'<li><a href="/dates/(\d+)/(\d+)/">[^<]*</a> <span class="count">([۰-۹٬]+) خبر', page)
    return Counter({JalaliMonth(int(y), int(m)): _number(n) for y, m, n in rows})


def dates_home(client, article: Article) -> list[JalaliMonth]:
    """The months whose /dates/ page lists `article` as placed in them (each of the months its range touches
    lists it, placed in one, under «شاید در این ماه» in the others)."""
    end = article.published_end or article.published_start
    link, placed = f'href="/articles/{article.slug}/"', []
    for month in months_of_range(article.published_start, end):
        page = client.get(f"/dates/{month.year}/{month.month:02d}/").content.decode()
        sections = dict(re.findall(r'<section aria-labelledby="(m-\w+)-h">(.*?)</section>', page, re.S))
        listed, touching = sections.get("m-articles", ""), sections.get("m-touching", "")
        assert (link in listed) != (link in touching), f"{month.key}: {article.slug} not listed once"
        if link in listed:
            placed.append(month)
    return placed


def index_days(article: Article) -> list[dt.date]:
    """The days of its range a one-day search date filter finds the article's own text (head, paragraphs) on."""
    end = article.published_end or article.published_start
    found, current = [], article.published_start
    while current <= end:
        hits = search("", date_from=current, date_to=current, kind="article", per_page=100).hits
        if any(h.article == article.slug for h in hits):
            found.append(current)
        current += dt.timedelta(days=1)
    return found


def index_months() -> dict[str, int]:
    """The search's month facet over the articles' own text (heads and paragraphs, comments apart)."""
    return search("", kind="article").facets["month"]


def test_a_first_comment_inside_the_range_moves_the_article_on_the_home_timeline(client, comment):
    article = seeded("004_")
    before = home_counts(client)
    assert (before[ORDIBEHESHT], before[KHORDAD]) == (0, 4)
    comment(article, tehran(3, 1), "من در بله عضو شدم عاشق استیکرهایش هستم خیلی عالین")
    after = home_counts(client)
    # Placed in the middle of ۲۸ اردیبهشت..۱ خرداد (۳۰ اردیبهشت), not on ۶ خرداد: counted in Ordibehesht.
    assert (after[ORDIBEHESHT], after[KHORDAD]) == (1, 3)
    assert sum(after.values()) == sum(before.values())


def test_a_first_comment_inside_the_range_moves_the_article_in_the_date_archive(client, comment):
    article = seeded("004_")
    assert dates_home(client, article) == [KHORDAD]
    comment(article, tehran(3, 1), "فقط پیام رسانهای داخلی عشقه")
    assert dates_home(client, article) == [ORDIBEHESHT]
    counts = dates_counts(client)
    assert (counts[ORDIBEHESHT], counts[KHORDAD]) == (1, 3)
    assert sum(counts.values()) == Article.objects.exclude(published_start=None).count()


def test_a_first_comment_inside_the_range_moves_the_article_in_the_search_index(client, comment):
    article = seeded("004_")
    documents = 1 + article.paragraphs.count()
    assert index_days(article) == [day(3, 6)]
    assert "1397-02" not in index_months()  # no article is placed in Ordibehesht 1397
    comment(article, tehran(3, 1), "26 میلیون خیلی خوبه آمار کمی نیست")
    # Every document of the article's own text moved (the comment's signal reindexed the whole article), to
    # ۳۰ اردیبهشت: no later than the comment's day.
    assert index_days(article) == [day(2, 30)]
    assert index_months()["1397-02"] == documents
    assert all(h.article != article.slug for h in search("", kind="article", date_from=day(3, 2), per_page=100).hits)
    # The comment itself is where it was posted: Khordad.
    (own,) = [h for h in search("آمار", kind="comment", date_from=day(3, 1), date_to=day(3, 1)).hits]
    assert own.article == article.slug
    # The search page says so too: its month facet counts the article's documents in اردیبهشت ۱۳۹۷, and that
    # month's link (its date filter) finds the article, the month /dates/ lists it in.
    page = client.get("/search", {"q": "", "kind": "article"}).content.decode()
    assert re.search(rf'>اردیبهشت ۱۳۹۷</a> <span class="count">\({persian_digits(str(documents))}\)</span>', page)
    page = client.get("/search", {"q": "", "kind": "article", "from": "1397-02", "to": "1397-02"}).content.decode()
    assert f'href="/articles/{article.slug}/' in page
    assert dates_home(client, article) == [ORDIBEHESHT]


def test_the_day_of_a_first_comment_is_tehrans(client, comment):
    # ۰۰:۱۰ on ۱ خرداد in Tehran is still ۳۱ اردیبهشت in UTC: the Tehran day, ۱ خرداد, cuts the range.
    from archive.search.documents import first_comment_day as loaded_first_comment_day
    from archive.timeline import first_comment_day

    article = seeded("004_")
    posted = tehran(3, 1, 0, 10)
    assert posted.astimezone(dt.UTC).date() == day(2, 31)
    comment(article, posted, "تلگرام 40 میلیون کاربر ایرانی داشت خوب 26 میلیون آن به پیام رسانهای داخلی کوچ کردند")
    annotated = Article.objects.annotate(first_comment=first_comment_day()).get(pk=article.pk)
    assert annotated.first_comment == loaded_first_comment_day(article.comments.all()) == day(3, 1)
    assert index_days(article) == [day(2, 30)]  # the middle of ۲۸ اردیبهشت..۱ خرداد (by UTC: ۲۹ اردیبهشت)
    assert dates_home(client, article) == [ORDIBEHESHT]


def test_a_stated_day_is_not_moved_by_an_earlier_comment(client, comment):
    stated, ranged = seeded("002_"), seeded("004_")
    assert stated.published_start == stated.published_end == day(3, 7)
    body = "ولی امروز وزیر ارتباطات گفتند از تعداد کاربران تلگرام فقط 1 میلیون نفر کم شده!"
    for article in (stated, ranged):
        comment(article, tehran(2, 30), body)  # ۳۰ اردیبهشت: before both articles' days
    # The stated day stays ۷ خرداد in all three places, where the estimated range beside it is cut.
    assert index_days(stated) == [day(3, 7)]
    assert index_days(ranged) == [day(2, 29)]
    assert dates_home(client, stated) == [KHORDAD]
    assert dates_home(client, ranged) == [ORDIBEHESHT]
    counts, home = dates_counts(client), home_counts(client)
    assert (counts[ORDIBEHESHT], counts[KHORDAD]) == (home[ORDIBEHESHT], home[KHORDAD]) == (1, 3)


def test_a_first_comment_before_the_range_places_the_article_on_its_start(client, comment):
    article = seeded("004_")
    comment(article, tehran(2, 20), "شما زمانی باید از شکست انحصار صحبت کنید که مردم قدرت انتخاب داشته باشند.")
    # ۲۰ اردیبهشت is before the editor's range: placed on its first day, ۲۸ اردیبهشت, not before it.
    assert index_days(article) == [day(2, 28)]
    assert search("", kind="article", date_from=day(2, 20), date_to=day(2, 27)).total == 0
    assert dates_home(client, article) == [ORDIBEHESHT]
    assert home_counts(client)[ORDIBEHESHT] == dates_counts(client)[ORDIBEHESHT] == 1


def test_without_comments_or_with_later_ones_the_middle_and_the_earliest_comment_cuts(client, comment):
    article = seeded("004_")
    assert article.comments.count() == 0
    assert index_days(article) == [day(3, 6)]  # no comments: the middle
    later = comment(article, tehran(3, 20), "فقط سروش.", position=1)  # after the range's end: no news
    assert index_days(article) == [day(3, 6)]
    assert dates_home(client, article) == [KHORDAD]
    # An earlier comment added afterwards is the first one: the whole article is reindexed and moves.
    earlier = comment(article, tehran(3, 2), "#########نه به تلگرام ###########بله به پیام رسانهای داخلی", position=2)
    assert index_days(article) == [day(2, 30)]
    assert dates_home(client, article) == [ORDIBEHESHT]
    assert home_counts(client)[ORDIBEHESHT] == 1
    # Deleting it puts the article back on its middle, everywhere.
    comment.delete(earlier)
    assert index_days(article) == [day(3, 6)]
    assert dates_home(client, article) == [KHORDAD]
    assert home_counts(client)[ORDIBEHESHT] == 0
    assert later.pk and article.comments.count() == 1
