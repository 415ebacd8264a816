"""The issue's "done when" queries, on the real seed pages (their defects included)."""

from __future__ import annotations

import re

import pytest

from archive.search import search

pytestmark = pytest.mark.usefixtures("indexed")


def all_hits(q: str, **kwargs) -> list:
    """Every hit, page by page."""
    first = search(q, per_page=100, **kwargs)
    hits = list(first.hits)
    for page in range(2, first.pages + 1):
        hits.extend(search(q, per_page=100, page=page, **kwargs).hits)
    assert len(hits) == first.total
    return hits


def articles(q: str, **kwargs) -> set[str]:
    return {hit.article[:3] for hit in all_hits(q, **kwargs)}


def hit_keys(q: str) -> list[tuple]:
    hits = all_hits(q)
    return sorted((h.kind, h.article, h.paragraph if h.paragraph is not None else -1, h.comment or 0) for h in hits)


def test_compound_in_every_spelling_finds_the_same_articles():
    zwnj = articles("پیام‌رسان")
    assert zwnj == {"000", "001", "002", "003", "004"}
    assert articles("پیامرسان") == zwnj
    assert articles("پیام رسان") == zwnj
    assert articles("پيام رسان") == zwnj  # Arabic yeh


def test_compound_spellings_find_the_same_passages():
    assert hit_keys("پیام‌رسان") == hit_keys("پیامرسان") == hit_keys("پيام رسان")


def test_persian_and_latin_digits_give_the_same_hits():
    persian = hit_keys("۲۶ میلیون")
    assert persian
    assert hit_keys("26 میلیون") == persian


def test_hamza_spelling_finds_the_comment_without_it():
    results = search("اسرائیلی", per_page=100)
    marked = {m for h in results.hits if h.kind == "comment" for m in re.findall("<mark>(.*?)</mark>", h.snippet)}
    assert "اسراییلی" in marked  # the commenter's spelling, found and marked


def test_spaced_name_finds_the_joined_one():
    assert "003" in articles("سید صالحی")
    assert articles("سید صالحی") == articles("سیدصالحی")


def test_latin_case_is_folded():
    assert articles("CDN") == articles("cdn") == {"000"}


def test_spaced_compound_finds_the_joined_one():
    results = search("فیلتر شکن", per_page=100)
    assert results.total
    assert any("فیلترشکن" in h.snippet.replace("<mark>", "").replace("</mark>", "") for h in results.hits)


def test_speaker_filter_finds_only_his_article():
    assert articles("گوینده:کوهکن") == {"002"}
    assert articles("speaker:کوهکن") == {"002"}


def test_khordad_1397_excludes_the_1395_article():
    everything = articles("تلگرام")
    assert "000" in everything
    khordad = articles("تلگرام از:1397-03-01 تا:1397-03-31")
    assert "000" not in khordad and khordad
    assert articles("تلگرام از:۱۳۹۷/۰۳/۰۱ تا:۱۳۹۷/۰۳/۳۱") == khordad
    assert articles("تلگرام", date_from="1397-03", date_to="1397-03") == khordad
