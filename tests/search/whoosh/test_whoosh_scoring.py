"""The Whoosh backend's own scoring shortcuts give exactly Whoosh's scores (the contract suite checks results)."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive.search.backends.whoosh import EXACT_BOOST, BoostedTerm, WhooshBackend
from archive.search.plan import Word
from tests.search.test_backend_contract import CORPUS


@pytest.fixture
def backend(tmp_path) -> WhooshBackend:
    instance = WhooshBackend(str(tmp_path / "index"), source=lambda: [])
    instance.rebuild(doc for docs in CORPUS.values() for doc in docs)
    return instance


@pytest.mark.parametrize("word", ["تلگرام", "پیامرسان", "سرور", "کاربران"])
def test_a_boosted_term_scores_as_whooshs_wrapped_one(backend, word):
    searcher = backend.searcher()

    def scores(term_class) -> dict[str, float]:
        query = wq.Or([term_class(field, word, boost=EXACT_BOOST) for field in ("title", "body")]
                      + [term_class("body", word, boost=1.0)])  # fmt: skip
        return {hit["doc_id"]: hit.score for hit in searcher.search(query, limit=None)}

    ours, whooshs = scores(BoostedTerm), scores(wq.Term)
    assert whooshs, word
    assert ours == whooshs  # the very same floats, not merely the same order


def test_an_absent_word_needs_no_matcher(backend):
    assert backend._node_query(Word(("ناموجودترین",))) is wq.NullQuery
