"""Relevance on the real seed pages: title matches first, each passage once, and who speaks in it."""

from __future__ import annotations

import re

import pytest

from archive.models import Article, Statement
from archive.search import PASSAGE_KINDS, search

pytestmark = pytest.mark.usefixtures("indexed")


def _plain(snippet: str) -> str:
    return re.sub("</?mark>", "", snippet)


# Words taken from each seed's title (as typed by a reader: spaced, joined, without ZWNJ), with the file whose
# title holds them. Each also occurs in other articles' bodies and comments, most many times over.
TITLE_QUERIES = [
    ("ثبت نام", "002"),
    ("پیامرسانهای داخلی", "002"),
    ("شایعه انتقال سرور", "000"),
    ("مدیر سروش", "003"),
    ("امکانات ایران", "004"),
    ("مذاکره مجددی", "001"),
]


@pytest.mark.parametrize(("q", "seed"), TITLE_QUERIES)
def test_the_article_whose_title_holds_the_words_is_the_first_hit(q, seed):
    for kind in (None, "article"):
        first = search(q, kind=kind).hits[0]
        assert first.article.startswith(seed) and first.paragraph is None and first.comment is None, (q, kind)


def test_every_title_holding_the_word_outranks_every_body_match():
    hits = search("تلگرام", per_page=100).hits
    titled = {a.slug for a in Article.objects.all() if "تلگرام" in a.title}
    assert len(titled) >= 3
    heads = [h for h in hits if h.paragraph is None and h.comment is None and h.article in titled]
    assert hits[: len(titled)] == heads and len(heads) == len(titled)


def test_a_word_in_a_title_scores_above_the_same_word_in_a_body():
    """Not only by the tier: the title's own BM25 weight is no longer crushed by Whoosh's average length
    (computed over every document, though only heads have a title), so TITLE_BOOST counts."""
    hits = search("ثبت نام", kind="article").hits
    head = next(h for h in hits if h.paragraph is None)
    assert all(head.score > h.score for h in hits if h is not head)


def test_the_title_tier_keeps_exclusions_and_filters():
    # 003's title holds `وزارت`: its head is excluded, its paragraphs without the word are not.
    hits = search("مدیر سروش -وزارت").hits
    assert hits and not any(h.article.startswith("003") and h.paragraph is None for h in hits)
    assert search("شایعه انتقال سرور", kind="comment").total == 0
    dated = search("تلگرام از:1397-03-01 تا:1397-03-31", per_page=100).hits
    assert dated and not any(h.article.startswith("000") for h in dated)


def test_date_sort_ignores_the_title_tier():
    newest = search("تلگرام", sort="date", per_page=100).hits
    # Comments are posted after their article: newest first, an article's comments come before its own passages,
    # its title match included (a title does not jump the date order).
    commented = {h.article for h in newest if h.kind == "comment"}
    assert commented
    for slug in commented:
        kinds = [h.kind for h in newest if h.article == slug]
        assert kinds.index("article") > max(i for i, k in enumerate(kinds) if k == "comment")


def test_each_quoted_passage_is_listed_once():
    results = search("تلگرام", per_page=100)
    assert results.total == len(results.hits)
    assert {h.kind for h in results.hits} <= set(PASSAGE_KINDS)
    places = [(h.article, h.paragraph, h.comment) for h in results.hits]
    assert len(places) == len(set(places))


def test_the_passage_hit_says_who_speaks_in_it():
    hits = search("تلگرام", per_page=100).hits
    for hit in hits:
        statements = Statement.objects.filter(article__slug=hit.article).order_by("start")
        if hit.comment is not None:
            statements = statements.none()  # a comment's author is no speaker of the archive
        elif hit.paragraph is not None:
            statements = statements.filter(paragraph__position=hit.paragraph)
        else:
            statements = statements.filter(paragraph__isnull=True)
        assert set(hit.speakers) == {s.person.name for s in statements}, hit
        assert hit.to_json()["speakers"] == hit.speakers
    assert sum(bool(h.speakers) for h in hits) >= 5


def test_statements_stay_countable_and_a_speaker_filter_finds_only_their_words():
    default = search("تلگرام")
    by_kind = search("تلگرام", kind="statement")
    assert by_kind.total and default.facets["kind"]["statement"] == by_kind.total
    assert default.facets["kind"]["article"] + default.facets["kind"]["comment"] == default.total
    assert default.facets["speaker"] == by_kind.facets["speaker"]
    assert default.facets["speaker"]["عباس آسوشه"] >= 2

    his = search("گوینده:آسوشه تلگرام", per_page=100)
    assert his.total == default.facets["speaker"]["عباس آسوشه"]
    assert {h.kind for h in his.hits} == {"statement"} and all(h.speakers == ["عباس آسوشه"] for h in his.hits)
    assert his.facets["kind"] == {"statement": his.total}


def test_a_figure_finds_the_passages_that_state_it():
    hits = search("۲۶ میلیون", per_page=100).hits
    assert hits[0].article.startswith("002") and hits[0].paragraph is None  # it is in 002's title
    for hit in hits:
        marked = re.findall("<mark>(.*?)</mark>", hit.snippet)
        # Only the figure's own words are marked (never a neighbour glued to them, as `میلیون آن`).
        assert set(marked) <= {"۲۶", "26", "میلیون"}, (hit, marked)
