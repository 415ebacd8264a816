"""Who published a page and whom it cites, read from its own words and matched to known outlets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from archive.ingest import lexicon
from archive.ingest.page import SourceRef
from archive.persian import fold


@dataclass(frozen=True)
class KnownOutlet:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    found: bool = False  # found in text, not confirmed: its bare aliases are no programme after "در"


class OutletMatcher:
    """Finds known outlets in a phrase, whatever the spelling, spacing or ZWNJ (`اسپاداناخبر` = `خبر اسپادانا`)."""

    def __init__(self, outlets: Iterable[KnownOutlet]) -> None:
        outlets = list(outlets)
        self._by_key: dict[str, str] = {}
        self._programmes: set[str] = set()  # outlets a bare "در X" / "برنامه X" may name
        for outlet in outlets:
            if not outlet.found or outlet.kind in ("tv", "radio"):
                self._programmes.add(outlet.name)
            for name in (outlet.name, *outlet.aliases):
                key = self._joined(name)
                if key:
                    self._by_key.setdefault(key, outlet.name)
        self._max_words = max((len(fold(n).split()) for o in outlets for n in (o.name, *o.aliases)), default=1)

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"[\w.]+", fold(text).lower())

    def _joined(self, text: str) -> str:
        return "".join(self._words(text))

    def find(self, phrase: str, at_start: bool = False, programmes: bool = False) -> str | None:
        """The known outlet named in `phrase` (the longest match; only at its start if `at_start`; only
        outlets a bare "در X" may name if `programmes`)."""
        words = self._words(phrase)
        best: tuple[int, str] | None = None
        starts = [0] if at_start else range(len(words))
        for i in starts:
            for j in range(min(len(words), i + self._max_words + 2), i, -1):
                name = self._by_key.get("".join(words[i:j]))
                if name and programmes and name not in self._programmes:
                    continue
                if name and (best is None or j - i > best[0]):
                    best = (j - i, name)
                    break
        return best[1] if best else None


def _phrase_after(text: str, position: int, max_words: int = 8) -> str:
    end = lexicon.PHRASE_END.search(text, position)
    phrase = text[position : end.start() if end else len(text)]
    return " ".join(phrase.split()[:max_words])


def _folded_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w).replace(" ", "") for w in words)


_CUES = sorted(((fold(c).split(), kind) for c, kind in lexicon.OUTLET_CUE_KINDS.items()), key=lambda c: -len(c[0]))
_REPORTERS = _folded_set(lexicon.REPORTER_WORDS)
_DESKS = _folded_set(lexicon.DESK_WORDS)
_TOPICS = _folded_set(lexicon.DESK_TOPICS)
_STOPS = _folded_set(lexicon.OUTLET_NAME_STOPS)
_NOT_OUTLET = _folded_set(lexicon.NOT_OUTLET_WORDS)
_PREPOSITIONS = _folded_set(["در", "از", "به", "با", "که", "را", "و", "این", "آن", "برای"])
_NEXT_CUE = re.compile(r"\s+(?:به\s+نقل\s+از|به\s+گزارش|در\s+(?:گفتگو|گفت\s?و\s?گو|گفت‌وگو|مصاحبه)\s+با)\s")
_MAX_NAME_WORDS = 3


def _cue_at(words: list[str], i: int) -> tuple[int, str] | None:
    """(how many words, kind) of an outlet cue word ("خبرگزاری", "پایگاه خبری") at words[i]."""
    for cue, kind in _CUES:
        if [w.replace("\u200c", "") for w in words[i : i + len(cue)]] == [c.replace("\u200c", "") for c in cue]:
            return len(cue), kind
    return None


def _looks_like_a_person(word: str) -> bool:
    from archive.attribution.finding import looks_like_given_name

    return looks_like_given_name(word)


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(mark, 0, position) for mark in ".!؟?\n") + 1
    ends = [e for mark in ".!؟?\n" if (e := text.find(mark, position)) >= 0]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


def read_outlet(matcher: OutletMatcher, text: str, position: int) -> SourceRef | None:
    """See `_read_outlet`; the ref carries the sentence it was read from."""
    ref = _read_outlet(matcher, text, position)
    return replace(ref, sentence=_sentence_around(text, position)) if ref else None


def _read_outlet(matcher: OutletMatcher, text: str, position: int) -> SourceRef | None:
    """The outlet named at `position` (right after a cue such as "به گزارش"): a known one in any spelling, or
    a new one read from the words, its kind from the cue word before it ("خبرگزاری X" → agency). The name
    stops at «،» «؛» «:», at the next cue ("به نقل از") and at a preposition or verb; a reporter's desk
    ("خبرنگار گروه فناوری") is skipped, and a person, a pronoun or an office is no outlet."""
    phrase = _phrase_after(text, position, 12)
    following_cue = _NEXT_CUE.search(" " + phrase + " ")
    if following_cue:
        phrase = (" " + phrase)[: following_cue.start()].strip()
    shown = phrase.split()
    words = [fold(w).replace("\u200c", "") for w in shown]
    i = 0
    reporter = False
    while i < len(words) and words[i] in _REPORTERS:
        i, reporter = i + 1, True
    if i < len(words) and words[i] in _DESKS:
        i += 1
        while i < len(words) and words[i] in _TOPICS and not matcher.find(" ".join(shown[i:]), at_start=True):
            i += 1
    rest = " ".join(shown[i:])
    if not rest:
        return None
    cue = _cue_at(words, i)
    if known := matcher.find(rest, at_start=True):
        kind = cue[1] if cue else ""
        return SourceRef(known, "cites", True, kind=kind)
    if cue:
        size, kind = cue
        j = i + size
        if kind == "tv" and words[i] == fold("برنامه") and any(w == fold("رادیو") for w in words[j:]):
            kind = "radio"
        name_end = j
        while name_end < len(words) and name_end - j < _MAX_NAME_WORDS:
            word = words[name_end]
            first = name_end == j
            if word == "و" and not first and name_end + 1 < len(words) and words[name_end + 1] not in _STOPS:
                name_end += 1  # "خبرگزاری صدا و سیما"
                continue
            if (word in _PREPOSITIONS or (not first and word in _STOPS)) or not shown[name_end][0].isalpha():
                break
            name_end += 1
        if name_end == j:
            return None
        bare = " ".join(shown[j:name_end])
        if known := matcher.find(bare, at_start=True):
            return SourceRef(known, "cites", True, kind=kind)
        name = " ".join(shown[i:name_end])
        return SourceRef(name, "cites", False, kind=kind, aliases=(bare,))
    # No cue word: a short name standing alone before a boundary ("به گزارش ایسنا، ...").
    name_end = i
    while name_end < len(words) and name_end - i < _MAX_NAME_WORDS and shown[name_end][0].isalpha():
        # Only a preposition stops the first word ("عصر ایران" is a name, "عصر امروز" is not after a cue).
        if words[name_end] in (_PREPOSITIONS if name_end == i else _STOPS):
            break
        name_end += 1
    if name_end == i or words[i] in _NOT_OUTLET or _looks_like_a_person(words[i]):
        return None
    if reporter and name_end - i > 1:
        return None  # "خبرنگار اعزامی ..." — a reporter's description, not an outlet
    if name_end < len(words) and words[name_end] not in _STOPS:
        return None  # ran past the longest name an outlet has: not a name
    return SourceRef(" ".join(shown[i:name_end]), "cites", False)


def find_publisher(
    matcher: OutletMatcher, print_header: str | None, lead: str, texts: list[str]
) -> tuple[str | None, bool]:
    """(outlet name, known?) from a print header, a dateline opening the lead, or the first "به گزارش X"."""
    ref = publisher_ref(matcher, print_header, lead, texts)
    return (ref.name, ref.known) if ref else (None, False)


def publisher_ref(matcher: OutletMatcher, print_header: str | None, lead: str, texts: list[str]) -> SourceRef | None:
    """The publisher: a print header ("Published on X"), a dateline opening the lead ("X - ", an unknown X only
    with an outlet's cue word or when the page reports from X too: "تهران -" is a city), else the first
    "به گزارش X" of the opening paragraphs (a known outlet anywhere)."""
    if print_header:
        if known := matcher.find(print_header):
            return SourceRef(known, "publisher", True)
        cue = _cue_at([fold(w).replace("\u200c", "") for w in print_header.split()], 0)
        bare = " ".join(print_header.split()[cue[0] :]) if cue else ""
        return SourceRef(
            print_header, "publisher", False, kind=cue[1] if cue else "site", aliases=(bare,) if bare else ()
        )
    reported = [
        ref
        for text in [lead, *texts[:2]]
        for cue in lexicon.REPORT_CUE.finditer(text or "")
        if (ref := read_outlet(matcher, text, cue.end())) is not None
    ]
    for text in [lead, *texts[:1]]:
        dateline = lexicon.DATELINE.match(text or "")
        if not dateline:
            continue
        if name := matcher.find(dateline.group("name")):
            return SourceRef(name, "publisher", True)
        ref = read_outlet(matcher, dateline.group("name") + "،", 0)
        if ref and (ref.kind or any(_same(ref.name, r.name) for r in reported)):
            return replace(ref, relation="publisher", sentence=_sentence_around(text, 0))
    if reported:
        return replace(reported[0], relation="publisher")
    for text in [lead, *texts]:
        for cue in lexicon.REPORT_CUE.finditer(text or ""):
            phrase = re.split(r"\s+به\s+نقل\s+از\s+", _phrase_after(text, cue.end(), 10))[0]
            if name := matcher.find(phrase):
                return SourceRef(name, "publisher", True)
    return None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", fold(a)) == re.sub(r"\s+", "", fold(b))


def find_sources(
    matcher: OutletMatcher, texts: list[str], source_lines: list[str], publisher: str | None
) -> list[SourceRef]:
    """The citation chain: what the page cites ("به نقل از", "منبع:") in order, then where the words were
    said ("در گفتگو با", "در برنامه"). An unknown name counts after a citation cue, and as a venue only with
    an outlet's cue word ("در گفتگو با شبکه خبر"); a bare "در X" is only a programme already known."""
    cites: list[SourceRef] = []
    venues: list[SourceRef] = []
    for text in [*texts, *source_lines]:
        for cue in lexicon.CITE_CUES.finditer(text):
            ref = read_outlet(matcher, text, cue.end())
            if ref is not None:
                cites.append(ref)
        for cue in lexicon.VENUE_CUES.finditer(text):
            explicit = not re.fullmatch(r"(?:در|برنامه)\s+", cue.group())
            if explicit:
                ref = read_outlet(matcher, text, cue.end())
                if ref is not None and (ref.known or ref.kind):
                    venues.append(replace(ref, relation="venue"))
            elif name := matcher.find(_phrase_after(text, cue.end()), at_start=True, programmes=True):
                venues.append(SourceRef(name, "venue", True))
    chain: list[SourceRef] = []
    seen = {_key(publisher)} if publisher else set()
    for ref in cites + venues:
        if _key(ref.name) not in seen:
            seen.add(_key(ref.name))
            chain.append(ref)
    return chain


def _key(name: str) -> str:
    return re.sub(r"\s+", "", fold(name))
