"""Highlighting: `<mark>` exactly the characters of the display text whose terms the query matched.

The display text is analyzed again with the index's own analyzer (`matching_spans`), so a match found through a
fold, a stem, a ZWNJ part or a join marks the very characters the reader sees: `پیامرسانهای` whole, and
`پیام رسان` across its space. Everything else is HTML-escaped: these snippets are the only trusted HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape

from archive.search.analysis import matching_spans

SNIPPET_CHARS = 240
_ELLIPSIS = "…"


# (text, terms) whose matches are kept: a hit's text is read for its head part, then for its snippet.
MATCHES_CACHE_SIZE = 1024  # each holds a few ranges (the text itself is the hit's)


@lru_cache(maxsize=MATCHES_CACHE_SIZE)
def _matches(text: str, wanted: frozenset[str]) -> tuple[tuple[int, int], ...]:
    ranges = sorted((s.start, s.end) for s in matching_spans(text, wanted))
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) character ranges of `text` that match any of the search-form `terms`."""
    wanted = frozenset(terms)
    if not wanted or not text:
        return []
    return list(_matches(text, wanted))


def _marked(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, cursor = [], lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(escape(text[cursor:start], quote=False))
        out.append(f"<mark>{escape(text[start:end], quote=False)}</mark>")
        cursor = end
    out.append(escape(text[cursor:hi], quote=False))
    return "".join(out)


def highlight(text: str, terms: Iterable[str]) -> str:
    """The whole text, escaped, with every match marked."""
    return _marked(text, match_spans(text, terms), 0, len(text))


def _word_boundary(text: str, index: int, forward: bool) -> int:
    """Move `index` to the nearest space so a snippet does not cut a word in half."""
    step = 1 if forward else -1
    limit = len(text) if forward else 0
    probe = index
    for _ in range(30):
        if probe == limit or text[probe - (0 if forward else 1)].isspace():
            return probe
        probe += step
    return index


def snippet(text: str, terms: Iterable[str], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters around the densest run of matches, escaped and marked, with … at cut ends."""
    spans = match_spans(text, terms)
    if len(text) <= size:
        return _marked(text, spans, 0, len(text))
    if spans:
        # The window that holds the most matches, starting a little before the first of them.
        best_start, best_count = spans[0][0], 0
        for start, _ in spans:
            count = sum(1 for s, e in spans if s >= start and e <= start + size)
            if count > best_count:
                best_start, best_count = start, count
        lo = max(0, best_start - size // 4)
    else:
        lo = 0
    hi = min(len(text), lo + size)
    lo = max(0, hi - size)
    if lo > 0:
        lo = _word_boundary(text, lo, forward=True)
    if hi < len(text):
        hi = _word_boundary(text, hi, forward=False)
    body = _marked(text, spans, lo, hi).strip()
    return f"{_ELLIPSIS if lo > 0 else ''}{body}{_ELLIPSIS if hi < len(text) else ''}"
