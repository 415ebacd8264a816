"""The Whoosh engine in memory: for tests and throwaway indexes (one process only, nothing on disk)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from whoosh.filedb.filestore import RamStorage

from archive.search.backends.whoosh import INDEX_NAME, WhooshBackend


class MemoryBackend(WhooshBackend):
    """The same engine in memory (Whoosh's RamStorage): for tests and throwaway indexes; not shared between
    processes. It starts empty (there is nothing to lose or repair), and is filled by `rebuild`."""

    capabilities = frozenset({"phrases", "facets", "dates", "suggest"})

    def __init__(self, location=None, source=None, options=None, archive_size=None):
        super().__init__(location or "memory", source, options, archive_size=None)
        self._storage = RamStorage()
        self._storage.create_index(self._schema, indexname=INDEX_NAME)

    def _exists(self) -> bool:
        return self._storage.index_exists(indexname=INDEX_NAME)

    def _storage_index(self, create: bool):
        if create:
            return self._storage.create_index(self._schema, indexname=INDEX_NAME)
        return self._storage.open_index(indexname=INDEX_NAME)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        with self._lock:
            yield

    def _bulk_writer(self, ix, processes: int):
        # Worker processes could not write into this process's memory: a memory index is always built here.
        return ix.writer()

    def _create(self, documents, processes: int = 1):
        self._storage = RamStorage()
        ix = self._storage.create_index(self._schema, indexname=INDEX_NAME)
        count = self._add_all(ix.writer(), documents)
        self._ix = ix
        self._searcher = None
        return count

    def _forget(self) -> None:
        with self._lock:
            self._searcher = None
            self._index_changed()
