"""What hazm's dictionaries know about a written Persian word, read once per process for the display policy.

`archive.persian` restores the half-space (ZWNJ) an editor types inside a joined word, and only where this
lexicon is sure. Everything here comes from hazm's own data files (its word list with frequencies and parts of
speech, its verb list and the Lemmatizer's conjugations); nothing names a page or a site.

* **entries**: every word of `words.dat`, with its highest frequency and whether it is *annotated* (carries a
  part of speech). About 158,000 of the 193,000 entries are unannotated corpus spellings (`میکند`,
  `نشاندهنده`, `کردهاند`): they prove a spelling occurs, not that it is the editor's.
* **compounds**: the word list's ZWNJ spellings (`پیام‌رسان`, `نشان‌دهنده`, `کسب‌وکار`, `اشاره‌شده`), keyed by
  their letters without ZWNJ. A compound whose joined spelling is itself an annotated entry is left out: the
  dictionary accepts both (`پاسخنامه`, `سختگیر`), or the joined one is another word (`بهروز` is a name).
* **conjugations**: the Lemmatizer's inflected verbs with a ZWNJ (`می‌کند`, `کرده‌اند`, `نمی‌شوند`), by their
  joined letters.
* **present / past stems** from `verbs.dat`, for the «می»/«نمی» forms the Lemmatizer does not conjugate
  (`نمی‌توان`, and the colloquial `می‌شه` of reader comments).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ZWNJ = "\u200c"


@dataclass(frozen=True, slots=True)
class Entry:
    frequency: int
    annotated: bool  # has a part of speech in words.dat (the rest are raw corpus spellings)
    adjective: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: dict[str, Entry]
    compounds: dict[str, str]  # letters without ZWNJ → the dictionary's ZWNJ spelling
    conjugations: dict[str, str]  # letters without ZWNJ → the conjugated verb with its ZWNJ
    present_stems: frozenset[str]
    past_stems: frozenset[str]
    stopwords: frozenset[str]
    light_verb_forms: frozenset[str]  # شده، شد، کرده، می‌شود ...: the verb of a compound verb, never glued to its noun

    def entry(self, word: str) -> Entry | None:
        return self.entries.get(word)

    def annotated(self, word: str) -> bool:
        found = self.entries.get(word)
        return bool(found and found.annotated)


# First parts of dictionary compounds that a joined word is not split on: `به` begins names (`بهنام`, `بهزاد`)
# and is a preposition (`به‌روز` vs `روز به روز`); `آن`/`این` compounds are written joined by convention
# (`آنچنان`, `اینچنین`, like `آنچه`, `اینکه`).
_UNSAFE_COMPOUND_HEADS = frozenset({"به", "آن", "این"})
# The light verbs of Persian compound verbs (شدن، کردن، گشتن، گردیدن، نمودن), as the Lemmatizer names them.
_LIGHT_VERBS = frozenset({"شد#شو", "کرد#کن", "گشت#گرد", "گردید#گرد", "نمود#نما"})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from hazm import Lemmatizer
    from hazm.utils import stopwords_list, verbs_list, words_list

    entries: dict[str, Entry] = {}
    for word, frequency, tags in words_list():
        old = entries.get(word) or Entry(0, False, False)
        entries[word] = Entry(
            max(frequency, old.frequency), old.annotated or tags != ("0",), old.adjective or "AJ" in tags
        )

    compounds: dict[str, tuple[int, str]] = {}
    for word, entry in entries.items():
        if ZWNJ not in word or word.startswith(ZWNJ) or word.endswith(ZWNJ):
            continue
        letters = word.replace(ZWNJ, "")
        if word.split(ZWNJ, 1)[0] in _UNSAFE_COMPOUND_HEADS or (letters in entries and entries[letters].annotated):
            continue
        rank = (int(entry.annotated) << 40) + entry.frequency
        if letters not in compounds or rank > compounds[letters][0]:
            compounds[letters] = (rank, word)

    conjugations: dict[str, str] = {}
    light_verb_forms: set[str] = set()
    for form, lemma in Lemmatizer().verbs.items():
        if "_" in form or " " in form:
            continue
        if ZWNJ in form:
            conjugations.setdefault(form.replace(ZWNJ, ""), form)
        if lemma in _LIGHT_VERBS:
            light_verb_forms.add(form)

    present: set[str] = set()
    past: set[str] = set()
    for line in verbs_list():
        past_stem, _, present_stem = line.partition("#")
        if past_stem:
            past.add(past_stem)
        if present_stem:
            present.add(present_stem)

    return Lexicon(
        entries=entries,
        compounds={letters: word for letters, (_, word) in compounds.items()},
        conjugations=conjugations,
        present_stems=frozenset(present),
        past_stems=frozenset(past),
        stopwords=frozenset(w for w in stopwords_list() if ZWNJ not in w and "_" not in w),
        light_verb_forms=frozenset(light_verb_forms),
    )
