"""An external yardstick: Lucene's Persian/Arabic analysis test cases run against our analyzer.

Lucene reduces each input to one term; we index several terms per word (the exact form, stems, ZWNJ parts,
glued pairs), so "agree" here means what a reader notices: a search for Lucene's expected term finds the
input (and, for spelling variants, the two spellings are one search form). Cases where we deliberately differ
are listed in DISAGREEMENTS with the reason; the test checks that we really still differ there, so the list
cannot go stale.
"""

from __future__ import annotations

import pytest

from archive.persian import fold
from archive.search.analysis import all_spans, query_terms
from tests.search.lucene_cases import ANALYZER, NORMALIZATION, STEMS

# Differences everywhere, not tied to a case:
# * Lucene folds to Arabic ي/ك; we fold to Persian ی/ک (the letters our readers type and see). The expected
#   values are folded to our form before comparing, so this is not counted as a disagreement.
# * Lucene drops stopwords and auxiliaries (`است`, `می`, `the`); we keep them as terms: BM25 already gives
#   frequent words little weight, and a reader must be able to search a phrase such as "خواهد شد". So we
#   check that the expected terms are among ours, not that they are all of ours.

# Case by case, input -> why our behaviour serves readers better. Empty since the stemmer learnt to strip
# ان/ات/ی from dictionary words when at least four known letters remain (دوستان, جامدات, شادمانی), which still
# keeps باران (rain) from becoming بار (load) and بازی from becoming باز.
DISAGREEMENTS: dict[str, str] = {}


def doc_terms(text: str) -> set[str]:
    """Every term the index holds for a text (word fields and glued pairs)."""
    return {span.text for span in all_spans(text)}


def finds(query: str, text: str) -> bool:
    """Does a one-word search for `query` match a document containing `text`?"""
    return bool(set(query_terms(query)) & doc_terms(text))


@pytest.mark.parametrize(("given", "expected", "source"), NORMALIZATION, ids=[c[2] for c in NORMALIZATION])
def test_normalization_spellings_meet(given: str, expected: str, source: str):
    assert fold(given) == fold(expected)
    assert fold(expected) in doc_terms(given)


@pytest.mark.parametrize(("given", "expected", "source"), STEMS, ids=[c[2] for c in STEMS])
def test_stems(given: str, expected: str, source: str):
    agrees = finds(expected, given) and finds(given, expected)
    if given in DISAGREEMENTS:
        assert not agrees, f"we now agree with Lucene on {given!r}: drop it from DISAGREEMENTS"
        return
    assert agrees, f"{source}: {given!r} and {expected!r} should find each other"


def test_a_word_that_should_not_be_stemmed_keeps_one_term():
    assert doc_terms("کباب") == {"کباب"}


@pytest.mark.parametrize(("given", "expected", "source"), ANALYZER, ids=[f"{c[2]}-{c[0]}" for c in ANALYZER])
def test_analyzer_behaviour(given: str, expected: list[str], source: str):
    terms = doc_terms(given)
    missing = [word for word in expected if not set(query_terms(word)) & terms]
    assert not missing, f"{source}: searching {missing} does not find {given!r} (terms: {sorted(terms)})"


def test_disagreements_are_real_cases():
    assert set(DISAGREEMENTS) <= {case[0] for case in STEMS}
