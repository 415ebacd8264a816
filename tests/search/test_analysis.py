"""The analyzer: one search form for every spelling, offsets into the display text, guarded stems."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.analysis import (
    all_spans,
    index_terms,
    join_spans,
    matching_spans,
    query_terms,
    stems,
    word_spans,
)
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


# Letters, ZWNJ, digits of both sets, Arabic forms, marks, spacing and punctuation: the seeds' defects.
PERSIAN_TEXT = st.lists(
    st.sampled_from([*"پیامرسانهایتلگرمکاربرنویيك۲6aB،؛\n ً ـئ_", "\u200c", "\u200d", "ها", "های", "ترین", "کتاب", " "]),
    max_size=40,
).map("".join)


def _first_of_each(spans) -> list[tuple[str, int, int, int]]:
    kept: dict[tuple[str, int], tuple[str, int, int, int]] = {}
    for span in spans:
        kept.setdefault((span.text, span.pos), (span.text, span.pos, span.start, span.end))
    return sorted(kept.values(), key=lambda term: term[1])


@settings(max_examples=300, deadline=None)
@given(PERSIAN_TEXT)
def test_what_is_indexed_is_what_a_highlight_finds(text):
    # The engines' one-pass path (index_terms, each spelling analysed once) and the highlighter's spans must
    # give the same terms at the same positions and characters, or a match would be marked elsewhere.
    indexed_words, indexed_joins = index_terms(text)
    assert indexed_words == _first_of_each(word_spans(text))
    assert indexed_joins == _first_of_each(join_spans(text))


@settings(max_examples=300, deadline=None)
@given(PERSIAN_TEXT, st.data())
def test_a_highlight_finds_what_all_the_spans_hold(text, data):
    # `matching_spans` skips the glued pairs no wanted term can begin: it must still find every span of
    # `all_spans` whose term is wanted, in the same order, and nothing else.
    spans = all_spans(text)
    own = sorted({span.text for span in spans})
    wanted = frozenset(data.draw(st.lists(st.sampled_from(own), max_size=4)) if own else [])
    wanted |= frozenset(data.draw(st.lists(st.sampled_from(["پیام", "پیامرسان", "کاربر", "ها", "ی"]), max_size=2)))
    assert matching_spans(text, wanted) == [span for span in spans if span.text in wanted]


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("خر اشم", "خراشید"),
        ("شم رد", "شمارد"),
        ("پیام رسانهای", "پیامرسان"),
        ("فضای مجازی", "فضایمجازی"),
        ("ب گویم", "گفت"),
        ("ن رفتم", "رفت"),
    ],
)
def test_a_glued_pair_is_found_by_its_stem_even_when_it_does_not_begin_the_pair(text, lemma):
    # A glued verb form's lemma (`شمرد` → `شمارد`) is no beginning of the pair, and a subjunctive or negative
    # prefix written apart (`ب گویم` → `گفت`) does not even begin the lemma: the pair is analysed anyway.
    joined = [span for span in join_spans(text) if span.text == lemma]
    assert joined
    found = matching_spans(text, frozenset({lemma}))
    assert found == [span for span in all_spans(text) if span.text == lemma]
    assert set(joined) <= set(found)


def test_a_spelling_is_analysed_once_and_repeats_reuse_it():
    text = "پیام‌رسان‌های داخلی و پیام‌رسان‌های خارجی"
    words, joins = index_terms(text)
    first = [(t, s, e) for t, p, s, e in words if p == 0]
    again = [(t, s - 22, e - 22) for t, p, s, e in words if p == 3]
    assert text[22:35] == "پیام‌رسان‌های" and first == again  # the same terms, offsets moved to the second place
    assert ("پیام", 0, 0, 4) in words and ("پیامرسان", 0, 0, 13) in words
    assert ("پیامرسانهایداخلی", 0, 0, 19) in joins
    # A term both stem and ZWNJ part (`کتاب` of `کتاب‌ها`) is indexed once, on the whole word, as it is marked.
    assert [term for term in index_terms("کتاب‌ها")[0] if term[0] == "کتاب"] == [("کتاب", 0, 0, 7)]


def _lemmatizer_test_words() -> tuple[object, list[str]]:
    """hazm's own Lemmatizer, and every word ours can meet: hazm's dictionary, its verb forms, and random runs
    of Persian letters (with ZWNJ, hamza above and Arabic forms: the one-letter suffixes)."""
    import random

    from hazm import Lemmatizer

    hazms = Lemmatizer()
    rng = random.Random(1397)
    letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀٔ\u200cئيكا"
    words = [*hazms.words, *hazms.verbs, "", "ی", "ها", "هایی", "کتابی", "خانۀ", "اندیشه\u200cاش", "است"]
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(50_000)]
    return hazms, words


def test_the_lemmatizers_stemmer_cuts_as_hazms_own():
    # `TailStemmer` looks a suffix up by the word's last letters; hazm's Stemmer tries each in turn.
    from hazm import Stemmer

    from archive.search.lemmatizer import TailStemmer

    hazm_stemmer = Stemmer()
    ours = TailStemmer(hazm_stemmer.ends)
    _, words = _lemmatizer_test_words()
    assert [w for w in words if ours.stem(w) != hazm_stemmer.stem(w)] == []


def test_the_compact_lemmatizer_answers_as_hazms_own(tmp_path, monkeypatch):
    # Built in a child process, cached, read back: every word, verb form and random string gets hazm's lemma.
    from archive.search import lemmatizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = lemmatizer.load()
    assert lemmatizer.cache_path().is_file()
    cached = lemmatizer.load()
    hazms, words = _lemmatizer_test_words()
    assert built.verbs == hazms.verbs and built.words == frozenset(hazms.words)
    assert [w for w in words if cached.lemmatize(w) != hazms.lemmatize(w)] == []
    assert cached.lemmatize("می‌روم") == "رفت#رو" and cached.lemmatize("کتاب‌ها") == "کتاب"


def test_a_damaged_lemma_cache_is_built_again(tmp_path, monkeypatch, caplog):
    from archive.search import lemmatizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = lemmatizer.cache_path()
    path.parent.mkdir(parents=True)
    damaged_tables = [
        b"",
        b"bayegan-lemmas {}\n",
        b"bayegan-lemmas []\n",
        b'bayegan-lemmas {"format": 3, "sizes": 7}\n',
    ]
    for damaged in [*damaged_tables, b"\x00" * 64, b"\xff" * 64, lemmatizer.built_by_hazm()[:-100]]:
        path.write_bytes(damaged)
        assert lemmatizer.load().lemmatize("می‌روم") == "رفت#رو"
        assert lemmatizer.CompactLemmatizer(path.read_bytes()).lemmatize("کتاب‌ها") == "کتاب"  # cached afresh


def test_a_glued_pair_is_analysed_once_and_keeps_its_stems():
    from archive.search.analysis import _join_terms

    _join_terms.cache_clear()
    joins = index_terms("پیام رسانها و پیام رسانها")[1]
    first, again = ([term for term, pos, _, _ in joins if pos == n] for n in (0, 3))
    assert first == again == ["پیامرسانها", "پیامرسان"]
    assert _join_terms.cache_info().hits >= 1  # the second pair came from the cache
    assert _join_terms("میلیون", "ان") == ("میلیونان",)  # the second word all suffix: no compound stem


def test_caches_are_sized_for_serving_until_a_process_analyses_in_bulk():
    from archive.search import analysis

    def sizes() -> dict[str, int]:
        kept = {"words": analysis._analyse_word, "joins": analysis._join_terms, "stems": analysis.stems}
        return {name: f.cache_parameters()["maxsize"] for name, f in kept.items()}

    before = sizes()
    try:
        analysis.use_cache_sizes(analysis.SERVING_CACHE_SIZES)
        assert sizes() == analysis.SERVING_CACHE_SIZES
        served = analysis.index_terms("پیام رسانهای داخلی")
        analysis.use_bulk_caches()
        assert sizes() == analysis.BULK_CACHE_SIZES
        assert analysis.index_terms("پیام رسانهای داخلی") == served  # the same tokens, whatever is kept
        kept = analysis.stems
        analysis.use_bulk_caches()  # again: nothing dropped
        assert analysis.stems is kept
    finally:
        analysis.use_cache_sizes(before)
