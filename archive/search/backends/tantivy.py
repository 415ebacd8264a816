"""A compiled backend: tantivy (Rust, through the `tantivy` package), for archives past a few thousand articles.

* Our analyzer's tokens are indexed as tantivy PreTokenizedStrings, so every spelling meets exactly as it does
  in Whoosh (folds, guarded stems, ZWNJ parts at the word's position, joins in their own fields).
* The plan (archive.search.plan) becomes tantivy queries: a word is a union of term queries (boosted: the
  exact form, the title), a phrase a phrase query per spelling (a regex phrase where a position has several
  terms), exclusions MUST_NOT clauses, filters zero-scored clauses; kind, speaker, outlet and month are fast
  fields (facets by one terms aggregation), dates integer fast fields (range queries; date order by
  `order_by_field`). The title tier is a second search: title matches first, then the rest.
* Layout: `LOCATION/tantivy-<n>/` generations and a `LOCATION/tantivy-current` symlink naming the live one. A
  rebuild writes a new generation and swaps the link (readers never see an empty index), then removes the old.
* One writer at a time across processes: an OS lock (fcntl) beside the index, held while a writer is open.
* Faults: a missing link or generation, a generation tantivy cannot open (or that panics), another schema, or
  an empty index for a non-empty archive are IndexBroken (a repair rebuilds it outside the request).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import multiprocessing
import os
import re
import shutil
import threading
import time
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import tantivy

from archive.search.analysis import Columns, index_columns, use_bulk_caches
from archive.search.backends.base import BackendHit, BackendResults, IndexBroken, SearchBackend
from archive.search.documents import SearchDocument, documents_signature
from archive.search.plan import (
    EXACT_BOOST,
    JOIN_FIELDS,
    TITLE_BOOST,
    WORD_FIELDS,
    AllOf,
    Node,
    Phrase,
    SearchPlan,
    Word,
)
from archive.search.vocabulary import DOCUMENT_PREFIXES, FACETS, KINDS, PASSAGE_KINDS

log = logging.getLogger("archive.search")

CURRENT = "tantivy-current"
GENERATION_PREFIX = "tantivy-"
ID_SPAN = 50_000  # article ids per aggregation in `article_ids` (tantivy allows 65,000 buckets in one)
FACET_SIZE = 65_000  # buckets a facet may have (tantivy's terms aggregation needs a size)
WRITER_HEAP = 20_000_000  # bytes for a one-article writer
BULK_HEAP = 256_000_000  # bytes for a rebuild's writer
BULK_BATCH = 500  # documents per job handed to an analysing process
# One indexing thread: the Python side (building each Document) feeds it no faster than one thread indexes, and
# tantivy's default (a thread per core) only adds contention: 34,202 documents cost the writer 7.2 CPU-s with
# one thread, 8.5 with two (2,000 articles), and they leave one segment instead of two: one fewer to search.
REBUILD_THREADS = 1
TEXT_FIELDS = (*WORD_FIELDS, *JOIN_FIELDS)
NAME_FIELDS = ("kind", "speaker", "outlet", "month")
# The outlet and month of a passage (PASSAGE_KINDS) again, absent from a statement: what the outlet and month
# facets count when statements are counted but not listed (every search page without a kind or speaker asked
# for), as one flat aggregation instead of one split by kind (`_facets`).
PASSAGE_FACETS = {"outlet": "passage_outlet", "month": "passage_month"}
COUNTED_NOT_LISTED = frozenset(KINDS) - frozenset(PASSAGE_KINDS)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("article_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("hit_key", fast=True)  # the document's id and kind as one number (`hit_key`)
    for name in NAME_FIELDS:
        builder.add_text_field(name, stored=name == "kind", fast=True, tokenizer_name="raw", index_option="basic")
    for name in PASSAGE_FACETS.values():
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in WORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="position")
    for name in JOIN_FIELDS:  # no positions: its terms as one string, split by tantivy (`analyse_fields`)
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("date_start", indexed=True, fast=True)
    builder.add_integer_field("date_end", indexed=True, fast=True)
    builder.add_integer_field("moment", indexed=True, fast=True)  # what date order sorts by (SearchDocument.moment)
    return builder.build()


SCHEMA_FIELDS = ("doc_id", "article_id", "hit_key", *NAME_FIELDS, *PASSAGE_FACETS.values(), *TEXT_FIELDS,
                 "date_start", "date_end", "moment")  # fmt: skip
# tantivy's Python API does not show an index's schema: each generation says which one built it (bump the
# number when build_schema or the analyzer's output changes; an index with another is rebuilt).
SCHEMA_MARK = "bayegan-schema"
SCHEMA_VERSION = "5 " + " ".join(SCHEMA_FIELDS)


# -- a hit's id and kind, read from a fast field --------------------------------------------------------------

# A hit is named by its document id and kind. Read from the stored documents they cost a doc-store look-up per
# hit (0.79 ms for a search's 200 hits on 2,000 articles); as one integer fast field they come back for every
# hit in one call (`Searcher.fast_field_values`, 0.03 ms). An id of another shape than
# `<prefix>:<number>` (none of ours) gets UNKEYED and is read from the stored document instead.
_PREFIXES = tuple(sorted(DOCUMENT_PREFIXES))  # in the order ties are broken (`_doc_key`)
_KIND_BITS, _PREFIX_BITS = 50, 45
UNKEYED = -1


def hit_key(doc_id: str, kind: str) -> int:
    prefix, _, number = doc_id.partition(":")
    if prefix not in _PREFIXES or kind not in KINDS or not number.isdigit() or int(number) >= 1 << _PREFIX_BITS:
        return UNKEYED
    return KINDS.index(kind) << _KIND_BITS | _PREFIXES.index(prefix) << _PREFIX_BITS | int(number)


def from_hit_key(key: int) -> tuple[str, str]:
    """(doc_id, kind) of a `hit_key`."""
    prefix = _PREFIXES[key >> _PREFIX_BITS & ((1 << (_KIND_BITS - _PREFIX_BITS)) - 1)]
    return f"{prefix}:{key & ((1 << _PREFIX_BITS) - 1)}", KINDS[key >> _KIND_BITS]


# -- analysis (in this process or in a pool of them) -----------------------------------------------------

# A word field's tokens packed for the trip between processes: its terms joined by a separator no term contains,
# and their positions, starts and ends as one flat array (three columns, one after the other). Pickling a
# million small tuples cost the writer more than indexing them; a string and a byte array cost it almost
# nothing, and `_tokens` unpacks them in C.
Packed = tuple[str, bytes]
# A join field keeps no positions, so its terms travel as one string, spaces between (terms hold letters, digits
# and marks only), and tantivy's whitespace tokenizer splits them in the writer: the same terms, frequencies and
# field lengths as tokens, without a Python `tantivy.Token` for each (about 1 µs apiece, and joins are nearly
# half of all tokens).
Fields = dict[str, Packed | str]
Analysed = tuple[SearchDocument, Fields]
_SEPARATOR = "\x1f"  # a control character: never inside a term (analysis keeps letters, digits and marks)


def _pack(columns: Columns) -> Packed:
    numbers = array("I", columns.positions)
    numbers.extend(columns.starts)
    numbers.extend(columns.ends)
    return _SEPARATOR.join(columns.terms), numbers.tobytes()


def _tokens(packed: Packed) -> list[tantivy.Token]:
    text, numbers = packed
    flat = array("I")
    flat.frombytes(numbers)
    n = len(flat) // 3
    return list(map(tantivy.Token, text.split(_SEPARATOR), flat[:n], flat[n : 2 * n], flat[2 * n :]))


def analyse_fields(document: SearchDocument) -> Fields:
    """A document's tokens per text field, as our analyzer gives them (`analysis.index_columns`): a word
    field's packed, a join field's terms as one string."""
    fields: Fields = {}
    for name, text in (("title", document.title), ("body", document.body)):
        if text:
            columns = index_columns(text)
            if columns.terms:
                fields[name] = _pack(columns)
            if columns.join_terms:
                fields[f"{name}_joined"] = " ".join(columns.join_terms)
    return fields


def analyse_batch(documents: list[SearchDocument]) -> list[Fields]:
    """What a rebuild's analysing process runs (a fresh forkserver child: it sizes its caches for bulk)."""
    use_bulk_caches()
    return [analyse_fields(document) for document in documents]


def _document(document: SearchDocument, fields: Fields) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("doc_id", document.doc_id)
    doc.add_integer("article_id", document.article_id)
    doc.add_integer("hit_key", hit_key(document.doc_id, document.kind))
    for name in NAME_FIELDS:
        value = getattr(document, name)
        if value:
            doc.add_text(name, value)
            if name in PASSAGE_FACETS and document.kind in PASSAGE_KINDS:
                doc.add_text(PASSAGE_FACETS[name], value)
    for name, terms in fields.items():
        if isinstance(terms, str):
            doc.add_text(name, terms)
        else:
            text = document.title if name.startswith("title") else document.body
            doc.add_pre_tokenized_text(name, tantivy.PreTokenizedString(text, _tokens(terms)))
    if document.date_start is not None:
        doc.add_integer("date_start", document.date_start)
        doc.add_integer("date_end", document.date_end if document.date_end is not None else document.date_start)
    if document.sort_moment is not None:
        doc.add_integer("moment", document.sort_moment)
    return doc


def _batches(documents: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    batch: list[SearchDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _is_panic(error: BaseException) -> bool:
    """tantivy's Rust panics reach Python as pyo3's PanicException (a BaseException): a damaged index."""
    return type(error).__name__ == "PanicException"


def _regex_escape(term: str) -> str:
    return re.sub(r"([\\.+*?()|\[\]{}^$#&\-~])", r"\\\1", term)


class TantivyBackend(SearchBackend):
    """On-disk tantivy index under `location` (a directory, created if missing). OPTIONS: `heap_mb` (a
    rebuild's writer memory), `threads` (its indexing threads, default `REBUILD_THREADS`)."""

    # Two pages: the title tier's second search (the matches without the words in their title) is needed only
    # when the titles hold fewer than this many hits. Kept at 200, a phrase's first page cost 56 ms instead of 31
    # (100,000 articles); the query set's engine time 303 → 248 ms.
    first_window = 40

    def __init__(self, location=None, source=None, options=None, archive_size=None):
        super().__init__(location, source, options, archive_size)
        if location is None:
            raise ValueError("TantivyBackend needs an index directory")
        self.path = Path(location)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._opened: tuple | None = None  # (generation, meta.json stamp) the open index was read at
        self._pinned = threading.local()  # the searcher one search() plans and executes on

    # -- the files ---------------------------------------------------------------------------------------

    def _generation(self) -> Path | None:
        """The live generation's directory (None when there is none)."""
        try:
            target = os.readlink(self.path / CURRENT)
        except OSError:
            return None
        folder = self.path / target
        return folder if (folder / "meta.json").is_file() else None

    def _stamp(self, folder: Path) -> tuple:
        meta = (folder / "meta.json").stat()
        return folder.name, meta.st_mtime_ns, meta.st_size

    def state(self) -> str:
        folder = self._generation()
        if folder is None:
            return "missing"
        try:
            return ":".join(map(str, (self.path, *self._stamp(folder))))
        except OSError:
            return "missing"

    def _forget(self) -> None:
        with self._lock:
            self._index = None
            self._opened = None
            self._index_changed()

    def _open(self, folder: Path) -> tantivy.Index:
        try:
            index = tantivy.Index.open(str(folder))
        except BaseException as error:
            if isinstance(error, Exception) or _is_panic(error):
                raise IndexBroken(f"search index in {folder} is unreadable ({type(error).__name__}: {error})") from None
            raise
        try:
            mark = (folder / SCHEMA_MARK).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            mark = ""
        if mark != SCHEMA_VERSION:
            raise IndexBroken(f"search index in {folder} was built with another schema")
        return index

    def index(self, reading: bool = True) -> tantivy.Index:
        """The open index, reloaded when any process has committed; IndexBroken when there is none sound."""
        folder = self._generation()
        if folder is None:
            raise IndexBroken(f"search index in {self.path} is missing")
        try:
            stamp = self._stamp(folder)
        except OSError as error:
            raise IndexBroken(f"search index in {folder} is missing ({error})") from None
        with self._lock:
            if self._index is None or self._opened is None or self._opened[0] != stamp[0]:
                index = self._open(folder)
                # Empty is only wrong to read from (while the archive is not empty): writes are what fill it.
                if reading and self.empty_for_archive(index.searcher().num_docs):
                    raise IndexBroken(f"search index in {folder} is empty while the archive is not")
                self._index, self._opened = index, stamp
                self._index_changed()
            elif self._opened != stamp:
                self._index.reload()
                if reading and self.empty_for_archive(self._index.searcher().num_docs):  # emptied: not 0 hits
                    raise IndexBroken(f"search index in {folder} is empty while the archive is not")
                self._opened = stamp
                self._index_changed()
            return self._index

    def searcher(self) -> tantivy.Searcher:
        pinned = getattr(self._pinned, "searcher", None)
        return pinned if pinned is not None else self.index().searcher()

    def search(self, query, restrictions, sort="relevance", offset=0, limit=20) -> BackendResults:
        """Plan and execute on one searcher: one consistent view of the index, and one check of the files
        (a check per vocabulary look-up cost about a tenth of a query)."""
        self._pinned.searcher = None
        try:
            self._pinned.searcher = self._guarded(lambda: self.index().searcher())
            return super().search(query, restrictions, sort, offset, limit)
        finally:
            self._pinned.searcher = None

    def broken(self) -> str | None:
        folder = self._generation()
        if folder is None:
            return "missing"
        try:
            index = self._open(folder)
            count = index.searcher().num_docs
        except IndexBroken as error:
            return str(error)
        except BaseException as error:
            if isinstance(error, Exception) or _is_panic(error):
                return f"unreadable ({type(error).__name__}: {error})"
            raise
        if self.empty_for_archive(count):
            return "empty while the archive is not"
        return None

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer at a time across processes (tantivy's own lock would fail the second one instead)."""
        if self.path.exists() and not self.path.is_dir():
            raise IndexBroken(f"{self.path} is a file, not an index directory")
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "tantivy-write.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- writing -------------------------------------------------------------------------------------------

    def _write(self, article_id: int, documents: list[SearchDocument]) -> None:
        analysed = [(document, analyse_fields(document)) for document in documents]  # outside the lock: slow

        def write() -> None:
            with self._write_lock():
                index = self.index(reading=False)
                writer = index.writer(WRITER_HEAP, 1)
                try:
                    writer.delete_documents_by_term("article_id", article_id)
                    for document, fields in analysed:
                        writer.add_document(_document(document, fields))
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
            self.index(reading=False)  # reload now: this process reads its own write at once

        self._guarded(write)

    def replace_article(self, article_id: int, documents: Iterable[SearchDocument]) -> None:
        self._write(article_id, list(documents))

    def delete_article(self, article_id: int) -> None:
        self._write(article_id, [])

    def rebuild(self, documents: Iterable[SearchDocument], processes: int = 1) -> int:
        """A new generation built beside the live one, then swapped in by renaming a link: readers see the old
        index until the new one is complete. With `processes` > 1 the documents are analysed in that many
        processes and fed to the one writer here."""
        with self._write_lock():
            folder = self.path / f"{GENERATION_PREFIX}{time.time_ns()}"
            folder.mkdir()
            try:
                index = tantivy.Index(self.schema, path=str(folder))
                heap = int(self.options.get("heap_mb", BULK_HEAP // 1_000_000)) * 1_000_000
                threads = int(self.options.get("threads", REBUILD_THREADS))
                writer = index.writer(heap, threads)
                count = 0
                try:
                    for document, fields in self._analysed(documents, processes):
                        writer.add_document(_document(document, fields))
                        count += 1
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
                (folder / SCHEMA_MARK).write_text(SCHEMA_VERSION, encoding="utf-8")
                link = self.path / f".{CURRENT}.{os.getpid()}"
                link.unlink(missing_ok=True)
                link.symlink_to(folder.name)
                os.replace(link, self.path / CURRENT)  # atomic: a reader sees the old or the new, never none
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            for old in self.path.glob(f"{GENERATION_PREFIX}[0-9]*"):
                if old != folder and old.is_dir():  # open elsewhere: their files live on until closed
                    shutil.rmtree(old, ignore_errors=True)
        self._forget()
        return count

    def _analysed(self, documents: Iterable[SearchDocument], processes: int) -> Iterator[Analysed]:
        if processes <= 1:
            for document in documents:
                yield document, analyse_fields(document)
            return
        # A fresh single-threaded forkserver, not a fork of this process: tantivy runs threads of its own here.
        # Only the tokens come back (the documents stay here), and at most `processes * 4` batches are out at
        # a time: Pool.imap would otherwise read the whole archive into memory ahead of the writer.
        context = multiprocessing.get_context("forkserver")
        window = threading.BoundedSemaphore(processes * 4)
        sent: deque[list[SearchDocument]] = deque()

        stopped = threading.Event()  # the writer gave up: the feeding thread must not wait for room forever

        def feed() -> Iterator[list[SearchDocument]]:
            for batch in _batches(documents, BULK_BATCH):
                while not window.acquire(timeout=0.1):
                    if stopped.is_set():
                        return
                sent.append(batch)
                yield batch

        with context.Pool(processes) as pool:
            try:
                for fields in pool.imap(analyse_batch, feed()):
                    batch = sent.popleft()
                    window.release()
                    yield from zip(batch, fields, strict=True)
            finally:
                stopped.set()

    def article_ids(self) -> set[int]:
        """Read a span of ids at a time: tantivy refuses an aggregation of more than 65,000 buckets, and one
        bucket per article failed past 65,000 articles."""

        def ids() -> set[int]:
            searcher = self.searcher()
            Q, Integer = tantivy.Query, tantivy.FieldType.Integer
            spans = searcher.aggregate(
                Q.all_query(),
                {"spans": {"histogram": {"field": "article_id", "interval": ID_SPAN, "min_doc_count": 1}}},
            )
            found: set[int] = set()
            for span in spans["spans"]["buckets"]:
                low = int(span["key"])
                within = Q.range_query(self.schema, "article_id", Integer, low, low + ID_SPAN - 1)
                held = searcher.aggregate(within, {"ids": {"terms": {"field": "article_id", "size": ID_SPAN}}})
                found.update(int(bucket["key"]) for bucket in held["ids"]["buckets"])
            return found

        return self._guarded(ids)

    def indexed_articles(self, article_ids: Iterable[int] | None = None) -> dict[int, str]:
        def held() -> dict[int, str]:
            searcher = self.searcher()
            Q, Occur = tantivy.Query, tantivy.Occur
            if article_ids is None:
                query = Q.all_query()
            else:
                wanted = [Q.term_query(self.schema, "article_id", int(i)) for i in set(article_ids)]
                if not wanted:
                    return {}
                query = Q.boolean_query([(Occur.Should, q) for q in wanted])
            found = searcher.search(query, limit=max(1, searcher.search(query, limit=1, count=True).count), count=False)
            addresses = [address for _, address in found.hits]
            # Fast fields, not stored documents: at 100,000 articles (1.67 million documents) a server's
            # start-up check read every stored document for minutes before the first worker could fork.
            articles = searcher.fast_field_values("article_id", addresses) if addresses else []
            ids: dict[int, list[str]] = {}
            for hit, article in zip(_as_hits(searcher, found.hits, scored=False), articles, strict=True):
                ids.setdefault(int(article), []).append(hit.doc_id)
            return {article: documents_signature(doc_ids) for article, doc_ids in ids.items()}

        return self._guarded(held)

    # -- vocabulary ------------------------------------------------------------------------------------------

    def document_count(self) -> int:
        return self._guarded(lambda: self.searcher().num_docs)

    def known(self, term: str, joins: bool) -> bool:
        searcher = self.searcher()
        return any(searcher.doc_freq(field, term) for field in (TEXT_FIELDS if joins else WORD_FIELDS))

    def term_count(self, word: str) -> int:
        return self._guarded(lambda: max(self.searcher().doc_freq(field, word) for field in TEXT_FIELDS))

    def _terms_beginning(self, prefix: str) -> Iterator[str]:
        searcher = self.searcher()
        for field in WORD_FIELDS:
            for term, _ in searcher.terms_with_prefix(field, prefix):
                yield term

    def _word_documents(self, term: str) -> int:
        searcher = self.searcher()
        return sum(searcher.doc_freq(field, term) for field in WORD_FIELDS)

    # -- the plan as tantivy queries -----------------------------------------------------------------------

    def _term(self, field: str, term: str) -> tantivy.Query:
        option = "position" if field in WORD_FIELDS else "freq"
        return tantivy.Query.term_query(self.schema, field, term, index_option=option)

    def _node_query(self, node: Node, fields: tuple[tuple[str, ...], tuple[str, ...]]) -> tantivy.Query:
        Q, Occur = tantivy.Query, tantivy.Occur
        if isinstance(node, Word):
            word_fields, join_fields = fields
            searcher = self.searcher()
            clauses = []
            for field in (*word_fields, *join_fields):
                for i, term in enumerate(node.terms):
                    frequency = searcher.doc_freq(field, term)
                    if not frequency:
                        continue
                    exact = EXACT_BOOST if i == 0 and field in word_fields else 1.0
                    query = self._term(field, term)
                    if field.startswith("title"):
                        query = Q.const_score_query(query, TITLE_BOOST * exact * _idf(searcher.num_docs, frequency))
                    elif exact != 1.0:
                        query = Q.boost_query(query, exact)
                    clauses.append((Occur.Should, query))
            return Q.boolean_query(clauses) if clauses else Q.empty_query()
        if isinstance(node, Phrase):
            clauses = []
            for spelling in node.spellings:
                for field in fields[0]:
                    if len(spelling) == 1:
                        query = Q.boolean_query([(Occur.Should, self._term(field, t)) for t in spelling[0]])
                    elif all(len(position) == 1 for position in spelling):
                        query = Q.phrase_query(self.schema, field, [position[0] for position in spelling])
                    else:
                        patterns = ["(" + "|".join(_regex_escape(t) for t in position) + ")" for position in spelling]
                        query = Q.regex_phrase_query(self.schema, field, patterns)
                    if field.startswith("title"):
                        query = Q.const_score_query(query, TITLE_BOOST * self._phrase_idf(field, spelling))
                    clauses.append((Occur.Should, query))
            return Q.boolean_query(clauses) if clauses else Q.empty_query()
        occur = Occur.Must if isinstance(node, AllOf) else Occur.Should
        return Q.boolean_query([(occur, self._node_query(part, fields)) for part in node.parts])

    def _phrase_idf(self, field: str, spelling: tuple[tuple[str, ...], ...]) -> float:
        searcher = self.searcher()
        return sum(
            _idf(searcher.num_docs, max(searcher.doc_freq(field, t) for t in position) or 1) for position in spelling
        )

    def _names(self, field: str, values: Iterable[str]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self.schema, field, list(values))

    def _base_query(self, plan: SearchPlan) -> tantivy.Query:
        """Every document the plan matches, counted kinds included (scored by the positive words alone)."""
        Q, Occur = tantivy.Query, tantivy.Occur
        every = (WORD_FIELDS, JOIN_FIELDS)
        clauses = [(Occur.Must, self._node_query(plan.positive, every) if plan.positive else Q.all_query())]
        filters = []
        if plan.kinds:
            filters.append(self._names("kind", plan.kinds))
        if plan.speakers is not None:
            filters.append(self._names("speaker", plan.speakers))
        if plan.outlets is not None:
            filters.append(self._names("outlet", plan.outlets))
        # An imprecise date is a range: it matches when the range overlaps the asked one.
        if plan.date_from is not None:
            filters.append(Q.range_query(self.schema, "date_end", tantivy.FieldType.Integer, plan.date_from, None))
        if plan.date_to is not None:
            filters.append(Q.range_query(self.schema, "date_start", tantivy.FieldType.Integer, None, plan.date_to))
        clauses += [(Occur.Must, Q.const_score_query(f, 0.0)) for f in filters]
        clauses += [(Occur.MustNot, self._node_query(node, every)) for node in plan.excluded]
        return Q.boolean_query(clauses)

    def _refresh(self) -> None:
        self.index()  # reloads on a new commit, which empties the kept results

    def _search(self, plan: SearchPlan, offset: int, limit: int) -> BackendResults:
        Q, Occur = tantivy.Query, tantivy.Occur
        nothing = BackendResults(0, [], {name: {} for name in FACETS}, plan.highlight)
        if plan.matches_nothing:
            return nothing
        searcher = self.searcher()
        base = self._base_query(plan)
        facets = self._facets(searcher, base, plan.hidden)
        visible = base
        if plan.hidden:
            visible = Q.boolean_query([(Occur.Must, base), (Occur.MustNot, self._names("kind", plan.hidden))])
        total = sum(n for kind, n in facets["kind"].items() if kind not in plan.hidden)
        wanted = offset + limit
        if total == 0 or limit <= 0:
            return BackendResults(total, [], facets, plan.highlight)
        if plan.sort in ("date", "oldest"):
            order = tantivy.Order.Desc if plan.sort == "date" else tantivy.Order.Asc
            found = searcher.search(visible, limit=wanted, order_by_field="moment", order=order, count=False)
            found_hits = _as_hits(searcher, found.hits, scored=False)
            dated = list(zip([date for date, _ in found.hits], found_hits, strict=True))
            scores = self._scores(searcher, visible, [hit.doc_id for _, hit in dated])
            sign = -1 if plan.sort == "date" else 1
            # Ties (one day) by score, then by document: the same order whichever segment a document is in.
            dated.sort(
                key=lambda pair: (
                    pair[0] is None,
                    sign * (pair[0] or 0),
                    -scores.get(pair[1].doc_id, 0.0),
                    _doc_key(pair[1]),
                )
            )
            hits = [BackendHit(hit.doc_id, hit.kind, scores.get(hit.doc_id, 0.0)) for _, hit in dated[offset:wanted]]
            return BackendResults(total, hits, facets, plan.highlight)
        # The title tier: documents whose title alone holds every query word come first, each tier by score.
        tiers: list[list] = []
        if plan.positive is not None:
            in_title = self._node_query(plan.positive, (("title",), ("title_joined",)))
            titled = Q.boolean_query([(Occur.Must, visible), (Occur.Must, Q.const_score_query(in_title, 0.0))])
            tiers.append(searcher.search(titled, limit=wanted, count=False).hits)
            if len(tiers[0]) < wanted:
                rest = Q.boolean_query([(Occur.Must, visible), (Occur.MustNot, in_title)])
                tiers.append(searcher.search(rest, limit=wanted - len(tiers[0]), count=False).hits)
        else:
            tiers.append(searcher.search(visible, limit=wanted, count=False).hits)
        hits = []
        for tier in tiers:
            # Equal scores by document, not by tantivy's address: a rebuild puts documents in other segments.
            hits += sorted(_as_hits(searcher, tier), key=lambda hit: (-hit.score, _doc_key(hit)))
        return BackendResults(total, hits[offset:wanted], facets, plan.highlight)

    def _scores(self, searcher, visible, ids: list[str]) -> dict[str, float]:
        """The relevance scores of these hits of a date-ordered search (shown beside them, and breaking ties)."""
        if not ids:
            return {}
        Q, Occur = tantivy.Query, tantivy.Occur
        only = Q.const_score_query(self._names("doc_id", ids), 0.0)
        found = searcher.search(
            Q.boolean_query([(Occur.Must, visible), (Occur.Must, only)]), limit=len(ids), count=False
        )
        return {hit.doc_id: hit.score for hit in _as_hits(searcher, found.hits)}

    def _facets(self, searcher, query, hidden: frozenset[str]) -> dict[str, dict[str, int]]:
        """The kinds, speakers, outlets and months of the matches, in one aggregation: every kind counts in
        "kind" and "speaker"; "outlet" and "month" count the listed kinds only. When the hidden kinds are the
        statements (the search page's default) those two are read from the passages' own columns; for other
        hidden kinds they are split by kind, which costs about twice a flat aggregation."""

        def terms(name: str, field: str | None = None) -> dict:
            return {"terms": {"field": field or name, "size": FACET_SIZE}}

        split = ("outlet", "month") if hidden and hidden != COUNTED_NOT_LISTED else ()
        wanted = {name: terms(name) for name in ("kind", "speaker", "outlet", "month") if name not in split}
        if hidden == COUNTED_NOT_LISTED:
            wanted.update({name: terms(name, field) for name, field in PASSAGE_FACETS.items()})
        if split:
            wanted["by_kind"] = {**terms("kind"), "aggs": {name: terms(name) for name in split}}
        found = searcher.aggregate(query, wanted)
        counts: dict[str, Counter] = {name: Counter() for name in FACETS}
        for name in wanted.keys() - {"by_kind"}:
            for bucket in found[name]["buckets"]:
                counts[name][bucket["key"]] += bucket["doc_count"]
        for bucket in found["by_kind"]["buckets"] if split else ():
            if bucket["key"] not in hidden:
                for name in split:
                    for inner in bucket[name]["buckets"]:
                        counts[name][inner["key"]] += inner["doc_count"]
        return {name: _ordered(counts[name]) for name in FACETS}


def _as_hits(searcher: tantivy.Searcher, found: list[tuple], scored: bool = True) -> list[BackendHit]:
    """tantivy's (score, address) pairs as hits, their ids and kinds read in one call. A date-ordered search's
    pairs carry the date instead (`scored=False`: the hits score 0 until `_scores` gives theirs)."""
    keys = searcher.fast_field_values("hit_key", [address for _, address in found]) if found else []
    hits = []
    for (score, address), key in zip(found, keys, strict=True):
        if key is None or key == UNKEYED:
            stored = searcher.doc(address).to_dict()
            doc_id, kind = stored["doc_id"][0], stored["kind"][0]
        else:
            doc_id, kind = from_hit_key(key)
        hits.append(BackendHit(doc_id, kind, float(score) if scored else 0.0))
    return hits


def _doc_key(hit: BackendHit) -> tuple[str, int]:
    prefix, _, number = hit.doc_id.partition(":")
    return prefix, int(number) if number.isdigit() else 0


def _idf(documents: int, frequency: int) -> float:
    """BM25's idf, as tantivy computes it. A title's match scores idf × boost, as BM25 does for a term found once
    with no length normalisation: tantivy averages a field's length over every document, and only heads have a
    title, so its own length normalisation would crush every title match (Whoosh's title field has B=0)."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def _ordered(counts: Counter) -> dict[str, int]:
    """A facet's counts, largest first (then by name); documents without a value are not counted."""
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if k}
