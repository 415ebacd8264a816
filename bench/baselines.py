"""The same documents and queries on SQLite FTS5 and on tantivy, for the side-by-side columns.

Both get the archive's search documents (head, paragraphs, statements, comments of every article, from
`archive.search.documents` when the search app is there), with `archive.persian.fold` applied to text and
queries, so letter forms and digits meet as they do in the app. Neither stems nor joins compounds: they do
less linguistic work than the app's analyzer, which is the honest way to read their columns.

Each query does what the app's search does for a results page: the top 20 by BM25 with a highlighted
snippet each, the exact total, and facet counts (speaker, outlet, Jalali month, kind) over all matches.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.persian import fold
from archive.search.vocabulary import COMMENT, DEFAULT_PER_PAGE, FACETS, HEAD, PARAGRAPH, STATEMENT, document_id

PER_PAGE = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class Doc:
    doc_id: str
    kind: str
    article_id: int
    text: str
    speaker: str
    outlet: str
    month: str  # Jalali "1397-03"


@dataclass(frozen=True)
class BenchQuery:
    """One query of the fixed set, in the app's terms; the baselines translate it."""

    label: str
    words: tuple[str, ...] = ()
    phrase: bool = False
    speaker: str | None = None
    date_from: str | None = None  # Jalali "1395-01"
    date_to: str | None = None

    @property
    def text(self) -> str:
        joined = " ".join(self.words)
        return f'"{joined}"' if self.phrase else joined


def documents() -> Iterator[Doc]:
    """Every search document of the archive, as the app's index sees them."""
    try:
        from archive.search.documents import article_documents, articles_queryset
    except ImportError:  # the search app is not there yet: the same cut, made here
        yield from _own_documents()
        return
    for article in articles_queryset().iterator(chunk_size=500):
        for d in article_documents(article):
            text = "\n".join(part for part in (d.title, d.body) if part)
            yield Doc(d.doc_id, d.kind, d.article_id, text, d.speaker, d.outlet, d.month)


def _own_documents() -> Iterator[Doc]:
    from archive.models import Article

    queryset = Article.objects.select_related("outlet").prefetch_related("paragraphs", "comments", "statements__person")
    for a in queryset.order_by("pk").iterator(chunk_size=500):
        outlet, month = (a.outlet.name if a.outlet_id else ""), a.published_jalali[:7]
        head = "\n".join(p for p in (a.kicker, a.title, a.lead) if p)
        yield Doc(document_id(HEAD, a.pk), "article", a.pk, head, "", outlet, month)
        for p in a.paragraphs.all():
            yield Doc(document_id(PARAGRAPH, p.pk), "article", a.pk, p.text, "", outlet, month)
        for s in a.statements.all():
            yield Doc(document_id(STATEMENT, s.pk), "statement", a.pk, s.text, s.person.name, outlet, month)
        for c in a.comments.all():
            yield Doc(document_id(COMMENT, c.pk), "comment", a.pk, c.body, "", outlet, month)


def _month_bounds(q: BenchQuery) -> tuple[str, str]:
    return (q.date_from or "0000-00")[:7], (q.date_to or "9999-99")[:7]


# ---------------------------------------------------------------------------------------------------------
# SQLite FTS5


class Fts5:
    name = "SQLite FTS5"

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(text, doc_id UNINDEXED, kind UNINDEXED, article_id UNINDEXED,"
            " speaker UNINDEXED, outlet UNINDEXED, month UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )

    def build(self, docs: Iterable[Doc]) -> int:
        started, n = time.perf_counter(), 0
        batch: list[tuple] = []
        for d in docs:
            batch.append((fold(d.text), d.doc_id, d.kind, d.article_id, d.speaker, d.outlet, d.month))
            if len(batch) == 5000:
                self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
                n += len(batch)
                batch = []
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        n += len(batch)
        self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.db.commit()
        self.build_seconds = time.perf_counter() - started
        return n

    @staticmethod
    def match_expression(q: BenchQuery) -> str:
        words = [re.sub(r'"', "", fold(w)) for w in q.words]
        if q.phrase:
            return '"' + " ".join(words) + '"'
        return " ".join(f'"{w}"' for w in words)

    def search(self, q: BenchQuery) -> dict:
        where, params = "docs MATCH ?", [self.match_expression(q)]
        if q.speaker:
            where += " AND speaker = ?"
            params.append(q.speaker)
        if q.date_from or q.date_to:
            where += " AND month BETWEEN ? AND ?"
            params += list(_month_bounds(q))
        hits = self.db.execute(
            f"SELECT doc_id, kind, snippet(docs, 0, '<mark>', '</mark>', '…', 16) FROM docs WHERE {where}"
            f" ORDER BY bm25(docs) LIMIT {PER_PAGE}",
            params,
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0]
        facets = {
            f: self.db.execute(
                f"SELECT {f}, count(*) AS n FROM docs WHERE {where} GROUP BY {f} ORDER BY n DESC LIMIT 10", params
            ).fetchall()
            for f in FACETS
        }
        return {"total": total, "hits": hits, "facets": facets}

    def size(self) -> int:
        return self.path.stat().st_size


# ---------------------------------------------------------------------------------------------------------
# tantivy


class Tantivy:
    name = "tantivy"

    def __init__(self, folder: Path) -> None:
        import shutil

        import tantivy

        self.t = tantivy
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("text", stored=True)
        sb.add_text_field("doc_id", stored=True, tokenizer_name="raw")
        for name in FACETS:
            sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
        sb.add_integer_field("month_key", indexed=True, fast=True)
        self.schema = sb.build()
        self.index = tantivy.Index(self.schema, path=str(folder))

    def build(self, docs: Iterable[Doc]) -> int:
        started, n = time.perf_counter(), 0
        writer = self.index.writer(heap_size=256_000_000, num_threads=2)
        for d in docs:
            writer.add_document(
                self.t.Document(
                    text=fold(d.text),
                    doc_id=d.doc_id,
                    speaker=d.speaker or "-",
                    outlet=d.outlet or "-",
                    month=d.month or "-",
                    kind=d.kind,
                    month_key=int(d.month.replace("-", "")) if d.month else 0,
                )
            )
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.build_seconds = time.perf_counter() - started
        return n

    def _query(self, q: BenchQuery):
        t = self.t
        words = [fold(w) for w in q.words]
        if q.phrase:
            text_query = t.Query.phrase_query(self.schema, "text", words)
        else:
            text_query = t.Query.boolean_query(
                [(t.Occur.Must, t.Query.term_query(self.schema, "text", w)) for w in words]
            )
        clauses = [(t.Occur.Must, text_query)]
        if q.speaker:
            clauses.append((t.Occur.Must, t.Query.term_query(self.schema, "speaker", q.speaker)))
        if q.date_from or q.date_to:
            low, high = _month_bounds(q)
            low_key = int(low.replace("-", "")) if q.date_from else 0
            high_key = int(high.replace("-", "")) if q.date_to else 99999999
            clauses.append(
                (t.Occur.Must, t.Query.range_query(self.schema, "month_key", t.FieldType.Integer, low_key, high_key))
            )
        return t.Query.boolean_query(clauses)

    def search(self, q: BenchQuery) -> dict:
        query = self._query(q)
        searcher = self.index.searcher()
        result = searcher.search(query, PER_PAGE, count=True)
        generator = self.t.SnippetGenerator.create(searcher, query, self.schema, "text")
        generator.set_max_num_chars(160)
        hits = []
        for _, address in result.hits:
            doc = searcher.doc(address)
            hits.append((doc["doc_id"][0], doc["kind"][0], generator.snippet_from_doc(doc).to_html()))
        aggs = {f: {"terms": {"field": f, "size": 10}} for f in FACETS}
        facets = searcher.aggregate(query, aggs)
        return {"total": result.count, "hits": hits, "facets": facets}

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
