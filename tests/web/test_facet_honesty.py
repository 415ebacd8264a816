"""Counts and order a researcher relies on: every facet link on the search page gives as many results as its
number says, and date order follows each hit's own moment (a comment's posting time, an article's placed day)
in both directions."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from archive.persian import latin_digits

pytestmark = pytest.mark.django_db

QUERIES = [
    "q=تلگرام",
    "q=تلگرام&speaker=asoosheh",
    "q=فیلتر",
    "q=پیام رسان",
    "q=كاربران",  # Arabic kaf, as readers type it
    "q=تلگرام&kind=comment",
    "q=تلگرام&from=1397-03&to=1397-03",
    "q=سروش OR بله",
]
FACET_LINK = re.compile(
    r'<li><a href="(\?[^"]+)"( aria-current="true")?>.*?</a> <span class="count">\(([۰-۹٬]+)(?: گفته)?\)</span></li>'
)


def total(html: str) -> int:
    heading = re.search(r'<h2 id="results-h">([^<]*)', html).group(1)
    found = re.match(r"\s*([۰-۹٬]+) نتیجه", heading)
    return int(latin_digits(found.group(1)).replace("٬", "")) if found else 0


def facet_links(html: str) -> list[tuple[str, int]]:
    """(link, count) of every facet entry but the active ones (whose link takes their filter off)."""
    aside = html[html.index('<aside class="facets"') : html.index("</aside>")]
    return [
        (html_lib.unescape(href), int(latin_digits(n).replace("٬", "")))
        for href, active, n in FACET_LINK.findall(aside)
        if not active
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_every_facet_count_is_what_its_link_gives(client, query):
    page = client.get(f"/search?{query}").content.decode()
    links = facet_links(page)
    assert links, f"{query}: no facets"
    for href, count in links:
        got = total(client.get(f"/search{href}").content.decode())
        assert got == count, f"{query}: facet link {href} says {count}, gives {got}"


def test_the_page_says_when_statements_are_counted_beside_passages(client):
    page = client.get("/search?q=تلگرام").content.decode()
    kinds = dict(
        (label, int(latin_digits(n)))
        for label, n in re.findall(r'kind=\w+">([^<]+)</a> <span class="count">\(([۰-۹]+)\)', page)
    )
    assert sum(kinds.values()) > total(page), "the kind counts include the statements beside the passages"
    assert "جدا از بندها شمرده شده‌اند" in page
    # Passages that hold a statement name its speaker.
    assert re.search(r'<span class="hit-speakers">گفته‌ای از: <a href="/people/', page)


def _moment(hit):
    import datetime as dt

    from archive.jalali import TEHRAN
    from archive.models import Article
    from archive.timeline import first_comment_day, placed_day

    if hit.posted is not None:
        return hit.posted
    article = Article.objects.annotate(first_comment=first_comment_day()).get(slug=hit.article)
    day = placed_day(article.published_start, article.published_end, article.first_comment)
    return dt.datetime.combine(day, dt.time(), TEHRAN)


@pytest.mark.parametrize("q", ["تلگرام", "فیلتر", "سروش OR بله OR تلگرام"])
def test_date_order_is_each_hits_own_moment_both_ways(q):
    from archive.search import search

    newest = search(q, sort="date", per_page=100)
    oldest = search(q, sort="oldest", per_page=100)
    assert newest.total == oldest.total == len(newest.hits) > 5
    newest_moments = [_moment(h) for h in newest.hits]
    oldest_moments = [_moment(h) for h in oldest.hits]
    assert newest_moments == sorted(newest_moments, reverse=True)
    assert oldest_moments == sorted(oldest_moments)
    # Comments posted on one day are told apart by their time (not left in index order).
    comment_times = [h.posted for h in newest.hits if h.posted]
    assert len(set(comment_times)) > len({t.date() for t in comment_times})
    assert sorted(newest_moments) == sorted(oldest_moments)


def test_one_placement_rule_for_timeline_date_archive_and_facets(client):
    """An article dated by a range is counted in one month, the same on the home timeline, /dates/ and the
    search's month facet."""
    from archive.models import Article
    from archive.timeline import best_month, first_comment_day

    ranged = [
        a
        for a in Article.objects.annotate(first_comment=first_comment_day())
        if a.published_end and a.published_end != a.published_start
    ]
    assert ranged
    dates_page = client.get("/dates/").content.decode()
    for article in ranged:
        month = best_month(article.published_start, article.published_end, article.first_comment)
        placed, touching = _month_lists(client, month)
        assert article.slug in placed and article.slug not in touching
    # /dates/ counts each article once: its article counts add up to the archive's articles.
    counts = [int(latin_digits(n)) for n in re.findall(r'<span class="count">([۰-۹]+) خبر', dates_page)]
    assert sum(counts) == Article.objects.exclude(published_start=None).count()


def _month_lists(client, month) -> tuple[str, str]:
    page = client.get(f"/dates/{month.year}/{month.month:02d}/").content.decode()
    placed, _, touching = page.partition('id="m-touching-h"')
    return placed, touching


def _facet_entries(html: str, label: str) -> tuple[list[tuple[str, str, bool]], str | None]:
    """One facet list of the side column: each entry's (link, text, in use), and the link to the whole list."""
    aside = html[html.index('<aside class="facets"') : html.index("</aside>")]
    listed = re.search(rf'<ul aria-label="{label}">(.*?)</ul>', aside).group(1)
    entries = re.findall(r'<li><a href="([^"]*)"( aria-current="true")?>(.*?)</a>', listed)
    more = re.search(r'<li class="more"><a href="([^"]+)">', listed)
    return [(html_lib.unescape(h), text, bool(a)) for h, a, text in entries], html_lib.unescape(
        more.group(1)
    ) if more else None


def test_a_long_facet_shows_its_first_entries_the_one_in_use_and_a_link_to_the_rest(client, monkeypatch):
    from archive import views

    def page(query: str) -> str:
        return client.get(f"/search?{query}").content.decode()

    monkeypatch.setattr(views, "FACET_SHOWN", 1)
    whole, no_more = _facet_entries(page("q=تلگرام&more=month"), "ماه")
    assert len(whole) > 1 and no_more is None
    first, more = _facet_entries(page("q=تلگرام"), "ماه")
    assert first == whole[:1]
    assert more is not None and "more=month" in more and "q=" in more  # the query kept, the whole list asked
    assert _facet_entries(client.get(f"/search{more}").content.decode(), "ماه")[0] == whole
    # The month in use is listed, its link taking the filter off.
    last_link, last_month, _ = whole[-1]
    shown, _ = _facet_entries(client.get(f"/search{last_link}").content.decode(), "ماه")
    assert (last_month, True) in [(text, active) for _, text, active in shown]
    # Any other `more` is ignored, never an error.
    assert _facet_entries(page("q=تلگرام&more=<script>"), "ماه")[0] == first
