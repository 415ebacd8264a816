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
hazm objects are built once per process, below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from archive.persian import fold

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


@lru_cache(maxsize=1)
def _lemmatizer():
    """hazm's Lemmatizer, built once per process (it loads its word and verb lists)."""
    from hazm import Lemmatizer

    return Lemmatizer()


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """hazm's dictionary in search form (ZWNJ dropped, letters folded), to guard the suffix stripper."""
    return frozenset(fold(word) for word in _lemmatizer().words)


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


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """Search forms a word also stands for (lemma, stripped suffix), excluding its own folded form."""
    folded = fold(word)
    found: list[str] = []
    if not _HAS_DIGIT.search(folded) and not folded.isascii():
        # The Lemmatizer knows ZWNJ spellings (`پیام‌رسان‌ها`); verbs come back as `past#present`.
        for lemma in _lemmatizer().lemmatize(word).split("#"):
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


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) for each word of the display text."""
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded and len(folded) <= MAX_TOKEN_LENGTH:
            yield match.start(), match.end(), folded


def word_spans(text: str) -> Iterator[Span]:
    """Every word with its stems and ZWNJ parts, at the word's position (the `body`/`title` field terms)."""
    for pos, (start, end, folded) in enumerate(words(text)):
        yield Span(folded, pos, start, end, True)
        surface = text[start:end]
        for stem in stems(surface):
            yield Span(stem, pos, start, end, False)
        if _JOINERS.search(surface):
            offset = start
            for piece in _JOINERS.split(surface):
                piece_start = text.index(piece, offset)
                offset = piece_start + len(piece)
                part = fold(piece)
                if part and part != folded and part not in _SUFFIX_PARTS:
                    yield Span(part, pos, piece_start, offset, False)
                    for stem in stems(piece):
                        yield Span(stem, pos, piece_start, offset, False)


def join_spans(text: str) -> Iterator[Span]:
    """Adjacent word pairs glued into one term (the `*_joined` field terms), at the first word's position."""
    previous: tuple[int, int, str] | None = None
    for pos, (start, end, folded) in enumerate(words(text)):
        if (
            previous is not None
            and _SPACING_ONLY.fullmatch(text[previous[1] : start])
            and not _HAS_DIGIT.search(previous[2] + folded)
        ):
            joined = previous[2] + folded
            if len(joined) <= MAX_TOKEN_LENGTH:
                yield Span(joined, pos - 1, previous[0], end, False)
                for stem in stems(joined):
                    # A stem no longer than the first word means the second was all suffix (`میلیون آن` →
                    # `میلیونان` → `میلیون`): no compound, and the first word is already indexed on its own.
                    if len(stem) > len(previous[2]):
                        yield Span(stem, pos - 1, previous[0], end, False)
        previous = (start, end, folded)


def all_spans(text: str) -> list[Span]:
    """Word and join terms together, in text order: what a highlight is matched against."""
    return sorted([*word_spans(text), *join_spans(text)], key=lambda s: (s.start, -s.end))


def query_terms(word: str) -> tuple[str, ...]:
    """The terms one query word matches: its folded form first (scored higher), then its stems."""
    folded = fold(word)
    return (folded, *stems(word)) if folded else ()


def index_tokens(text: str, joins: bool = False) -> list[Span]:
    """What any engine indexes for a text: `word_spans` (or `join_spans` with `joins`), in position order, each
    (term, position) once — the form an engine's pre-tokenized input wants."""
    spans = join_spans(text) if joins else word_spans(text)
    seen: set[tuple[str, int]] = set()
    tokens = []
    for span in sorted(spans, key=lambda s: s.pos):
        key = (span.text, span.pos)
        if key not in seen:
            seen.add(key)
            tokens.append(span)
    return tokens
