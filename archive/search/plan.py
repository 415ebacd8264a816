"""The search plan: the product's search rules, decided once, for any engine to translate.

From a parsed query, the resolved restrictions and a look at the index's vocabulary (which spellings it holds),
`build_plan` decides everything a search means, and a backend only translates it:

* each typed word becomes a `Word`: its exact search form (scored above the rest) and its stems, to be looked
  for in the word fields and the join fields of the title and the body;
* a quoted passage, or a word of several tokens (`CDN‌-ها`), becomes a `Phrase`: its spellings (as typed, one
  adjacent pair glued, one word split in two, where the index holds that spelling), each a sequence of positions
  with the terms any of which may stand there, looked for in the word fields only;
* two plain words in a row that the index knows glued (`فیلتر شکن` / `فیلترشکن`) match either spelling;
* groups are ANDed, a group's clauses ORed; excluded clauses are planned the same way and mask the matches;
* the title tier: the same positive tree in the title fields alone ranks first in relevance order;
* kinds: the kinds searched, and the kinds counted in the facets without being listed (the statements behind the
  default passage list: one listing per quoted passage);
* the facets to count and the terms a highlight marks.

Nothing here knows an engine: a backend offers a `Vocabulary` (does the index hold this term?) and maps the
plan's nodes onto its own queries (see docs/search-engines.md for OpenSearch/Elasticsearch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from archive.search.analysis import query_terms, words
from archive.search.documents import date_key
from archive.search.query import Clause, ParsedQuery, plain_word
from archive.search.vocabulary import FACETS, KINDS

MAX_PHRASE_SPELLINGS = 8
# Field families, as every backend names its fields: words (terms at word positions) and joins (adjacent pairs
# glued), each in the title and the body. The title tier looks in the title fields alone.
WORD_FIELDS = ("title", "body")
JOIN_FIELDS = ("title_joined", "body_joined")
TITLE_BOOST = 3.0  # a word in the title outranks the same word in the body
EXACT_BOOST = 2.0  # the word as typed outranks its stems and joins


class Vocabulary(Protocol):
    """What a plan needs to know of an index: whether it holds a term."""

    def known(self, term: str, joins: bool) -> bool:
        """Whether any document holds `term` in a word field (and, with `joins`, in a join field)."""


@dataclass(frozen=True)
class Word:
    """One typed word: any of `terms` (the exact form first, then its stems) in the word or join fields."""

    terms: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    """Words in order, in any of `spellings`: each a sequence of positions, each position's terms alternatives."""

    spellings: tuple[tuple[tuple[str, ...], ...], ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


Node = Word | Phrase | AllOf | AnyOf


@dataclass
class Restrictions:
    """Filters resolved to index values (exact speaker and outlet names, Gregorian days)."""

    speakers: list[str] | None = None
    outlets: list[str] | None = None
    kinds: list[str] | None = None
    # Kinds counted in the "kind" and "speaker" facets without being hits (the statements behind the default
    # passage list, so a reader sees how many there are and whose words match, and can switch to them).
    counted_kinds: list[str] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class SearchPlan:
    positive: Node | None  # None: every document (filters only), unless `typed` says words were asked for
    typed: bool  # the query had words (so `positive` None means nothing is searchable: no hits)
    excluded: tuple[Node, ...] = ()
    kinds: tuple[str, ...] = ()  # the kinds searched, counted ones included (empty: any kind)
    hidden: frozenset[str] = frozenset()  # kinds counted in the kind and speaker facets, never listed
    speakers: tuple[str, ...] | None = None  # one of these must speak (None: no speaker asked)
    outlets: tuple[str, ...] | None = None
    date_from: int | None = None  # yyyymmdd: a document's date range must overlap [date_from, date_to]
    date_to: int | None = None
    sort: str = "relevance"
    facets: tuple[str, ...] = FACETS
    highlight: frozenset[str] = field(default_factory=frozenset)  # the search-form terms a highlight marks

    @property
    def matches_nothing(self) -> bool:
        """Words that are all unsearchable (punctuation), or a speaker or outlet that resolved to nobody."""
        return (self.typed and self.positive is None) or self.speakers == () or self.outlets == ()

    @property
    def dated(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def key(self) -> tuple:
        """What identifies the plan's answer (for a cache of results)."""
        return (
            self.positive,
            self.typed,
            self.excluded,
            self.kinds,
            self.hidden,
            self.speakers,
            self.outlets,
            self.date_from,
            self.date_to,
            self.sort,
        )


def build_plan(
    query: ParsedQuery, restrictions: Restrictions, vocabulary: Vocabulary, sort: str = "relevance"
) -> SearchPlan:
    highlight: set[str] = set()
    positive = _positive(query, vocabulary, highlight)
    excluded = tuple(node for node in (_clause(c, vocabulary, set()) for c in query.excluded) if node is not None)
    hidden = frozenset(restrictions.counted_kinds or ()) - frozenset(restrictions.kinds or ())
    kinds = list(restrictions.kinds or ())
    if hidden and kinds:
        # Counted kinds are searched with the listed ones (then left out of the hits): all kinds is no filter.
        kinds = [] if set(KINDS) <= {*kinds, *hidden} else [*kinds, *sorted(hidden)]
    return SearchPlan(
        positive=positive,
        typed=bool(query.groups),
        excluded=excluded,
        kinds=tuple(kinds),
        hidden=hidden,
        speakers=None if restrictions.speakers is None else tuple(restrictions.speakers),
        outlets=None if restrictions.outlets is None else tuple(restrictions.outlets),
        date_from=date_key(restrictions.date_from),
        date_to=date_key(restrictions.date_to),
        sort=sort,
        highlight=frozenset(highlight),
    )


def _one_or(parts: list[Node], kind: type[AllOf] | type[AnyOf]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def _word(word: str, vocabulary: Vocabulary, highlight: set[str]) -> Node | None:
    tokens = [folded for _, _, folded in words(word)]
    if not tokens:
        return None
    if len(tokens) > 1:  # `CDN‌-ها`, `۱۳۹۷/۰۳`: the pieces in order
        return _phrase(tokens, vocabulary, highlight)
    alternatives = query_terms(word) or (tokens[0],)
    highlight.update(alternatives)
    return Word(tuple(alternatives))


def _phrase(tokens: list[str], vocabulary: Vocabulary, highlight: set[str]) -> Phrase:
    """Words in this order, in any compound spelling the index knows (`"پیام رسان داخلی"` also finds
    `پیامرسانهای داخلی`, and `"پیام‌رسان داخلی"` finds `پیام رسان داخلی`)."""
    spellings = []
    for spelling in _phrase_spellings(tokens, vocabulary):
        positions = []
        for token in spelling:
            alternatives = query_terms(token) or (token,)
            highlight.update(alternatives)
            positions.append(tuple(alternatives))
        spellings.append(tuple(positions))
    return Phrase(tuple(spellings))


def _phrase_spellings(tokens: list[str], vocabulary: Vocabulary) -> list[list[str]]:
    """The phrase as typed, with one adjacent pair glued, or with one word split in two, where the index holds
    that spelling (at most MAX_PHRASE_SPELLINGS)."""

    def known(term: str) -> bool:
        return vocabulary.known(term, joins=False)

    spellings = [tokens]
    for i in range(len(tokens) - 1):
        glued = tokens[i] + tokens[i + 1]
        if known(glued) or any(known(stem) for stem in query_terms(glued)[1:]):
            spellings.append([*tokens[:i], glued, *tokens[i + 2 :]])
    for i, token in enumerate(tokens):
        for cut in range(2, len(token) - 1):
            if known(token[:cut]) and known(token[cut:]):
                spellings.append([*tokens[:i], token[:cut], token[cut:], *tokens[i + 1 :]])
                break
    return spellings[:MAX_PHRASE_SPELLINGS]


def _clause(clause: Clause, vocabulary: Vocabulary, highlight: set[str]) -> Node | None:
    if clause.phrase:
        tokens = [folded for w in clause.words for _, _, folded in words(w)]
        return _phrase(tokens, vocabulary, highlight) if tokens else None
    return _word(clause.words[0], vocabulary, highlight)


def _positive(query: ParsedQuery, vocabulary: Vocabulary, highlight: set[str]) -> Node | None:
    """Every group must match; a group's clauses are alternatives."""
    parts: list[Node] = []
    groups = query.groups
    i = 0
    while i < len(groups):
        group = groups[i]
        # Two plain words in a row that the index knows glued (`فیلتر شکن` / `فیلترشکن`): either spelling.
        first = plain_word(group)
        second = plain_word(groups[i + 1]) if i + 1 < len(groups) else None
        if first and second:
            glued = "".join(f for _, _, f in words(first + " " + second))
            if glued and vocabulary.known(glued, joins=True):
                a, b = _word(first, vocabulary, highlight), _word(second, vocabulary, highlight)
                joined = _word(glued, vocabulary, highlight)
                if a is not None and b is not None and joined is not None:
                    parts.append(AnyOf((AllOf((a, b)), joined)))
                    i += 2
                    continue
        alternatives = [n for n in (_clause(c, vocabulary, highlight) for c in group) if n is not None]
        node = _one_or(alternatives, AnyOf)
        if node is not None:
            parts.append(node)
        i += 1
    return _one_or(parts, AllOf)


def plan_terms(node: Node | None) -> set[str]:
    """Every term a node may match (for a backend that wants to know which to look up)."""
    if node is None:
        return set()
    if isinstance(node, Word):
        return set(node.terms)
    if isinstance(node, Phrase):
        return {term for spelling in node.spellings for position in spelling for term in position}
    return set().union(*(plan_terms(part) for part in node.parts))
