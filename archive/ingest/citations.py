"""Who published a page and whom it cites, read from its own words and matched to known outlets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from archive.ingest import lexicon
from archive.ingest.page import SourceRef
from archive.persian import fold


@dataclass(frozen=True)
class KnownOutlet:
    name: str
    aliases: tuple[str, ...] = ()


class OutletMatcher:
    """Finds known outlets in a phrase, whatever the spelling, spacing or ZWNJ (`اسپاداناخبر` = `خبر اسپادانا`)."""

    def __init__(self, outlets: Iterable[KnownOutlet]) -> None:
        self._by_key: dict[str, str] = {}
        for outlet in outlets:
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

    def find(self, phrase: str, at_start: bool = False) -> str | None:
        """The known outlet named in `phrase` (the longest match; only at its start if `at_start`)."""
        words = self._words(phrase)
        best: tuple[int, str] | None = None
        starts = [0] if at_start else range(len(words))
        for i in starts:
            for j in range(min(len(words), i + self._max_words + 2), i, -1):
                name = self._by_key.get("".join(words[i:j]))
                if name and (best is None or j - i > best[0]):
                    best = (j - i, name)
                    break
        return best[1] if best else None


def _phrase_after(text: str, position: int, max_words: int = 8) -> str:
    end = lexicon.PHRASE_END.search(text, position)
    phrase = text[position : end.start() if end else len(text)]
    return " ".join(phrase.split()[:max_words])


def find_publisher(
    matcher: OutletMatcher, print_header: str | None, lead: str, texts: list[str]
) -> tuple[str | None, bool]:
    """(outlet name, known?) from a print header, a dateline opening the lead, or the first "به گزارش X"."""
    if print_header:
        return (matcher.find(print_header) or print_header, matcher.find(print_header) is not None)
    for text in [lead, *texts[:1]]:
        dateline = lexicon.DATELINE.match(text or "")
        if dateline and (name := matcher.find(dateline.group("name"))):
            return name, True
    for text in [lead, *texts]:
        for cue in lexicon.REPORT_CUE.finditer(text or ""):
            phrase = re.split(r"\s+به\s+نقل\s+از\s+", _phrase_after(text, cue.end(), 10))[0]
            if name := matcher.find(phrase):
                return name, True
    return None, False


def find_sources(
    matcher: OutletMatcher, texts: list[str], source_lines: list[str], publisher: str | None
) -> list[SourceRef]:
    """The citation chain: what the page cites ("به نقل از", "منبع:") in order, then where the words were
    said ("در گفتگو با", "در برنامه"). Unknown names are kept only after an explicit citation cue."""
    cites: list[SourceRef] = []
    venues: list[SourceRef] = []
    for text in [*texts, *source_lines]:
        for cue in lexicon.CITE_CUES.finditer(text):
            phrase = _phrase_after(text, cue.end(), 4)
            if not phrase:
                continue
            name = matcher.find(phrase, at_start=True)
            cites.append(SourceRef(name or phrase, "cites", name is not None))
        for cue in lexicon.VENUE_CUES.finditer(text):
            name = matcher.find(_phrase_after(text, cue.end()), at_start=True)
            if name:
                venues.append(SourceRef(name, "venue", True))
    chain: list[SourceRef] = []
    seen = {publisher}
    for ref in cites + venues:
        if ref.name not in seen:
            seen.add(ref.name)
            chain.append(ref)
    return chain
