"""The one analyzer behind indexing, querying and highlighting.

Every spelling of a word must meet in the index, and every match must be marked on exactly the characters the
reader sees. So analysis works on the display text and each token keeps its character offsets into it:

* **tokens**: runs of letters/digits (with their diacritics), joined across ZWNJ/ZWJ, so `پیام‌رسان‌ها` is one
  token; each is folded with `archive.persian.fold` (one letter form, ASCII digits, lowercase Latin, no ZWNJ).
* **stems** at the same position: hazm's Lemmatizer (conservative, dictionary-backed) on the unfolded word,
  then a guarded suffix stripper for what the dictionary does not know (`پیامرسانهای` → `پیامرسان`). hazm's
  Stemmer is never used: it strips whole words (`تلگرام` → `تلگر`, `پیام` → `پی`). The unstemmed form is always
  indexed too, so an exact spelling scores above a conflated one.
* **ZWNJ parts**: `پیام‌رسان` also yields `پیام` and `رسان` (each with its own offsets), so a search for a part
  finds the compound, as it does when the compound is written spaced.
* **joins** (a separate field): each pair of adjacent words separated only by spaces is also emitted glued,
  spanning both (`پیام رسان` → `پیامرسان`, `فیلتر شکن` → `فیلترشکن`), so the spaced and the joined spelling of a
  compound meet. Joins live in their own field so that they never pollute "did you mean" or word counts.

The spans are engine-neutral (a term, its token position, its characters): each backend feeds them to its
engine in its own way (Whoosh through `backends.whoosh.PersianAnalyzer`, tantivy as pre-tokenized strings).
hazm's Lemmatizer is read once per process, as compact tables (`archive.search.lemmatizer`); how much analysis
each process keeps depends on what it does (`use_cache_sizes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from archive.persian import fold
from archive.search.lemmatizer import CompactLemmatizer
from archive.search.lemmatizer import load as load_lemmatizer

# A word: letters and digits with any diacritics/tatweel/hamza marks inside, continued across ZWNJ/ZWJ.
_WORD_CHAR = r"(?:[^\W_]|[\u0610-\u061A\u064B-\u065F\u0670\u0640\u06D6-\u06ED])"
_WORD = re.compile(rf"{_WORD_CHAR}+(?:[\u200c\u200d]+{_WORD_CHAR}+)*")
_JOINERS = re.compile(r"[\u200c\u200d]+")
# Only plain spacing between two words lets them be read as one compound (never punctuation or a line break).
_SPACING_ONLY = re.compile(r"[ \u00a0\u200c\u200d\u202f]+")
_HAS_DIGIT = re.compile(r"\d")

# Suffixes a Persian word carries, longest first. Plural markers are unambiguous enough to strip from any word
# the dictionary does not know; comparatives when the dictionary knows the adjective; the short endings when
# the dictionary knows what remains (and, for a known word, when at least four letters remain).
_PLURAL_SUFFIXES = ("هایی", "های", "ها")
_COMPARATIVE_SUFFIXES = ("ترین", "تر")
_GUARDED_SUFFIXES = ("یان", "ان", "ات", "ای", "یی", "ی")
# Pieces of a ZWNJ compound that are suffixes, not words of their own: not indexed as parts.
_SUFFIX_PARTS = frozenset(
    {*_PLURAL_SUFFIXES, *_COMPARATIVE_SUFFIXES, *_GUARDED_SUFFIXES, "ام", "اش", "ایم", "اید", "اند", "هاست", "است"}
)
KNOWN_WORD_STEM_FLOOR = 4  # letters a known word must keep when losing ان/ات/ی
MAX_TOKEN_LENGTH = 64  # longer runs are noise (hashes, URLs run together), not words
# How much analysis a process keeps (spellings ~0.5 KB each, glued pairs ~0.3 KB, stems ~0.2 KB). A web worker
# analyses a query and a results page's 20 passages: the serving sizes (about 25 MB full) keep the common words
# of any text. A rebuild or a bulk import analyses the whole archive, where most spellings and pairs recur: the
# bulk sizes (`use_bulk_caches`; 108 MB once full, as they are after 400,000 words of text) pay for themselves.
SERVING_CACHE_SIZES = {"words": 20_000, "joins": 20_000, "stems": 40_000}
BULK_CACHE_SIZES = {"words": 100_000, "joins": 100_000, "stems": 200_000}


@lru_cache(maxsize=1)
def _lemmatizer() -> CompactLemmatizer:
    """hazm's Lemmatizer (its dictionary and verb forms, in compact tables: archive.search.lemmatizer), built
    or read once per process."""
    return load_lemmatizer()


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """hazm's dictionary in search form (ZWNJ dropped, letters folded), to guard the suffix stripper. A word
    folding to itself is kept as the dictionary's own string, not a copy (most do: 20 MB less)."""
    folded = ((word, fold(word)) for word in _lemmatizer().words)
    return frozenset(word if form == word else form for word, form in folded)


def _strip_suffix(folded: str) -> str | None:
    words = lexicon()
    known = folded in words
    for suffix in _PLURAL_SUFFIXES:
        if folded.endswith(suffix):
            rest = folded[: -len(suffix)]
            if len(rest) >= 3 and (not known or rest in words):
                return rest
            break
    # A comparative on a known adjective (`خوبترین`, `بیشتر`): the 3-letter floor keeps `دختر`, `بهتر` whole.
    for suffix in _COMPARATIVE_SUFFIXES:
        if folded.endswith(suffix):
            rest = folded[: -len(suffix)]
            if len(rest) >= 3 and rest in words:
                return rest
            break
    # `ان`, `ات`, `ی` also end words of their own (`باران`, `پایان`, `بازی`, `کشتی`): from a word the dictionary
    # knows, strip them only when a longer known word remains (`دوستان`, `اطلاعات`, `داخلی`, `پیام‌رسانی`).
    floor = KNOWN_WORD_STEM_FLOOR if known else 2
    for suffix in _GUARDED_SUFFIXES:
        if folded.endswith(suffix):
            rest = folded[: -len(suffix)]
            if len(rest) >= floor and rest in words:
                return rest
    return None


def _stems(word: str) -> tuple[str, ...]:
    """Search forms a word also stands for (lemma, stripped suffix), excluding its own folded form."""
    folded = fold(word)
    found: list[str] = []
    if not _HAS_DIGIT.search(folded) and not folded.isascii():
        # The Lemmatizer knows ZWNJ spellings (`پیام‌رسان‌ها`); verbs come back as `past#present`.
        for lemma in _lemmatizer().lemmatize(word).split("#"):
            if lemma == folded:  # most words: the Lemmatizer gives them back (fold would not change them)
                continue
            lemma = fold(lemma)
            if lemma and lemma != folded:
                found.append(lemma)
        stripped = _strip_suffix(folded)
        if stripped:
            found.append(stripped)
            # `پیامرسانهایی` → `پیامرسانها`... one more step at most.
            again = _strip_suffix(stripped)
            if again:
                found.append(again)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Span:
    """One search term found in a display text: the term, its token position, and its characters."""

    text: str
    pos: int
    start: int
    end: int
    exact: bool  # the word's own folded spelling (not a stem, part or join)


Term = tuple[str, int, int, int]  # what an engine indexes: (term, position, start, end)


@dataclass(frozen=True, slots=True)
class _WordTerms:
    """One written word analysed once: its folded form and every term it stands for, offsets relative to it."""

    folded: str
    digits: bool  # a word with a digit never joins its neighbour
    spans: tuple[tuple[str, int, int, bool], ...]  # (term, start, end, exact) in `word_spans` order
    indexed: tuple[tuple[str, int, int], ...]  # each term once, at its first offsets: what an engine indexes
    whole: bool  # indexed is the folded form alone, over the whole word (most words: no stem, no part)


def _analyse_word_afresh(surface: str) -> _WordTerms | None:
    """A word as written (ZWNJ and all) → its terms; None for what is not indexed (empty when folded, too long).

    Kept per spelling: an archive repeats its words (a few thousand spellings make most of any text), so
    indexing pays for folding, stems and ZWNJ parts once per spelling, not once per occurrence."""
    folded = fold(surface)
    if not folded or len(folded) > MAX_TOKEN_LENGTH:
        return None
    length = len(surface)
    spans = [(folded, 0, length, True), *((stem, 0, length, False) for stem in stems(surface))]
    if _JOINERS.search(surface):
        offset = 0
        for piece in _JOINERS.split(surface):
            piece_start = surface.index(piece, offset)
            offset = piece_start + len(piece)
            part = fold(piece)
            if part and part != folded and part not in _SUFFIX_PARTS:
                spans.append((part, piece_start, offset, False))
                spans.extend((stem, piece_start, offset, False) for stem in stems(piece))
    indexed: dict[str, tuple[str, int, int]] = {}
    for term, start, end, _ in spans:
        indexed.setdefault(term, (term, start, end))
    kept = tuple(indexed.values())
    whole = kept == ((folded, 0, length),)
    return _WordTerms(folded, bool(_HAS_DIGIT.search(folded)), tuple(spans), kept, whole)


def _walk(text: str) -> Iterator[tuple[int, int, int, _WordTerms, _WordTerms | None, int]]:
    """Each indexed word of the text in order: (position, start, end, its terms, the word before when the two
    join — None when they do not: punctuation, a line break or a digit between —, where that word starts).
    The join's terms are the caller's to ask for (`_join_terms`): a highlight asks only for those that can
    match (`matching_spans`)."""
    pos = -1
    before: _WordTerms | None = None
    before_start = before_end = 0
    analyse, spacing = _analyse_word, _SPACING_ONLY.fullmatch
    for match in _WORD.finditer(text):
        analysed = analyse(match.group())
        if analysed is None:
            continue
        pos += 1
        start, end = match.span()
        joins = None
        if before is not None and not (before.digits or analysed.digits):
            gap = text[before_end:start]
            if gap == " " or spacing(gap):
                joins = before
        yield pos, start, end, analysed, joins, before_start
        before, before_start, before_end = analysed, start, end


def _join_terms_afresh(first: str, second: str) -> tuple[str, ...]:
    """Two adjacent words (folded) glued into one term, and that compound's stems. Kept per pair: a text's
    common pairs (`پیام رسان`, `فضای مجازی`) recur across an archive, and each costs the lemmatizer once."""
    joined = first + second
    if len(joined) > MAX_TOKEN_LENGTH:
        return ()
    # A stem no longer than the first word means the second was all suffix (`میلیون آن` → `میلیونان` →
    # `میلیون`): no compound, and the first word is already indexed on its own.
    return (joined, *(stem for stem in _stems(joined) if len(stem) > len(first)))


def use_cache_sizes(sizes: dict[str, int]) -> None:
    """Keep this many spellings ("words"), glued pairs ("joins") and stems ("stems") from now on (what was kept
    is dropped). Stems are kept per spelling: words repeat. Glued pairs are kept apart (`_join_terms`): most
    pairs are seen once, and mixed in with the words they would push them out."""
    global _analyse_word, _join_terms, stems
    wanted = (sizes["words"], sizes["joins"], sizes["stems"])
    kept = [globals().get(name) for name in ("_analyse_word", "_join_terms", "stems")]
    if None not in kept and tuple(f.cache_parameters()["maxsize"] for f in kept) == wanted:
        return
    stems = lru_cache(maxsize=sizes["stems"])(_stems)
    stems.__doc__ = _stems.__doc__
    _analyse_word = lru_cache(maxsize=sizes["words"])(_analyse_word_afresh)
    _join_terms = lru_cache(maxsize=sizes["joins"])(_join_terms_afresh)


def use_bulk_caches() -> None:
    """The larger caches, for a process that analyses a whole archive (a rebuild, a bulk import)."""
    use_cache_sizes(BULK_CACHE_SIZES)


use_cache_sizes(SERVING_CACHE_SIZES)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) for each word of the display text."""
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded and len(folded) <= MAX_TOKEN_LENGTH:
            yield match.start(), match.end(), folded


def word_spans(text: str) -> Iterator[Span]:
    """Every word with its stems and ZWNJ parts, at the word's position (the `body`/`title` field terms)."""
    for pos, start, _end, analysed, _before, _ in _walk(text):
        for term, s, e, exact in analysed.spans:
            yield Span(term, pos, start + s, start + e, exact)


def join_spans(text: str) -> Iterator[Span]:
    """Adjacent word pairs glued into one term (the `*_joined` field terms), at the first word's position."""
    for pos, _start, end, analysed, before, join_start in _walk(text):
        if before is not None:
            for term in _join_terms(before.folded, analysed.folded):
                yield Span(term, pos - 1, join_start, end, False)


def _by_place(span: Span) -> tuple[int, int]:
    return span.start, -span.end


def all_spans(text: str) -> list[Span]:
    """Word and join terms together, in text order: what a highlight is matched against."""
    return sorted([*word_spans(text), *join_spans(text)], key=_by_place)


@lru_cache(maxsize=1)
def _verb_stems() -> frozenset[str]:
    """Every past and present stem a glued verb form is lemmatized to, in search form."""
    return frozenset(fold(stem) for lemma in _lemmatizer().lemmas for stem in lemma.split("#") if stem)


@lru_cache(maxsize=256)
def _pair_test(wanted: frozenset[str]) -> tuple[frozenset[str], bool]:
    """For `matching_spans`: every beginning of a wanted term but the whole (what a pair's first word must be
    to give it), and whether any wanted term is a verb's stem. Once per query, not once per passage."""
    heads = frozenset(term[:cut] for term in wanted for cut in range(1, len(term)))
    return heads, not wanted.isdisjoint(_verb_stems())


def matching_spans(text: str, wanted: frozenset[str]) -> list[Span]:
    """`all_spans(text)` with only the spans whose term is in `wanted`, in the same order, without analysing
    what cannot match: a word's terms are kept per spelling, and a glued pair is analysed only when it can
    give a wanted term. Every join term but a verb's stems is the pair itself or the pair with a suffix cut
    (`_join_terms`), longer than its first word: a wanted term the pair can give begins with that first
    word and is longer (`heads` holds every such first word). A verb's stems are asked for only when one is
    wanted. A results page's passages are new text (most of their pairs seen for the first time): analysing
    all of them was most of a page's highlighting, and testing each for a verb form most of what was left."""
    if not wanted:
        return []
    heads, verbs_wanted = _pair_test(wanted)
    verb = _lemmatizer().verb if verbs_wanted else None
    found: list[Span] = []
    for pos, start, end, analysed, before, join_start in _walk(text):
        for term, s, e, exact in analysed.spans:
            if term in wanted:
                found.append(Span(term, pos, start + s, start + e, exact))
        if before is not None and (
            before.folded in heads or (verb is not None and verb(before.folded + analysed.folded) is not None)
        ):
            found.extend(
                Span(term, pos - 1, join_start, end, False)
                for term in _join_terms(before.folded, analysed.folded)
                if term in wanted
            )
    found.sort(key=_by_place)
    return found


def query_terms(word: str) -> tuple[str, ...]:
    """The terms one query word matches: its folded form first (scored higher), then its stems."""
    folded = fold(word)
    return (folded, *stems(word)) if folded else ()


@dataclass(slots=True)
class Columns:
    """`index_terms` as columns: the i-th term, its position and characters at index i of each list."""

    terms: list[str]
    positions: list[int]
    starts: list[int]
    ends: list[int]
    join_terms: list[str]
    join_positions: list[int]
    join_starts: list[int]
    join_ends: list[int]


def index_columns(text: str) -> Columns:
    """What any engine indexes for a text, in one pass, as columns: its word terms (`word_spans`) and its join
    terms (`join_spans`), in position order, each (term, position) once. A rebuild analyses every word of the
    archive here (1.2 million words for 2,000 articles): the one-term word, most of any text, is appended
    without a loop."""
    cols = Columns([], [], [], [], [], [], [], [])
    terms, positions, starts, ends = cols.terms, cols.positions, cols.starts, cols.ends
    for pos, start, end, analysed, before, join_start in _walk(text):
        if analysed.whole:
            terms.append(analysed.folded)
            positions.append(pos)
            starts.append(start)
            ends.append(end)
        else:
            for term, s, e in analysed.indexed:
                terms.append(term)
                positions.append(pos)
                starts.append(start + s)
                ends.append(start + e)
        if before is not None:
            joined = _join_terms(before.folded, analysed.folded)
            if joined:
                count = len(joined)
                cols.join_terms.extend(joined)
                cols.join_positions.extend([pos - 1] * count)
                cols.join_starts.extend([join_start] * count)
                cols.join_ends.extend([end] * count)
    return cols


def index_terms(text: str) -> tuple[list[Term], list[Term]]:
    """`index_columns` as (term, position, start, end) tuples — the form pre-tokenized input wants: the word
    terms, then the join terms."""
    cols = index_columns(text)
    return (
        list(zip(cols.terms, cols.positions, cols.starts, cols.ends, strict=True)),
        list(zip(cols.join_terms, cols.join_positions, cols.join_starts, cols.join_ends, strict=True)),
    )


def index_tokens(text: str, joins: bool = False) -> list[Term]:
    """`index_terms` of one field: the word terms, or the join terms with `joins`."""
    return index_terms(text)[1 if joins else 0]
