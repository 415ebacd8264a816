"""Highlights mark exactly the characters the reader sees, whatever spelling matched."""

from __future__ import annotations

import re
from html import unescape

import pytest

from archive.models import Article
from archive.search import get_backend, search
from archive.search.backends import Restrictions
from archive.search.highlight import highlight, snippet
from archive.search.query import parse_query

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
# Every spelling of the compound in the display text, joined, with ZWNJ or spaced, with any suffix glued on
# (`پیامرسانهای`, `پیام رسانهای`); a suffix after a space (`پیام رسان های`) is a word of its own.
_COMPOUND = re.compile(r"پیام[\u200c ]?رسان[\w\u200c]*")


def marked_spans(html: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text of highlighted HTML and the (start, end) of each <mark> in it."""
    text, spans, cursor = [], [], 0
    for piece in re.split(r"(<mark>.*?</mark>)", html, flags=re.S):
        inner = _MARK.fullmatch(piece)
        plain = unescape(inner.group(1) if inner else piece)
        if inner:
            spans.append((cursor, cursor + len(plain)))
        text.append(plain)
        cursor += len(plain)
    return "".join(text), spans


@pytest.mark.usefixtures("indexed")
def test_every_spelling_of_the_compound_is_marked_exactly_in_002():
    article = Article.objects.get(source_file__startswith="002_")
    # The terms the search itself matched with: what every snippet and highlighted paragraph marks.
    terms = get_backend().search(parse_query("پیام‌رسان"), Restrictions(), limit=1).terms
    texts = [article.kicker, article.title, article.lead, *(p.text for p in article.paragraphs.all())]
    texts += [c.body for c in article.comments.all()]
    checked = 0
    for text in texts:
        html = highlight(text, terms)
        plain, spans = marked_spans(html)
        assert plain == text  # nothing added, nothing lost
        expected = [m.span() for m in _COMPOUND.finditer(text)]
        assert spans == expected, f"in {text!r}"
        checked += len(expected)
    assert checked >= 10  # the page writes it joined, with ZWNJ and spaced, many times


@pytest.mark.usefixtures("indexed")
def test_search_snippets_mark_the_same_spans():
    results = search("پیام‌رسان", per_page=100)
    assert results.hits
    for hit in results.hits:
        plain, spans = marked_spans(hit.snippet.strip("…"))
        assert spans, hit
        for start, end in spans:
            assert _COMPOUND.fullmatch(plain[start:end]), plain[start:end]


def test_highlight_escapes_everything_but_the_marks():
    html = highlight("<b>تلگرام</b> & «تلگرام»", {"تلگرام"})
    assert html == "&lt;b&gt;<mark>تلگرام</mark>&lt;/b&gt; &amp; «<mark>تلگرام</mark>»"


def test_marks_follow_folding_stems_and_digits():
    assert highlight("۲۶ میلیون کاربر", {"26"}) == "<mark>۲۶</mark> میلیون کاربر"
    assert highlight("مرگ بر تلگرام اسراییلی", {"اسراییلی"}) == "مرگ بر تلگرام <mark>اسراییلی</mark>"
    assert highlight("کاربران و کاربر", {"کاربر"}) == "<mark>کاربران</mark> و <mark>کاربر</mark>"
    assert highlight("فیلتر شکن", {"فیلترشکن"}) == "<mark>فیلتر شکن</mark>"


def test_snippet_is_a_window_around_the_matches():
    text = "آغاز " + "واژه " * 100 + "تلگرام پایان " + "واژه " * 100
    html = snippet(text, {"تلگرام"}, size=120)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>تلگرام</mark>" in html
    assert len(unescape(re.sub("</?mark>", "", html))) <= 124
