"""Search backends: one interface (`base.SearchBackend`), one engine per module."""

from archive.search.backends.base import BackendHit, BackendResults, Restrictions, SearchBackend
from archive.search.backends.memory import MemoryBackend
from archive.search.backends.whoosh import WhooshBackend

BACKENDS: dict[str, type[SearchBackend]] = {"whoosh": WhooshBackend, "memory": MemoryBackend}

__all__ = [
    "BACKENDS",
    "BackendHit",
    "BackendResults",
    "MemoryBackend",
    "Restrictions",
    "SearchBackend",
    "WhooshBackend",
]
