"""Search backends: one interface (`base.SearchBackend`), one engine per module, imported only when chosen.

A backend is named by its dotted path, as Django names cache backends; `BACKENDS` gives the short names that
`SEARCH_BACKEND` accepts. Settings (`SEARCH_BACKENDS`, like `CACHES`):

    SEARCH_BACKENDS = {"default": {"ENGINE": "archive.search.backends.tantivy.TantivyBackend",
                                   "LOCATION": "var/index-tantivy", "OPTIONS": {"heap_mb": 64}}}
"""

from __future__ import annotations

from importlib import import_module

from archive.search.backends.base import (
    BackendHit,
    BackendResults,
    IndexBroken,
    Restrictions,
    SearchBackend,
    SearchUnavailable,
)

BACKENDS: dict[str, str] = {
    "whoosh": "archive.search.backends.whoosh.WhooshBackend",
    "memory": "archive.search.backends.memory.MemoryBackend",
    "tantivy": "archive.search.backends.tantivy.TantivyBackend",
}


def backend_class(engine: str) -> type[SearchBackend]:
    """The class for a short name (`tantivy`) or a dotted path (`archive.search.backends.tantivy.TantivyBackend`)."""
    path = BACKENDS.get(engine, engine)
    module_name, _, class_name = path.rpartition(".")
    if not module_name:
        raise ImportError(f"search backend {engine!r} is neither one of {', '.join(BACKENDS)} nor a dotted path")
    backend = getattr(import_module(module_name), class_name)
    if not (isinstance(backend, type) and issubclass(backend, SearchBackend)):
        raise ImportError(f"{path} is not a SearchBackend")
    return backend


__all__ = [
    "BACKENDS",
    "BackendHit",
    "BackendResults",
    "IndexBroken",
    "Restrictions",
    "SearchBackend",
    "SearchUnavailable",
    "backend_class",
]
