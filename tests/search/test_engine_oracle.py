"""Whoosh and tantivy asked the same queries over the seeded archive: equal totals and facets (hits may differ
only in the order of equal scores); the overlap of their first ten hits is printed."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.search import all_documents
from archive.search.backends import Restrictions
from archive.search.query import parse_query

pytest.importorskip("tantivy")
pytestmark = pytest.mark.django_db

PASSAGES = {"kinds": ["article", "comment"], "counted_kinds": ["statement"]}
QUERIES = [
    ("تلگرام", PASSAGES),
    ("پیام رسان", PASSAGES),
    ("پیام‌رسان‌های داخلی", PASSAGES),
    ('"پیام رسان داخلی"', PASSAGES),
    ("فیلتر شکن", PASSAGES),
    ("فیلترشکن", PASSAGES),
    ("تلگرام -سروش", PASSAGES),
    ("سروش OR بله", PASSAGES),
    ("كاربران", PASSAGES),  # Arabic kaf
    ("۲۶ میلیون", PASSAGES),
    ("وزیر ارتباطات", PASSAGES),
    ("تلگرام", {"kinds": ["statement"]}),
    ("", {"kinds": ["statement"]}),
    ("تلگرام", {"kinds": ["comment"]}),
    ("تلگرام", {**PASSAGES, "date_from": dt.date(2018, 5, 22), "date_to": dt.date(2018, 6, 21)}),
    ("", {**PASSAGES, "date_from": dt.date(2018, 1, 1)}),
    ("!!!", PASSAGES),
    ("ناموجودستان", PASSAGES),
]


@pytest.fixture(scope="module")
def engines(django_db_setup, django_db_blocker, tmp_path_factory):
    from archive.search.backends.tantivy import TantivyBackend
    from archive.search.backends.whoosh import WhooshBackend

    with django_db_blocker.unblock():
        documents = list(all_documents())
    built = {}
    for name, cls in (("whoosh", WhooshBackend), ("tantivy", TantivyBackend)):
        backend = cls(str(tmp_path_factory.mktemp(name) / "index"))
        assert backend.rebuild(documents) == len(documents)
        built[name] = backend
    yield built
    for backend in built.values():
        backend.close()


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize(("q", "restrict"), QUERIES, ids=[q or "(filters)" for q, _ in QUERIES])
def test_whoosh_and_tantivy_agree(engines, q, restrict, sort):
    answers = {
        name: backend.search(parse_query(q), Restrictions(**restrict), sort=sort, limit=200)
        for name, backend in engines.items()
    }
    whoosh, tantivy = answers["whoosh"], answers["tantivy"]
    assert tantivy.total == whoosh.total
    assert tantivy.facets == whoosh.facets
    assert tantivy.terms == whoosh.terms
    assert {h.doc_id for h in tantivy.hits} == {h.doc_id for h in whoosh.hits}  # all hits: the same set
    top_w, top_t = [h.doc_id for h in whoosh.hits[:10]], [h.doc_id for h in tantivy.hits[:10]]
    overlap = len(set(top_w) & set(top_t))
    print(f"{sort:9} {q or '(filters)'!r:32} total {whoosh.total:4}  top-10 overlap {overlap}/{len(top_w)}")
    if sort == "relevance" and q:
        # The title tier is the same rule on both: the same titles come first.
        titles = lambda hits: {h.doc_id for h in hits if h.doc_id.startswith("a:")}  # noqa: E731
        assert titles(tantivy.hits[:3]) & titles(whoosh.hits[:3]) or not titles(whoosh.hits[:3])


def test_both_engines_suggest_from_their_own_vocabulary(engines):
    assert {name: backend.suggest("تلگرم") for name, backend in engines.items()} == {
        "whoosh": "تلگرام",
        "tantivy": "تلگرام",
    }
