"""The analyzer: one search form for every spelling, offsets into the display text, guarded stems."""

from __future__ import annotations

import pickle

import pytest

from archive.search.analysis import all_spans, join_spans, query_terms, stems, word_spans
from archive.search.backends.whoosh import PersianAnalyzer


def terms(text: str) -> set[str]:
    return {span.text for span in all_spans(text)}


@pytest.mark.parametrize("spelling", ["پیام‌رسان", "پیامرسان", "پیام رسان", "پيام رسان"])
def test_compound_spellings_share_a_term(spelling):
    assert "پیامرسان" in terms(spelling)


def test_plural_with_zwnj_meets_joined_plural():
    assert set(query_terms("پیام‌رسان‌ها")) & terms("پیامرسانهای")


@pytest.mark.parametrize(
    ("word", "kept"),
    [("تلگرام", "تلگر"), ("پیام", "پی"), ("اعلام", "اعل"), ("ایران", "ایر"), ("باران", "بار"), ("تنها", "تن")],
)
def test_whole_words_are_not_over_stemmed(word, kept):
    assert kept not in stems(word)
    assert terms(word) == {word}


@pytest.mark.parametrize(
    ("word", "stem"),
    [("کاربران", "کاربر"), ("پیامرسانهای", "پیامرسان"), ("سرورهای", "سرور"), ("مسئولان", "مسیول")],
)
def test_plurals_are_stemmed_and_the_exact_form_kept(word, stem):
    found = terms(word)
    assert stem in found
    assert query_terms(word)[0] == word.replace("ئ", "ی")  # the typed form comes first (it is boosted)


def test_offsets_point_into_the_display_text():
    text = "۲۶ میلیون کاربر در پیامرسانهای داخلی؛ فیلتر شکن، CDN‌ها"
    for span in all_spans(text):
        assert 0 <= span.start < span.end <= len(text)
    by_term = {span.text: text[span.start : span.end] for span in all_spans(text)}
    assert by_term["26"] == "۲۶"
    assert by_term["پیامرسان"] == "پیامرسانهای"
    assert by_term["فیلترشکن"] == "فیلتر شکن"
    assert by_term["cdn"] in {"CDN", "CDN‌ها"}


def test_joins_never_cross_punctuation_or_digits():
    assert {s.text for s in join_spans("فیلتر، شکن")} == set()
    assert {s.text for s in join_spans("۲۶ میلیون")} == set()


def test_zwnj_parts_are_words_but_suffixes_are_not():
    found = {s.text for s in word_spans("پیام‌رسان‌ها")}
    assert {"پیامرسانها", "پیام", "رسان"} <= found
    assert "ها" not in found


def test_diacritics_tatweel_and_arabic_letters_fold():
    assert terms("شخصاً") == {"شخصا"}
    assert terms("روبرـــــت") == {"روبرت"}
    assert query_terms("كتاب") == query_terms("کتاب")


def test_whoosh_analyzer_positions_and_chars():
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in PersianAnalyzer(joins=True)("سید صالحی گفت", positions=True, chars=True)
    ]
    assert ("سیدصالحی", 0, 0, 9) in tokens
    words = [(t.text, t.pos) for t in PersianAnalyzer()("سید صالحی گفت", positions=True)]
    assert ("سید", 0) in words and ("صالحی", 1) in words and ("گفت", 2) in words


def test_the_analyzer_pickles_by_its_import_path():
    # Whoosh stores the analyzer in the index's schema: it must survive a round trip and keep its path.
    restored = pickle.loads(pickle.dumps(PersianAnalyzer(joins=True)))
    assert restored == PersianAnalyzer(joins=True)
    assert type(restored).__module__ == "archive.search.backends.whoosh"
