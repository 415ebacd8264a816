"""The embedded backend: an on-disk Whoosh (whoosh-reloaded) index.

* One shared searcher per process, reopened only when another writer has committed (a cheap generation check).
  The last base.RESULT_CACHE_SIZE queries' first base.RANKED_WINDOW hits, totals and facets are kept until then.
* Writers queue on an OS file lock (fcntl) beside the index, so two processes writing at once wait their turn
  instead of failing with Whoosh's LockError, and neither loses its update.
* A missing, corrupt, empty (for a non-empty archive) or outdated index (its schema differs from ours) is
  recognised as broken, whether it was so at start or broke under the running process (deleted, truncated,
  garbled): an operation that fails reopens the index and runs again; if the index on disk is still unsound a
  repair rebuilds it outside the request (see base.SearchBackend) and the caller gets SearchUnavailable.
  Segment files are read without mmap, so a file cut short raises an error instead of killing the worker
  with SIGBUS.
* Facet fields are sortable columns, so counting them does not read stored fields.
* Only ids are stored: hits are shown from the database text.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import logging
import shutil
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.analysis import Analyzer, Token
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import FixedBytesColumn, NumericColumn, VarBytesColumn
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length
from whoosh.writing import CLEAR

from archive.search.analysis import index_tokens
from archive.search.backends import whoosh_postings as postings
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
from archive.search.vocabulary import FACETS

log = logging.getLogger("archive.search")
_ARRAY_CODES = frozenset("bBhHiIlLqQfd")

INDEX_NAME = "bayegan"
Fields = tuple[tuple[str, ...], tuple[str, ...]]  # (word fields, join fields) a query looks in
ALL_FIELDS: Fields = (WORD_FIELDS, JOIN_FIELDS)
TITLE_FIELDS: Fields = (("title",), ("title_joined",))
# Whoosh's BM25F divides a field's total length by EVERY document to get its average length; only head
# documents have a title, so a title looked ~150 times longer than average and its matches scored next to
# nothing, TITLE_BOOST or not. Titles are short and alike: no length normalisation for them (B=0).
FIELD_B = {"title_B": 0.0, "title_joined_B": 0.0}
BULK_BATCH = 1000  # documents per job file handed to a worker process in a parallel rebuild


class PersianAnalyzer(Analyzer):
    """Whoosh analyzer over `analysis.index_tokens` (words, or joins with `joins=True`). Whoosh pickles it into
    the index schema: keep this import path stable (an index whose schema names another is rebuilt)."""

    def __init__(self, joins: bool = False):
        self.joins = joins

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersianAnalyzer) and other.joins == self.joins

    def __hash__(self) -> int:
        return hash((PersianAnalyzer, self.joins))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        for term, pos, start, end in index_tokens(value, joins=self.joins):
            token = Token(positions=positions, chars=chars, removestops=removestops, mode=mode, **kwargs)
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def build_schema() -> Schema:
    words_analyzer = PersianAnalyzer()
    joins_analyzer = PersianAnalyzer(joins=True)
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        article_id=ID(stored=True),
        title=TEXT(analyzer=words_analyzer, phrase=True, field_boost=TITLE_BOOST),
        title_joined=TEXT(analyzer=joins_analyzer, phrase=False, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=words_analyzer, phrase=True),
        body_joined=TEXT(analyzer=joins_analyzer, phrase=False),
        speaker=ID(sortable=True),
        outlet=ID(sortable=True),
        month=ID(sortable=True),
        date_start=NUMERIC(int, bits=32, sortable=True),
        date_end=NUMERIC(int, bits=32, sortable=True),
        moment=NUMERIC(int, bits=32, sortable=True),  # what date order sorts by (see SearchDocument.moment)
    )


def _fields(document: SearchDocument) -> dict:
    fields = {
        "doc_id": document.doc_id,
        "kind": document.kind,
        "article_id": str(document.article_id),
        "title": document.title,
        "title_joined": document.title,
        "body": document.body,
        "body_joined": document.body,
        "speaker": document.speaker,
        "outlet": document.outlet,
        "month": document.month,
    }
    if document.date_start is not None:
        fields["date_start"] = document.date_start
        fields["date_end"] = document.date_end if document.date_end is not None else document.date_start
    if document.sort_moment is not None:
        fields["moment"] = document.sort_moment
    return fields


class FacetValues(sorting.FacetType):
    """The four facet values of a document as one key, read from per-segment lists.

    Whoosh's `FieldFacet` reads each matching document's column values from the segment file (no mmap: a file
    read per value), which cost more than the search itself on large result lists. A segment never changes
    once written, so its four columns are read once into a list of value tuples (kept by segment id in
    `cache`) and every match is then a list lookup.
    """

    def __init__(self, cache: dict, key: Callable[[tuple], object] | None = None):
        self.cache = cache
        self.key = key  # the sort or group key made from a document's values (default: the values)

    def categorizer(self, global_searcher):
        return _FacetValuesCategorizer(global_searcher.schema, self.cache, self.key)


class _FacetValuesCategorizer(sorting.Categorizer):
    def __init__(self, schema, cache: dict, key: Callable[[tuple], object] | None):
        self._schema = schema
        self._cache = cache
        self._key = key
        self._values: list[tuple] = []

    def set_searcher(self, segment_searcher, docoffset):
        reader = segment_searcher.reader()
        key = _segment_id(reader)
        values = self._cache.get(key)
        if values is None:
            values = self._cache[key] = _segment_facet_values(reader, self._schema)
        self._values = values

    def key_for(self, matcher, segment_docnum):
        values = self._values[segment_docnum]
        return values if self._key is None else self._key(values)


def _column_values(reader, name: str) -> Sequence:
    """Every document's raw value in one column of a segment, as `column_reader(name)[docnum]` gives it.

    Without mmap each `[docnum]` is a seek and a read; the whole column is read in one go instead for the
    kinds of column our schema has (variable bytes for ID fields, fixed-width numbers for dates), which
    makes the first search of a worker on a large segment seconds shorter. Other kinds are read one by one."""
    column = reader.column_reader(name, translate=False)
    count = reader.doc_count_all()
    if isinstance(column, VarBytesColumn.Reader):
        offsets, lengths = column._offsets, column._lengths
        size = max((offsets[i] + lengths[i] for i in range(count) if lengths[i]), default=0)
        data = column._dbfile.get(column._basepos, size) if size else b""
        if len(data) != size:  # a file cut short: an error the backend heals from, not wrong facets
            raise OSError(f"column {name!r} is truncated")
        seen: dict[bytes, bytes] = {}
        return [
            seen.setdefault(value, value)
            for value in (data[offsets[i] : offsets[i] + lengths[i]] if lengths[i] else b"" for i in range(count))
        ]
    if isinstance(column, NumericColumn.Reader):
        stored = min(column._count, count)
        data = column._dbfile.get(column._basepos, stored * column._fixedlen)
        if len(data) != stored * column._fixedlen:
            raise OSError(f"column {name!r} is truncated")
        padding = [column._default] * (count - stored)
        if column._typecode in _ARRAY_CODES and array(column._typecode).itemsize == column._fixedlen:
            # A machine array, not a list of int objects: 4 bytes a document instead of ~36 (a date column of
            # a 100k-article archive is ~7 MB, not ~60 MB, in every worker that has run a date search).
            values = array(column._typecode, data)
            if sys.byteorder == "little":
                values.byteswap()  # the column is big-endian ("!")
            values.extend(padding)
            return values
        return [value for (value,) in struct.iter_unpack("!" + column._typecode, data)] + padding
    return list(column)


def _segment_id(reader) -> str | None:
    segment = reader.segment()  # None for an empty index's reader
    return segment.segment_id() if segment is not None else None


def _segment_facet_values(reader, schema) -> list[tuple[str, str, str, str]]:
    """Every document's (speaker, outlet, month, kind) in one segment, as FieldFacet would name them (as text,
    "" for none)."""
    columns = []
    for name in FACETS:
        field = schema[name]
        names: dict = {}  # each distinct raw value named once
        columns.append(
            [
                names[value] if value in names else names.setdefault(value, _name(field.from_column_value(value)))
                for value in _column_values(reader, name)
            ]
        )
    distinct: dict[tuple, tuple] = {}  # one tuple per distinct combination: the list holds references only
    return [distinct.setdefault(values, values) for values in zip(*columns, strict=True)]


class SegmentLengthsBM25F(scoring.BM25F):
    """BM25F whose per-match field length comes from a segment's length column read once into memory.

    Whoosh's scorer asks the segment for each match's field length: without mmap that is a seek and a file read
    per match and field, most of the scoring time on large result lists. The column is one byte per document,
    so a segment's is read in one go (kept by (segment id, field) in `cache`) and decoded with Whoosh's own
    byte-to-length table: the same lengths, the same scores.
    """

    def __init__(self, cache: dict, **field_b):
        super().__init__(**field_b)
        self.cache = cache

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            reader = searcher.reader()
            key = (_segment_id(reader), fieldname)
            lengths = self.cache.get(key)
            if lengths is None:
                lengths = _segment_field_lengths(reader, fieldname)
                if lengths is not None:
                    self.cache[key] = lengths
            if lengths is not None:
                data, table = lengths
                scorer.dfl = lambda docnum: table[data[docnum]]
                scorer.lengths = lengths  # whoosh_postings scores whole blocks from it
        return scorer


class _ScaledWeighting(scoring.WeightingModel):
    """`weighting` with each BM25F score multiplied by `boost`, carried in the scorer's idf (see BoostedTerm)."""

    def __init__(self, weighting: scoring.WeightingModel, boost: float):
        self.weighting = weighting
        self.boost = boost

    def idf(self, searcher, fieldname, text):
        return self.weighting.idf(searcher, fieldname, text)

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = self.weighting.scorer(searcher, fieldname, text, qf=qf)
        scorer.idf *= self.boost  # BM25 is linear in idf: the score and each block's quality scale alike
        return scorer


class BoostedTerm(wq.Term):
    """A boosted term whose scorer carries the boost, instead of Whoosh's WrappingMatcher around its postings.

    The wrapper costs a Python call per step, match and score (about a fifth of a common word's query time at
    100,000 articles); scaling the idf gives the same scores (EXACT_BOOST is 2: scaling by it is exact)."""

    def weighting_for(self, weighting, field) -> tuple[scoring.WeightingModel, float]:
        """The weighting this term's postings are scored with, and the factor still to apply to their scores."""
        if self.boost == 1.0 or not field.scorable or not isinstance(weighting, scoring.BM25F):
            return weighting, self.boost
        return _ScaledWeighting(weighting, self.boost), 1.0

    def matcher(self, searcher, context=None):
        weighting = context.weighting if context is not None else searcher.weighting
        if self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        scaled, boost = self.weighting_for(weighting, searcher.schema[self.fieldname])
        if boost != 1.0 or scaled is weighting:
            return super().matcher(searcher, context)
        context = context.set(weighting=scaled) if context is not None else searcher.context(weighting=scaled)
        return wq.Term(self.fieldname, self.text).matcher(searcher, context)


# byte_to_length for every length byte; 0 (no length stored) is None, as in W3PerDocReader.doc_field_length.
_LENGTH_OF_BYTE = (None, *(byte_to_length(b) for b in range(1, 256)))


def _segment_field_lengths(reader, fieldname: str) -> tuple[bytes, tuple] | None:
    """One byte per document of the segment (Whoosh's length column, padded with its default 0), or None when
    this reader is not a plain Whoosh 3 segment, which then keeps Whoosh's own per-match reads."""
    perdoc = getattr(reader, "_perdoc", None)
    if _segment_id(reader) is None or not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if not isinstance(column, FixedBytesColumn.Reader) or column._fixedlen != 1:
        return None
    data = column._dbfile.get(column._basepos, column._count)
    if len(data) != column._count:  # a file cut short: an error the backend heals from, not wrong scores
        raise OSError(f"length column of {fieldname!r} is truncated")
    return data + bytes(max(0, reader.doc_count_all() - column._count)), _LENGTH_OF_BYTE


def _segment_dates(reader, schema) -> tuple[Sequence[int], Sequence[int], int]:
    """(date_start, date_end) of every document of a segment in the columns' sortable form, and the value a
    document without a date has there."""
    return (
        _column_values(reader, "date_start"),
        _column_values(reader, "date_end"),
        schema["date_start"].column_type.default_value(),
    )


def _score(key) -> float:
    """A hit's relevance; when sorted by date Whoosh gives the sort key, whose last part is the negated score."""
    if isinstance(key, tuple):
        return float(-key[-1]) if key else 0.0
    return float(key) if key is not None else 0.0


class WhooshBackend(SearchBackend):
    """On-disk index in `location` (a directory, created if missing)."""

    # Searches by relevance are evaluated a posting block at a time (see _ranked_search); off, Whoosh's own
    # collector answers them, as it does date-ordered searches. The tests compare the two.
    block_evaluation = True

    def __init__(self, location=None, source=None, options=None, archive_size=None):
        super().__init__(location, source, options, archive_size)
        if location is None:
            raise ValueError("WhooshBackend needs an index directory")
        self.path = Path(location)
        self._schema = build_schema()
        self._ix = None
        self._searcher = None
        self._facet_values: dict[str, list[tuple]] = {}  # per segment id, see FacetValues
        self._field_lengths: dict[tuple[str, str], tuple] = {}  # per (segment id, field), see SegmentLengthsBM25F
        self._dates: dict[str, tuple] = {}  # per segment id, see _dated_documents

    # -- opening, rebuilding -------------------------------------------------------------------------------

    def _file_storage(self) -> FileStorage:
        # No mmap: a segment file cut short under a running process must raise an error we can heal from,
        # not kill the worker with SIGBUS.
        return FileStorage(str(self.path), supports_mmap=False)

    def _storage_index(self, create: bool):
        if create:
            self.path.mkdir(parents=True, exist_ok=True)
            return self._file_storage().create_index(self._schema, indexname=INDEX_NAME)
        return self._file_storage().open_index(indexname=INDEX_NAME)

    def _exists(self) -> bool:
        return self.path.is_dir() and self._file_storage().index_exists(indexname=INDEX_NAME)

    def _forget(self) -> None:
        with self._lock:
            self._ix = self._searcher = None
            self._index_changed()

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Serialize writers across processes: wait for the lock instead of failing."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "write.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open_existing(self, reading: bool = True) -> tuple[object | None, str]:
        """(the index, "") when the one on disk is sound and has our schema, else (None, what is wrong). An
        empty index is only wrong to read from (while the archive is not empty): writes are what fill it."""
        try:
            if not self._exists():
                return None, "missing"
            ix = self._storage_index(create=False)
            if ix.schema.names() != self._schema.names():
                return None, "built with another schema"
            with ix.searcher() as probe:
                count = probe.doc_count()
            if reading and self.empty_for_archive(count):
                return None, "empty while the archive is not"
            return ix, ""
        except Exception as error:  # any damage to the files is a recognised fault: rebuilt by a repair
            return None, f"unreadable ({error.__class__.__name__}: {error})"

    def broken(self) -> str | None:
        return self._open_existing()[1] or None

    def index(self, reading: bool = True):
        """The open index; a missing, corrupt or outdated one raises IndexBroken (a repair rebuilds it)."""
        with self._lock:
            if self._ix is None:
                ix, problem = self._open_existing(reading)
                if ix is None:
                    raise IndexBroken(f"search index in {self.path} is {problem}")
                self._ix = ix
            return self._ix

    def _add_all(self, writer, documents: Iterable[SearchDocument], **commit_options) -> int:
        count = 0
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                count += 1
            writer.commit(**commit_options)
        except BaseException:
            # Whoosh's MpWriter.cancel() only flags its worker processes in this process's copy; they would wait
            # on the job queue for ever (and keep this process from exiting), so stop them here.
            for task in getattr(writer, "tasks", ()):
                if hasattr(task, "terminate"):
                    task.terminate()
            writer.cancel()
            raise
        return count

    def _bulk_writer(self, ix, processes: int):
        """One writer, or Whoosh's multiprocessing writer: each worker process analyses a share of the documents
        into a segment of its own (kept as it is, not merged again: a search reads several segments anyway)."""
        if processes <= 1:
            return ix.writer(timeout=60)
        # Job files of BULK_BATCH documents: fewer, larger hand-overs than Whoosh's default of 100.
        return ix.writer(timeout=60, procs=processes, multisegment=True, batchsize=BULK_BATCH)

    def _create(self, documents: Iterable[SearchDocument], processes: int = 1) -> int:
        """A new index in place of a missing or broken one (called under the write lock)."""
        if self.path.exists() and not self.path.is_dir():
            raise IndexBroken(f"{self.path} is a file, not an index directory")
        for child in self.path.glob(f"*{INDEX_NAME}*"):  # only our own files: the directory may be shared
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        ix = self._storage_index(create=True)
        count = self._add_all(self._bulk_writer(ix, processes), documents)
        with self._lock:
            self._ix = ix
            self._searcher = None
        return count

    def rebuild(self, documents: Iterable[SearchDocument], processes: int = 1) -> int:
        """Replace every document in one commit: readers see the old index until the new one is complete."""
        # Under the write lock only: this process's readers keep answering (or answering 503) meanwhile.
        with self._write_lock():
            ix, _ = self._open_existing(reading=False)
            if ix is None:  # checked again under the write lock: nothing sound is ever deleted
                return self._create(documents, processes)
            count = self._add_all(self._bulk_writer(ix, processes), documents, mergetype=CLEAR)
        with self._lock:
            self._ix = ix
        return count

    # -- writing ---------------------------------------------------------------------------------------------

    def _write(self, article_id: int, documents: Iterable[SearchDocument]) -> None:
        documents = list(documents)
        self._guarded(lambda: self._write_once(article_id, documents))

    def _write_once(self, article_id: int, documents: list[SearchDocument]) -> None:
        ix = self.index(reading=False)
        with self._write_lock():
            writer = ix.writer(timeout=60)
            try:
                writer.delete_by_term("article_id", str(article_id))
                for document in documents:
                    writer.add_document(**_fields(document))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise

    def replace_article(self, article_id: int, documents: Iterable[SearchDocument]) -> None:
        self._write(article_id, list(documents))

    def delete_article(self, article_id: int) -> None:
        self._write(article_id, [])

    def article_ids(self) -> set[int]:
        def ids() -> set[int]:
            searcher = self.searcher()
            # A term outlives its deleted documents until a merge: only ids with a live document count.
            return {
                int(term)
                for term in searcher.reader().field_terms("article_id")
                if next(iter(searcher.docs_for_query(wq.Term("article_id", term))), None) is not None
            }

        return self._guarded(ids)

    # -- reading ---------------------------------------------------------------------------------------------

    def searcher(self):
        """The process's shared searcher, reopened when the index has a newer generation."""
        ix = self.index()
        with self._lock:
            searcher = self._searcher
            if searcher is None or ix.latest_generation() != searcher.reader().generation():
                # The old searcher is left to the garbage collector: another thread may still be reading it.
                lengths: dict[tuple[str, str], tuple] = {}
                searcher = ix.searcher(weighting=SegmentLengthsBM25F(lengths, **FIELD_B))
                if self.empty_for_archive(searcher.doc_count()):  # emptied by a writer: broken, not 0 hits
                    raise IndexBroken(f"search index in {self.path} is empty while the archive is not")
                self._searcher = searcher
                # Keep what was read from segments the new generation still has (not merged away or deleted).
                live = {_segment_id(leaf) for leaf, _ in searcher.reader().leaf_readers()}
                self._facet_values = {k: v for k, v in self._facet_values.items() if k in live}
                self._dates = {k: v for k, v in self._dates.items() if k in live}
                lengths.update((k, v) for k, v in self._field_lengths.items() if k[0] in live)
                self._field_lengths = lengths
                self._index_changed()
            return searcher

    def state(self) -> str:
        """The index's generation on disk (any process's commit moves it)."""
        try:  # the location too: another index (a test's, a switched setting) may be at the same generation
            return f"{self.path}:{self.index().latest_generation()}"
        except Exception:
            return "broken"

    def document_count(self) -> int:
        return self._guarded(lambda: self.searcher().doc_count())

    def indexed_articles(self, article_ids: Iterable[int] | None = None) -> dict[int, str]:
        return self._guarded(lambda: self._indexed_articles(article_ids))

    def _indexed_articles(self, article_ids: Iterable[int] | None) -> dict[int, str]:
        searcher = self.searcher()
        if article_ids is None:
            stored = searcher.reader().all_stored_fields()  # live documents only
        else:
            stored = (fields for i in set(article_ids) for fields in searcher.documents(article_id=str(i)))
        held: dict[int, list[str]] = {}
        for fields in stored:
            held.setdefault(int(fields["article_id"]), []).append(fields["doc_id"])
        return {article_id: documents_signature(ids) for article_id, ids in held.items()}

    def term_count(self, word: str) -> int:
        return self._guarded(lambda: self._term_count(word))

    def _term_count(self, word: str) -> int:
        reader = self.searcher().reader()
        return max(reader.doc_frequency(f, word) for f in (*WORD_FIELDS, *JOIN_FIELDS))

    def known(self, term: str, joins: bool) -> bool:
        reader = self.searcher().reader()
        fields = (*WORD_FIELDS, *JOIN_FIELDS) if joins else WORD_FIELDS
        return any(reader.doc_frequency(field, term) for field in fields)

    def _terms_beginning(self, prefix: str) -> Iterator[str]:
        reader = self.searcher().reader()
        for field in WORD_FIELDS:
            decode = reader.schema[field].from_bytes
            for term in reader.expand_prefix(field, prefix):
                yield decode(term)

    def _word_documents(self, term: str) -> int:
        reader = self.searcher().reader()
        return sum(reader.doc_frequency(field, term) for field in WORD_FIELDS)

    # -- the plan as Whoosh queries ----------------------------------------------------------------------

    def _node_query(self, node: Node, fields: Fields = ALL_FIELDS) -> wq.Query:
        if isinstance(node, Word):
            word_fields, join_fields = fields
            reader = self.searcher().reader()
            # Only the terms the index holds: Whoosh keeps a matcher for each absent one in its union tree and
            # steps it at every match. The exact form is boosted in the word fields.
            present = [
                BoostedTerm(field, term, boost=EXACT_BOOST if i == 0 and field in word_fields else 1.0)
                for field in (*word_fields, *join_fields)
                for i, term in enumerate(node.terms)
                if reader.doc_frequency(field, term)
            ]
            if not present:
                return wq.NullQuery
            return wq.Or(present) if len(present) > 1 else present[0]
        if isinstance(node, Phrase):
            sequences = []
            for spelling in node.spellings:
                for field in fields[0]:
                    parts = [wq.Or([wq.Term(field, t) for t in position]) for position in spelling]
                    sequences.append(wq.Sequence(parts) if len(parts) > 1 else parts[0])
            return wq.Or(sequences)
        parts = [self._node_query(part, fields) for part in node.parts]
        return wq.And(parts) if isinstance(node, AllOf) else wq.Or(parts)

    @staticmethod
    def _filter_query(plan: SearchPlan, dates: bool = True, names: bool = True) -> wq.Query | None:
        """The plan's filters as a Whoosh filter (without the dates or the speaker and outlet names if asked)."""
        parts: list[wq.Query] = []
        if names and plan.speakers is not None:
            parts.append(wq.Or([wq.Term("speaker", name) for name in plan.speakers]) if plan.speakers else wq.NullQuery)
        if names and plan.outlets is not None:
            parts.append(wq.Or([wq.Term("outlet", name) for name in plan.outlets]) if plan.outlets else wq.NullQuery)
        if plan.kinds:
            parts.append(wq.Or([wq.Term("kind", kind) for kind in plan.kinds]))
        # An imprecise date is a range: it matches when the range overlaps the asked one.
        if dates and plan.date_from is not None:
            parts.append(wq.NumericRange("date_end", plan.date_from, None))
        if dates and plan.date_to is not None:
            parts.append(wq.NumericRange("date_start", None, plan.date_to))
        if not parts:
            return None
        return wq.And(parts) if len(parts) > 1 else parts[0]

    def _dated_documents(self, searcher, plan: SearchPlan) -> set[int]:
        """The filter with a date range, as the set of documents that pass it.

        Whoosh would turn each NumericRange into a union of every date term in the range and walk it document
        by document on every search. The same test on each segment's date columns (read once, see
        `_segment_dates`) is a scan of two int arrays; the other restrictions stay Whoosh term queries."""
        passing: set[int] = set()
        for leaf, offset in searcher.reader().leaf_readers():
            in_range = self._date_test(leaf, plan)
            passing.update(offset + docnum for docnum in range(leaf.doc_count_all()) if in_range(docnum))
        rest = self._filter_query(plan, dates=False, names=False)
        if rest is not None:
            passing.intersection_update(searcher.docs_for_query(rest))
        return passing

    def _date_test(self, reader, plan: SearchPlan) -> Callable[[int], bool]:
        """Whether a document of this segment (`reader`) passes the date range, from its date columns (read once
        per segment). An imprecise date is a range: it passes when the range overlaps the asked one."""
        segment = _segment_id(reader)
        dates = self._dates.get(segment)
        if dates is None:
            dates = self._dates[segment] = _segment_dates(reader, self._schema)
        starts, ends, missing = dates
        sortable = self._schema["date_start"].to_column_value  # the columns hold dates in Whoosh's sortable form
        low = sortable(plan.date_from) if plan.date_from is not None else None
        high = sortable(plan.date_to) if plan.date_to is not None else None

        def in_range(docnum: int) -> bool:
            start, end = starts[docnum], ends[docnum]
            return (
                start != missing and end != missing and (low is None or end >= low) and (high is None or start <= high)
            )

        return in_range

    def _refresh(self) -> None:
        self.searcher()  # reopens on a new generation, which empties the kept results

    def _search(self, plan: SearchPlan, offset: int, limit: int) -> BackendResults:
        searcher = self.searcher()
        terms = plan.highlight
        nothing = BackendResults(0, [], {name: {} for name in FACETS}, terms)
        if plan.matches_nothing:
            return nothing
        positive = self._node_query(plan.positive) if plan.positive is not None else wq.Every()
        negative = [self._node_query(node) for node in plan.excluded]
        # The title tier: documents whose title alone holds every query word.
        in_title = self._node_query(plan.positive, TITLE_FIELDS) if plan.positive is not None else None
        # Excluded words are a mask, not an AndNot: Whoosh's AndNot matcher lets excluded documents through when
        # the results are sorted by a facet (date order, the title tier).
        mask = wq.Or(negative) if negative else None
        # Counted kinds are searched with the listed ones in one pass (a kind filter would make Whoosh list every
        # document of those kinds in the index), then sorted after them and left out of the hits and counts.
        hidden = plan.hidden
        filter_query = self._filter_query(plan)
        # Speaker and outlet names go into the query with a zero boost (x + 0.0 == x: the same scores): Whoosh
        # then skips to the named documents instead of listing all of them as a filter and walking every match.
        names = _names_query(plan)
        if names is not None:
            positive = wq.And([positive, names])
        if plan.sort == "relevance" and self.block_evaluation:
            return self._ranked_search(searcher, positive, in_title, mask, plan, offset, limit)
        if plan.dated:
            filter_query = self._dated_documents(searcher, plan)
            if not filter_query:  # Whoosh reads an empty filter set as no filter at all
                return nothing
        elif names is not None:
            filter_query = self._filter_query(plan, names=False)

        # One facet over the four values (read once per segment, see FacetValues); the four counts are added
        # up from it, outlet and month over the listed kinds only.
        groupedby = {"all": FacetValues(self._facet_values)}
        order: list[sorting.FacetType] = []
        if hidden:
            kind = FACETS.index("kind")
            order.append(FacetValues(self._facet_values, key=lambda values: values[kind] in hidden))
        if plan.sort == "date":
            order += [sorting.FieldFacet("moment", reverse=True), sorting.ScoreFacet()]
        elif plan.sort == "oldest":
            order += [sorting.FieldFacet("moment"), sorting.ScoreFacet()]
        elif in_title is not None:
            # Title matches rank first whatever their score: a sum of BM25 terms cannot promise that (a long
            # passage repeating the words, or matching them in several spellings, outscores any title).
            order += [sorting.QueryFacet({0: in_title}, other=1), sorting.ScoreFacet()]
        elif order:
            order.append(sorting.ScoreFacet())
        results = searcher.search(
            positive,
            filter=filter_query,
            mask=mask,
            limit=max(offset + limit, 1),
            groupedby=groupedby,
            maptype=sorting.Count,
            sortedby=order or None,
        )
        counts = _facet_counts(results.groups("all"), hidden)
        total = len(results) - sum(n for name, n in counts["kind"].items() if name in hidden)
        hits = [
            BackendHit(hit["doc_id"], hit["kind"], _score(hit.score))
            for hit in results[offset : offset + limit]
            if hit["kind"] not in hidden
        ]
        return BackendResults(total, hits, counts, terms)

    def _ranked_search(
        self,
        searcher,
        positive,
        in_title,
        mask,
        plan: SearchPlan,
        offset: int,
        limit: int,
    ) -> BackendResults:
        """A search by relevance, evaluated a posting block at a time (see whoosh_postings): the same matches,
        scores, order (title matches first, then by score, then by document number), totals and facets as
        Whoosh's collector gives, at a fraction of its per-match cost."""
        hidden, terms = plan.hidden, plan.highlight
        weighting = searcher.weighting
        wanted = offset + limit
        listed = frozenset(plan.kinds)  # the kind filter (empty: none)
        kind_at = FACETS.index("kind")
        dated = plan.dated
        groups: Counter = Counter()
        titled: list[tuple[float, int]] = []  # (score, global document number) of visible title matches
        others: list[tuple[float, int]] = []
        for leaf, base in searcher.leaf_searchers():
            found = postings.scores(positive, leaf, weighting)
            if found and mask is not None:
                for docnum in postings.scores(mask, leaf, weighting, within=found):
                    del found[docnum]
            if not found:
                continue
            reader = leaf.reader()
            segment = _segment_id(reader)
            values = self._facet_values.get(segment)
            if values is None:
                values = self._facet_values[segment] = _segment_facet_values(reader, self._schema)
            if dated:
                in_range = self._date_test(reader, plan)
                found = {docnum: score for docnum, score in found.items() if in_range(docnum)}
            # The kind filter, then the kinds counted but not shown; each is skipped when no match needs it.
            counted = Counter(map(values.__getitem__, found))  # per combination of facet values
            if listed and any(v[kind_at] not in listed for v in counted):
                found = {docnum: score for docnum, score in found.items() if values[docnum][kind_at] in listed}
                counted = Counter({v: n for v, n in counted.items() if v[kind_at] in listed})
            groups.update(counted)
            if hidden and any(v[kind_at] in hidden for v in counted):  # counted above, but not shown
                found = {docnum: score for docnum, score in found.items() if values[docnum][kind_at] not in hidden}
            in_title_docs = postings.scores(in_title, leaf, weighting, within=found) if in_title is not None else {}
            titled += ((found[docnum], base + docnum) for docnum in in_title_docs)
            if len(in_title_docs) < wanted:  # otherwise title matches alone fill every wanted place
                # Only the best `wanted` of the rest can be shown: the others are never made into pairs.
                floor = _floor(found.values(), wanted + len(in_title_docs))
                others += (
                    (score, base + docnum)
                    for docnum, score in found.items()
                    if score >= floor and docnum not in in_title_docs
                )
        counts = _facet_counts(groups, hidden)
        total = sum(groups.values()) - sum(n for name, n in counts["kind"].items() if name in hidden)
        ranked = _best(titled, wanted)
        if len(ranked) < wanted:
            ranked += _best(others, wanted - len(ranked))
        hits = []
        for score, docnum in ranked[offset:wanted]:
            stored = searcher.stored_fields(docnum)
            hits.append(BackendHit(stored["doc_id"], stored["kind"], float(score)))
        return BackendResults(total, hits, counts, terms)


def _floor(scores: Collection[float], n: int) -> float:
    """A score no lower than the n-th highest (every score that can be among the best n is at least this)."""
    if n <= 0:
        return float("inf")
    if len(scores) <= n:
        return float("-inf")
    return heapq.nlargest(n, scores)[-1]


def _best(scored: list[tuple[float, int]], n: int) -> list[tuple[float, int]]:
    """The n highest scores, ties by document number (as Whoosh orders them), without sorting them all."""
    if n <= 0 or not scored:
        return []
    if len(scored) > n:
        floor = _floor([score for score, _ in scored], n)
        scored = [pair for pair in scored if pair[0] >= floor]
    return sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:n]


def _name(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _facet_counts(groups: dict, hidden: frozenset[str]) -> dict[str, dict[str, int]]:
    """Counts per FACETS value from counts per (speaker, outlet, month, kind): every kind is counted in
    "kind" and "speaker"; "outlet" and "month" count the listed kinds only."""
    speakers: Counter = Counter()
    outlets: Counter = Counter()
    months: Counter = Counter()
    kinds: Counter = Counter()
    for (speaker, outlet, month, kind), n in groups.items():  # FACETS' order
        speakers[speaker] += n
        kinds[kind] += n
        if kind not in hidden:
            outlets[outlet] += n
            months[month] += n
    return {name: _counts(found) for name, found in zip(FACETS, (speakers, outlets, months, kinds), strict=True)}


def _names_query(plan: SearchPlan) -> wq.Query | None:
    """Every asked speaker or outlet name must match (one of each list), scoring nothing."""
    parts = [
        wq.Or([wq.Term(field, name, boost=0.0) for name in names])
        for field, names in (("speaker", plan.speakers), ("outlet", plan.outlets))
        if names
    ]
    return wq.And(parts) if parts else None


def _counts(groups: dict) -> dict[str, int]:
    """A facet's counts, largest first (then by name); documents without a value are not counted."""
    return {str(k): int(v) for k, v in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])) if k}
