"""A cache backend for tests: Django's LocMemCache that can list the keys it holds, through its public API only.

The page cache's tests need to see what was stored (one page, a new key when the index changed, nothing for a
signed-in request) without reading Django's private storage. LocMemCache shares its storage per LOCATION
between the instances each thread gets; the keys are listed the same way.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

_HELD: dict[str, set[str]] = {}  # LOCATION → keys set through any instance


class ListedLocMemCache(LocMemCache):
    def __init__(self, name: str, params: dict) -> None:
        super().__init__(name, params)
        self._held = _HELD.setdefault(name, set())

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        super().set(key, value, timeout, version)
        self._held.add(key)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        added = super().add(key, value, timeout, version)
        if added:
            self._held.add(key)
        return added

    def delete(self, key, version=None) -> bool:
        self._held.discard(key)
        return super().delete(key, version)

    def clear(self) -> None:
        super().clear()
        self._held.clear()

    def held_keys(self) -> list[str]:
        """The keys held now (one that expired is not), sorted."""
        return sorted(key for key in self._held if self.has_key(key))
