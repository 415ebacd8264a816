"""The search backend interface: what the rest of the app may ask of an index, whatever engine runs it.

Kept small on purpose (as Wagtail's backends are): the search rules live in `archive.search.plan`; a backend
translates a `SearchPlan` into its engine's queries (`execute`) and answers a few questions of its vocabulary.
Every backend passes the same contract suite (tests/search/test_backend_contract.py).

Faults: a backend never rebuilds the whole index inside a search or a write. A missing or damaged index raises
`IndexBroken` from the engine code; `SearchBackend` turns it into one repair (`repair()`, in a background thread
of this process, under a lock other processes skip) and the caller gets `SearchUnavailable` (a 503) until it is
done. Any error a backend does not recognise is `SearchUnavailable` too: never a silent empty answer.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import rapidfuzz
from rapidfuzz.distance import OSA

from archive.search.documents import SearchDocument
from archive.search.plan import Restrictions, SearchPlan, build_plan
from archive.search.query import ParsedQuery

log = logging.getLogger("archive.search")

__all__ = [
    "BackendHit",
    "BackendResults",
    "IndexBroken",
    "Restrictions",
    "SearchBackend",
    "SearchUnavailable",
]

RETRY_AFTER = 10  # seconds a reader is told to wait while the index is repaired
SUGGESTIONS_KEPT = 1024  # words whose «did you mean» a process keeps until the index changes
SUGGESTION_LETTERS = 8  # first letters whose terms a process keeps for «did you mean» (`_vocabulary`)
# The hits a query keeps, with its total and facets, for the last RESULT_CACHE_SIZE plans until the index next
# changes: the next pages of results, or the same query from another reader or the API, cost no second search.
# A backend searches first for `first_window` of them (all of them on Whoosh, where ranking costs the same).
RANKED_WINDOW = 200
RESULT_CACHE_SIZE = 128


class SearchUnavailable(RuntimeError):
    """The index cannot answer now (being repaired, or an error we do not recognise): the page answers 503."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER):
        super().__init__(message)
        self.retry_after = retry_after


class IndexBroken(Exception):
    """A recognised fault of the index itself (missing, truncated, garbled, built with another schema, empty
    for a non-empty archive): it is repaired by a rebuild."""


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
    # The search-form terms the query matched with: what a highlight marks.
    terms: frozenset[str] = frozenset()


class SearchBackend(ABC):
    """An index of `SearchDocument`s, replaced one article at a time."""

    # What this backend can do, declared for the contract tests (a capability it lacks is skipped there).
    capabilities: frozenset[str] = frozenset(
        {"phrases", "facets", "dates", "suggest", "multiprocess", "persistent", "parallel_rebuild"}
    )

    def __init__(
        self,
        location: str | None = None,
        source: Callable[[], Iterable[SearchDocument]] | None = None,
        options: dict | None = None,
        archive_size: Callable[[], int] | None = None,
    ):
        """`source` yields every document of the archive (what a repair rebuilds from); `archive_size` says how
        many articles the database holds (an empty index for a non-empty archive is broken)."""
        self.location = location
        self.source = source
        self.options = dict(options or {})
        self.archive_size = archive_size
        self._repairing = threading.Lock()  # one repair thread per process
        self._lock = threading.RLock()
        # This generation's (see execute()): a query's first hits and the window they were searched for.
        self._results: OrderedDict[tuple, tuple[BackendResults, int]] = OrderedDict()
        self._suggestions: dict[str, str | None] = {}  # this generation's, see suggest()
        self._letters: OrderedDict[str, list[str]] = OrderedDict()  # this generation's, see _vocabulary
        self._kept_since = 0  # counts _index_changed(): a vocabulary read across a change is not kept

    # -- the contract ------------------------------------------------------------------------------------

    @abstractmethod
    def replace_article(self, article_id: int, documents: Iterable[SearchDocument]) -> None:
        """Drop the article's documents and add these, atomically, without losing a concurrent update."""

    @abstractmethod
    def delete_article(self, article_id: int) -> None: ...

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument], processes: int = 1) -> int:
        """Replace the whole index with these documents; returns how many were indexed. Readers see the old
        index until the new one is complete.

        `processes` > 1 lets a backend that can analyse in parallel use that many worker processes (a bulk
        rebuild); a backend that cannot ignores it. The result must be the same either way."""

    # How many hits a query's first search keeps, for the pages after the first: a page past them searches
    # again for twice as many (up to RANKED_WINDOW). An engine whose cost grows with the hits asked for keeps
    # fewer (tantivy); one that scores every match anyway keeps them all at once (Whoosh).
    first_window: int = RANKED_WINDOW

    def execute(self, plan: SearchPlan, offset: int = 0, limit: int = 20) -> BackendResults:
        """The plan's hits (offset, limit), total and facets. The first RANKED_WINDOW hits come from at most a
        few searches per generation of the index (`first_window`, then twice as many): `_refresh()` reopens a
        changed index, which empties what is kept."""
        wanted = offset + limit
        if wanted > RANKED_WINDOW:
            return self._search(plan, offset, limit)
        self._refresh()
        key = plan.key()
        with self._lock:
            kept = self._results.get(key)
            if kept is not None:
                self._results.move_to_end(key)
        found, window = kept if kept is not None else (None, 0)
        if found is None or (wanted > window and len(found.hits) >= window):  # a short window held every hit
            window = min(RANKED_WINDOW, max(wanted, self.first_window, 2 * window))
            found = self._search(plan, 0, window)
            with self._lock:
                self._results[key] = (found, window)
                self._results.move_to_end(key)
                while len(self._results) > RESULT_CACHE_SIZE:
                    self._results.popitem(last=False)
        return BackendResults(
            found.total,
            found.hits[offset : offset + limit],
            {name: dict(counts) for name, counts in found.facets.items()},
            found.terms,
        )

    @abstractmethod
    def _search(self, plan: SearchPlan, offset: int, limit: int) -> BackendResults:
        """The engine's own search: the plan's hits (offset, limit), total and facets, computed afresh."""

    def _refresh(self) -> None:  # noqa: B027 (optional for a backend that never sees another's commit)
        """Reopen the index when another process has changed it, forgetting the kept results and suggestions."""

    @abstractmethod
    def known(self, term: str, joins: bool) -> bool:
        """The plan's Vocabulary: whether a word field (and with `joins` a join field) holds `term`."""

    @abstractmethod
    def term_count(self, word: str) -> int:
        """How many documents contain the word (in its exact search form)."""

    def suggest(self, word: str) -> str | None:
        """The index's most frequent word within one edit (then two) of `word` (in search form), sharing its first
        letter; None when there is none. Kept until the index changes."""
        return self._guarded(lambda: self._kept_suggestion(word))

    def _kept_suggestion(self, word: str) -> str | None:
        self._refresh()  # a new generation empties what is kept
        with self._lock:
            if word in self._suggestions:
                return self._suggestions[word]
        found = self._suggest(word)
        with self._lock:
            if len(self._suggestions) >= SUGGESTIONS_KEPT:
                self._suggestions.clear()
            self._suggestions[word] = found
        return found

    def _suggest(self, word: str) -> str | None:
        """One rule for every engine. An edit is an insertion, a deletion, a substitution or two neighbours
        swapped (`OSA`: «وجدو» is one edit from «وجود», as Whoosh's own spelling search counted it); the
        distances are computed in C (rapidfuzz) over the words beginning with the same letter, and the most
        frequent of the nearest wins (ties: the one that sorts last by code point)."""
        if not word or len(word) < 3 or word.isdigit():
            return None
        terms = self._vocabulary(word[0])
        near = rapidfuzz.process.extract(word, terms, scorer=OSA.distance, score_cutoff=2, limit=None, processor=None)
        for distance in (1, 2):
            candidates = [term for term, edits, _ in near if edits <= distance and term != word]
            if candidates:
                return max(candidates, key=lambda term: (self._word_documents(term), term))
        return None

    def _vocabulary(self, letter: str) -> list[str]:
        """Every word-field term beginning with `letter` (no number), kept for SUGGESTION_LETTERS letters until
        the index changes. Only the terms: their counts are read for the few near a word (Whoosh reads a
        term's counts in Python, 1.4 s for a common letter's 15,000 terms at 2,000 articles; its terms alone,
        0.1 s)."""
        with self._lock:
            if letter in self._letters:
                self._letters.move_to_end(letter)
                return self._letters[letter]
            since = self._kept_since
        found = sorted({term for term in self._terms_beginning(letter) if not term.isdigit()})
        with self._lock:
            if since == self._kept_since:  # not read across a change of the index
                self._letters[letter] = found
                while len(self._letters) > SUGGESTION_LETTERS:
                    self._letters.popitem(last=False)
        return found

    def _terms_beginning(self, prefix: str) -> Iterable[str]:
        """The word fields' terms beginning with `prefix` (a term in two fields may come twice): what «did you
        mean» chooses from."""
        raise NotImplementedError(f"{type(self).__name__} cannot list its vocabulary")

    def _word_documents(self, term: str) -> int:
        """How many documents hold `term`, summed over the word fields (how «did you mean» ranks its choices)."""
        raise NotImplementedError(f"{type(self).__name__} cannot count a term's documents")

    @abstractmethod
    def document_count(self) -> int: ...

    def indexed_articles(self, article_ids: Iterable[int] | None = None) -> dict[int, str]:
        """What the index holds, per article: article id → `documents_signature()` of its documents' ids, for
        every article it holds (or only those of `article_ids`). `manage.py check_index` compares it with the
        database to find articles missing, orphaned or stale (an article whose passages were replaced)."""
        raise NotImplementedError(f"{type(self).__name__} cannot list what it holds")

    def state(self) -> str:
        """A token that changes whenever the index changes (any process's commit): the page cache keys on it."""
        return ""

    def article_ids(self) -> set[int]:
        """The ids of every article with a document in the index (for comparing the index with the database)."""
        raise NotImplementedError

    def plan(self, query: ParsedQuery, restrictions: Restrictions, sort: str = "relevance") -> SearchPlan:
        return self._guarded(lambda: build_plan(query, restrictions, self, sort))

    def search(
        self,
        query: ParsedQuery,
        restrictions: Restrictions,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> BackendResults:
        """Plan the query against this index's vocabulary, then execute the plan."""
        plan = self.plan(query, restrictions, sort)
        return self._guarded(lambda: self.execute(plan, offset, limit))

    def clear_cache(self) -> None:
        """Forget the results and suggestions kept for repeated queries (they are never served once the index has
        changed; this is for measuring what a query costs afresh)."""
        with self._lock:
            self._results.clear()
            self._suggestions.clear()

    def _index_changed(self) -> None:
        """What a backend calls when it reopens on another generation of its index: everything kept is stale,
        the letters' vocabularies too (which `clear_cache` keeps: they are the index's, not a query's)."""
        with self._lock:
            self.clear_cache()
            self._letters.clear()
            self._kept_since += 1

    def close(self) -> None:  # noqa: B027 (optional for backends holding nothing open)
        """Release files or connections."""

    # -- faults --------------------------------------------------------------------------------------------

    def _guarded(self, operation: Callable):
        """Run an index operation. One that fails is run again on a freshly opened index (another process may
        have merged or replaced files under this one). A recognised fault then starts one repair and answers
        SearchUnavailable; any other error is SearchUnavailable as it is (logged): never a rebuild here, never
        an empty answer."""
        try:
            return operation()
        except SearchUnavailable:
            raise
        except Exception as error:
            failure: Exception = error
        if not isinstance(failure, IndexBroken):
            self._forget()
            try:
                return operation()
            except SearchUnavailable:
                raise
            except Exception as error:
                failure = error
        self._forget()
        problem = str(failure) if isinstance(failure, IndexBroken) else self.broken()
        if problem:
            self.start_repair(problem)
            raise SearchUnavailable(f"the search index is being rebuilt ({problem})") from failure
        log.error("search index in %s failed", self.location, exc_info=failure)
        raise SearchUnavailable(f"the search index failed ({type(failure).__name__}: {failure})") from failure

    def _forget(self) -> None:  # noqa: B027 (a backend holding open readers drops them here)
        """Drop open readers and kept results, so the next operation opens the index afresh."""

    def broken(self) -> str | None:
        """What is wrong with the index on disk (None when it is sound): checked again before a repair."""
        return None

    def start_repair(self, reason: str) -> None:
        """Rebuild the index once, in a background thread of this process (another process already repairing
        it holds the repair lock: this one skips)."""
        if self.source is None or not self._repairing.acquire(blocking=False):
            return
        log.warning("search index in %s is broken (%s): rebuilding it in the background", self.location, reason)

        def run() -> None:
            try:
                self.repair()
            except Exception:
                log.exception("search index repair in %s failed", self.location)
            finally:
                self._repairing.release()
                _close_db_connections()

        threading.Thread(target=run, name="search-index-repair", daemon=True).start()

    def repair(self, wait: bool = False) -> bool:
        """Rebuild a broken index from `source` under the repair lock; True if this call rebuilt it.

        Another process repairing: skip (or with `wait`, wait for it). Whoever gets the lock checks again
        that the index is still broken before touching anything (the last holder may just have fixed it)."""
        with self._repair_lock(wait) as held:
            if not held:
                return False
            problem = self.broken()
            if problem is None:
                self._forget()
                return False
            log.warning("search index in %s is %s: rebuilding it from the database", self.location, problem)
            self.rebuild(self.source() if self.source else [])
            self._forget()
            log.warning("search index in %s rebuilt", self.location)
            return True

    @contextlib.contextmanager
    def _repair_lock(self, wait: bool) -> Iterator[bool]:
        """An OS lock beside the index that every process's repair takes (in memory: this process's only)."""
        if self.location is None or "persistent" not in self.capabilities:
            yield True
            return
        folder = Path(self.location).parent
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f".{Path(self.location).name}.repair.lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def empty_for_archive(self, count: int) -> bool:
        """An index with no documents while the database holds articles: broken, not an honest empty answer."""
        return count == 0 and self.archive_size is not None and self.archive_size() > 0


def _close_db_connections() -> None:
    """A repair thread reads the database on its own connection: close it when done."""
    try:
        from django.db import connections

        connections.close_all()
    except Exception:
        pass
