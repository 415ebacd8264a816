"""What hazm's dictionaries know about a written Persian word, for the display policy's half-spaces.

`archive.persian` restores the half-space (ZWNJ) an editor types inside a joined word, and only where this
lexicon is sure. Everything here comes from hazm's own data files (its word list with frequencies and parts of
speech, its verb list and the Lemmatizer's conjugations); nothing names a page or a site.

* **words**: every word of `words.dat`, with its frequency and parts of speech; a word is *annotated* when it
  has one. About 158,000 of the 193,000 entries are unannotated corpus spellings (`میکند`,
  `نشاندهنده`, `کردهاند`): they prove a spelling occurs, not that it is the editor's.
* **compounds**: the word list's ZWNJ spellings (`پیام‌رسان`, `نشان‌دهنده`, `کسب‌وکار`, `اشاره‌شده`), keyed by
  their letters without ZWNJ. A compound whose joined spelling is itself an annotated entry is left out: the
  dictionary accepts both (`پاسخنامه`, `سختگیر`), or the joined one is another word (`بهروز` is a name).
* **conjugations**: the inflected verbs with a ZWNJ (`می‌کند`, `کرده‌اند`, `نمی‌شوند`), by their joined letters
  (the Lemmatizer's, as hazm's Normalizer holds them).
* **present / past stems** from `verbs.dat`, for the «می»/«نمی» forms the Lemmatizer does not conjugate
  (`نمی‌توان`, and the colloquial `می‌شه` of reader comments).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ZWNJ = "\u200c"


@dataclass(frozen=True, slots=True)
class Entry:
    frequency: int
    annotated: bool  # has a part of speech in words.dat (the rest are raw corpus spellings)
    adjective: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: Mapping[str, tuple[int, tuple[str, ...]]]  # hazm's word list: word → (frequency, parts of speech)
    compounds: dict[str, str]  # letters without ZWNJ → the dictionary's ZWNJ spelling
    conjugations: dict[str, str]  # letters without ZWNJ → the conjugated verb with its ZWNJ
    present_stems: frozenset[str]
    past_stems: frozenset[str]
    stopwords: frozenset[str]
    light_verb_forms: frozenset[str]  # شده، شد، کرده، می‌شود ...: the verb of a compound verb, never glued to its noun

    def entry(self, word: str) -> Entry | None:
        found = self.words.get(word)
        if found is None:
            return None
        frequency, tags = found
        return Entry(frequency, tags != ("0",), "AJ" in tags)

    def annotated(self, word: str) -> bool:
        found = self.words.get(word)
        return found is not None and found[1] != ("0",)


# First parts of dictionary compounds that a joined word is not split on: `به` begins names (`بهنام`, `بهزاد`)
# and is a preposition (`به‌روز` vs `روز به روز`); `آن`/`این` compounds are written joined by convention
# (`آنچنان`, `اینچنین`, like `آنچه`, `اینکه`).
_UNSAFE_COMPOUND_HEADS = frozenset({"به", "آن", "این"})
# The light verbs of Persian compound verbs: شدن، کردن، گشتن، گردیدن، نمودن (past#present, as verbs.dat has them).
_LIGHT_VERBS = ("شد#شو", "کرد#کن", "گشت#گرد", "گردید#گرد", "نمود#نما")


def build_lexicon(words: Mapping[str, tuple[int, tuple[str, ...]]], verb_forms: Iterable[str]) -> Lexicon:
    """The lexicon from the word list and the conjugated verb forms hazm's Normalizer has already loaded
    (reading them again would double the cost of the first page an importer cleans)."""
    from hazm.lemmatizer import Conjugation
    from hazm.utils import stopwords_list, verbs_list

    compounds: dict[str, tuple[tuple[bool, int], str]] = {}
    for word in [w for w in words if ZWNJ in w]:
        if word.startswith(ZWNJ) or word.endswith(ZWNJ):
            continue
        frequency, tags = words[word]
        letters = word.replace(ZWNJ, "")
        joined = words.get(letters)
        if word.split(ZWNJ, 1)[0] in _UNSAFE_COMPOUND_HEADS or (joined and joined[1] != ("0",)):
            continue
        rank = (tags != ("0",), frequency)
        if letters not in compounds or rank > compounds[letters][0]:
            compounds[letters] = (rank, word)

    with_zwnj = [form for form in verb_forms if ZWNJ in form]
    conjugations = {form.replace(ZWNJ, ""): form for form in with_zwnj if "_" not in form and " " not in form}

    present: set[str] = set()
    past: set[str] = set()
    for line in verbs_list():
        past_stem, _, present_stem = line.partition("#")
        if past_stem:
            past.add(past_stem)
        if present_stem:
            present.add(present_stem)

    conjugate = Conjugation().get_all
    light = {form for verb in _LIGHT_VERBS for form in conjugate(verb) if "_" not in form and " " not in form}

    return Lexicon(
        words=words,
        compounds={letters: word for letters, (_, word) in compounds.items()},
        conjugations=conjugations,
        present_stems=frozenset(present),
        past_stems=frozenset(past),
        stopwords=frozenset(w for w in stopwords_list() if ZWNJ not in w and "_" not in w),
        light_verb_forms=frozenset(light),
    )
