"""Request counters in Django's default cache, exact under concurrency: the API's rate limit and the admin
login's throttle count with them.

A counter is one cache key per client and fixed window, created with `cache.add` (only the first caller creates
it) and counted with `cache.incr` (atomic in Redis and in a worker's own memory). Django's file-based cache,
which production uses when no REDIS_URL is set so that every gunicorn worker on the machine shares the counts,
does neither atomically (it reads, adds one and writes back): `LockedFileBasedCache` makes both hold a lock
file across processes, so 300 requests at once against a budget of 60 let exactly 60 through, not 80.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache

# The clock windows are counted on. Fixed windows restart on the clock's multiples of their length, so a test
# that makes a few requests must not straddle one (five slow logins crossed 01:05:00 and counted 0 again): the
# tests hold this still.
clock = time.time


class LockedFileBasedCache(FileBasedCache):
    """Django's FileBasedCache with `add` and `incr` (and so `decr`) atomic across processes."""

    @contextlib.contextmanager
    def _counting(self) -> Iterator[None]:
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, "counters.lock"), "a") as handle:  # not a *.djcache file: never culled
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def add(self, key, value, timeout=None, version=None) -> bool:  # type: ignore[override]
        with self._counting():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None) -> int:  # type: ignore[override]
        with self._counting():
            return super().incr(key, delta, version)


@dataclass(frozen=True)
class Window:
    """One client's counter for the current fixed window."""

    key: str
    ends: float  # when the window ends (epoch seconds)
    seconds: int

    @property
    def retry_after(self) -> int:
        return max(1, int(self.ends - clock() + 0.999))


def window(name: str, who: str, seconds: int) -> Window:
    """The counter `name` of client `who` (hashed: any address or user name makes a short, valid key)."""
    start = int(clock() // seconds) * seconds
    digest = hashlib.sha256(who.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Window(f"{name}:{seconds}:{start}:{digest}", start + seconds, seconds)


def count(counter: Window) -> int:
    """Add one to the counter; returns its new value (exact however many processes count at once)."""
    timeout = counter.seconds + 1
    cache.add(counter.key, 0, timeout=timeout)
    try:
        return cache.incr(counter.key)
    except ValueError:  # expired between add and incr: whoever adds it first starts the new count
        if cache.add(counter.key, 1, timeout=timeout):
            return 1
        return cache.incr(counter.key)


def current(counter: Window) -> int:
    return int(cache.get(counter.key, 0) or 0)
