"""The search backend interface: what the rest of the app may ask of an index, whatever engine runs it.

Kept small on purpose (as Wagtail's backends are), so that an engine that scales across machines can stand
beside Whoosh without touching `archive.search.search()`, the views or the API. Every backend passes the same
contract suite in tests/search/test_backend_contract.py.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from archive.search.documents import SearchDocument
from archive.search.query import ParsedQuery


@dataclass(frozen=True)
class BackendHit:
    doc_id: str
    kind: str
    score: float


@dataclass
class BackendResults:
    total: int
    hits: list[BackendHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # The index terms the query matched with, per field family ("words", "joins"): what a highlight marks.
    terms: frozenset[str] = frozenset()


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


class SearchBackend(ABC):
    """An index of `SearchDocument`s, replaced one article at a time."""

    def __init__(self, location: str | None = None, source: Callable[[], Iterable[SearchDocument]] | None = None):
        """`source` yields every document of the archive: used to rebuild a missing or corrupt index."""
        self.location = location
        self.source = source

    @abstractmethod
    def replace_article(self, article_id: int, documents: Iterable[SearchDocument]) -> None:
        """Drop the article's documents and add these, atomically, without losing a concurrent update."""

    @abstractmethod
    def delete_article(self, article_id: int) -> None: ...

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument], processes: int = 1) -> int:
        """Replace the whole index with these documents; returns how many were indexed.

        `processes` > 1 lets a backend that can analyse in parallel use that many worker processes (a bulk
        rebuild); a backend that cannot ignores it. The result must be the same either way."""

    @abstractmethod
    def search(
        self,
        query: ParsedQuery,
        restrictions: Restrictions,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> BackendResults: ...

    @abstractmethod
    def term_count(self, word: str) -> int:
        """How many documents contain the word (in its exact search form)."""

    @abstractmethod
    def suggest(self, word: str) -> str | None:
        """The index's own word closest to `word` (in search form), if there is a better one."""

    @abstractmethod
    def document_count(self) -> int: ...

    def indexed_articles(self, article_ids: Iterable[int] | None = None) -> dict[int, str]:
        """What the index holds, per article: article id → `documents_signature()` of its documents' ids, for
        every article it holds (or only those of `article_ids`). `manage.py check_index` compares it with the
        database to find articles missing, orphaned or stale (an article whose passages were replaced)."""
        raise NotImplementedError(f"{type(self).__name__} cannot list what it holds")

    def clear_cache(self) -> None:  # noqa: B027 (optional for backends that cache nothing)
        """Forget any results kept for repeated queries (a backend must never serve them once the index has
        changed; this is for measuring what a query costs afresh)."""

    def close(self) -> None:  # noqa: B027 (optional for backends holding nothing open)
        """Release files or connections."""
