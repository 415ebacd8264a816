"""Searches by relevance evaluated a posting block at a time give what Whoosh's own collector gives.

The oracle is the same backend with `block_evaluation` off. The corpus is large enough that common words span
several posting blocks (Whoosh writes 128 postings a block), and it has several segments and deleted
documents, as a live index does after edits. Its sentences are the seed pages' own lines, defects and all.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest

from archive.search.backends.base import Restrictions
from archive.search.backends.whoosh import WhooshBackend
from archive.search.documents import SearchDocument
from archive.search.query import parse_query

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
SPEAKERS = ("محمدجواد آذری جهرمی", "عباس آسوشه", "")
OUTLETS = ("خبرگزاری مهر", "باشگاه خبرنگاران جوان", "ایسنا")


def _lines() -> list[str]:
    lines = []
    for page in sorted(SEEDS.glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if sum("\u0600" <= ch <= "\u06ff" for ch in line) >= 12:
                lines.append(line.strip())
    return lines


def _article(article_id: int, lines: list[str], rng: random.Random) -> list[SearchDocument]:
    day = dt.date(2016, 3, 21) + dt.timedelta(days=rng.randrange(900))
    key = day.year * 10000 + day.month * 100 + day.day
    common = {
        "article_id": article_id,
        "outlet": rng.choice(OUTLETS),
        "month": f"{1395 + (day.year - 2016)}-{day.month:02d}",
        "date_start": key if article_id % 7 else None,  # some pages carry no date
        "date_end": key if article_id % 7 else None,
    }
    docs = [SearchDocument(f"a:{article_id}", "article", title=rng.choice(lines), body=rng.choice(lines), **common)]
    docs += [SearchDocument(f"p:{article_id}:{i}", "article", body=rng.choice(lines), **common) for i in range(3)]
    docs.append(SearchDocument(f"c:{article_id}", "comment", body=rng.choice(lines), **common))
    speaker = SPEAKERS[article_id % len(SPEAKERS)]
    if speaker:
        docs.append(SearchDocument(f"s:{article_id}", "statement", body=rng.choice(lines), speaker=speaker,
                                   **common))  # fmt: skip
    return docs


@pytest.fixture(scope="module")
def backend(tmp_path_factory) -> WhooshBackend:
    lines, rng = _lines(), random.Random(1397)
    instance = WhooshBackend(str(tmp_path_factory.mktemp("blocks") / "index"), source=lambda: [])
    instance.rebuild(doc for article_id in range(1, 301) for doc in _article(article_id, lines, rng))
    for article_id in (3, 50, 51, 299):  # new segments, and deleted documents in the first
        instance.replace_article(article_id, _article(article_id, lines, rng))
    instance.delete_article(120)
    yield instance
    instance.close()


QUERIES = [
    "تلگرام",  # in most documents: many blocks per posting list
    "ارتباطات",
    "پیام رسان",  # spaced and joined spellings
    "پیامرسانهای داخلی",
    "وزارت ارتباطات فناوری",
    '"فضای مجازی"',  # phrases: positions read from the blocks, against Whoosh's span matchers
    '"وزارت ارتباطات"',
    '"ارتباطات و فناوری اطلاعات"',
    '"پیام رسان" تلگرام',
    "تلگرام -سرور",  # an excluded word
    "سروش OR بله",
    "کاربران ۲۶",
    "ناموجودترین",
    "",  # no words: every document (browsing a speaker's or an outlet's words)
]
RESTRICTIONS = [
    {},
    {"kinds": ["article", "comment"], "counted_kinds": ["statement"]},  # what the search page asks
    {"speakers": ["عباس آسوشه"]},
    {"outlets": ["خبرگزاری مهر", "ایسنا"], "kinds": ["comment"]},
    {"date_from": dt.date(2017, 1, 1), "date_to": dt.date(2017, 12, 31)},
    {"date_from": dt.date(2030, 1, 1)},  # no document: nothing, not everything
    {"date_to": dt.date(2016, 12, 31), "kinds": ["article", "comment"], "counted_kinds": ["statement"]},
]


def _both(backend: WhooshBackend, q: str, restrict: dict, offset: int = 0, limit: int = 30):
    answers = []
    for block in (True, False):
        backend.block_evaluation = block
        backend.clear_cache()
        answers.append(backend.search(parse_query(q), Restrictions(**restrict), offset=offset, limit=limit))
    backend.block_evaluation = True
    return answers


@pytest.mark.parametrize("restrict", RESTRICTIONS, ids=lambda r: ",".join(sorted(r)) or "none")
@pytest.mark.parametrize("q", QUERIES)
def test_block_evaluation_gives_whooshs_answer(backend, q, restrict):
    ours, whooshs = _both(backend, q, restrict)
    assert ours.total == whooshs.total
    assert ours.facets == whooshs.facets
    assert ours.terms == whooshs.terms
    assert [h.doc_id for h in ours.hits] == [h.doc_id for h in whooshs.hits]
    assert [h.kind for h in ours.hits] == [h.kind for h in whooshs.hits]
    for mine, theirs in zip(ours.hits, whooshs.hits, strict=True):
        assert math.isclose(mine.score, theirs.score, rel_tol=1e-9)


def test_the_corpus_spans_blocks_segments_and_deletions(backend):
    searcher = backend.searcher()
    assert len(searcher.reader().leaf_readers()) > 1
    assert any(leaf.has_deletions() for leaf, _ in searcher.reader().leaf_readers())
    assert max(searcher.doc_frequency("body", "تلگرام"), searcher.doc_frequency("title", "تلگرام")) > 128


def test_a_later_page_continues_the_same_order(backend):
    ours, whooshs = _both(backend, "تلگرام", {}, offset=40, limit=20)
    assert ours.hits and [h.doc_id for h in ours.hits] == [h.doc_id for h in whooshs.hits]


def test_a_date_range_no_document_falls_in_finds_nothing_in_date_order_too(backend):
    found = backend.search(parse_query("تلگرام"), Restrictions(date_from=dt.date(2030, 1, 1)), sort="date")
    assert found.total == 0 and found.hits == []
