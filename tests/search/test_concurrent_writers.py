"""Two processes writing the same on-disk index at once: no LockError, no lost update."""

from __future__ import annotations

import multiprocessing

import pytest

from archive.search.backends import backend_class
from archive.search.documents import SearchDocument
from archive.search.query import parse_query

UPDATES = 12


def _has_tantivy() -> bool:
    import importlib.util

    return importlib.util.find_spec("tantivy") is not None


ENGINES = ["whoosh", pytest.param("tantivy", marks=pytest.mark.skipif(not _has_tantivy(), reason="no tantivy"))]


def _writer(engine: str, location: str, first_id: int, word: str) -> None:
    backend = backend_class(engine)(location, source=lambda: [])
    for article_id in range(first_id, first_id + UPDATES):
        backend.replace_article(
            article_id,
            [SearchDocument(f"a:{article_id}", "article", article_id, title=f"{word} شماره {article_id}")],
        )
        # Both processes also rewrite one shared article: whichever is last wins, whole.
        backend.replace_article(0, [SearchDocument("a:0", "article", 0, title=f"مشترک {word}")])


@pytest.mark.parametrize("engine", ENGINES)
def test_two_processes_writing_at_once_lose_nothing(tmp_path, engine):
    location = str(tmp_path / "index")
    backend_class(engine)(location, source=lambda: []).repair(wait=True)  # create the empty index
    # Writers start from a fresh single-threaded forkserver, not by forking this test process: the suite runs
    # other threads (a live server, Playwright), and a fork taken while one of them holds a lock can hang.
    context = multiprocessing.get_context("forkserver")
    workers = [
        context.Process(target=_writer, args=(engine, location, 1, "تلگرام")),
        context.Process(target=_writer, args=(engine, location, 1001, "سروش")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]  # a LockError would have failed a worker

    reader = backend_class(engine)(location)
    assert reader.document_count() == 2 * UPDATES + 1
    for word in ("تلگرام", "سروش"):
        found = reader.search(parse_query(f"{word} شماره"), restrictions=_none(), limit=100)
        assert found.total == UPDATES
    shared = reader.search(parse_query("مشترک"), restrictions=_none())
    assert [hit.doc_id for hit in shared.hits] == ["a:0"]


def _none():
    from archive.search.backends import Restrictions

    return Restrictions()
