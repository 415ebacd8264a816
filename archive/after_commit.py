"""Work done once when the current transaction commits: the one after-commit helper of the archive.

    from archive.after_commit import after_commit
    after_commit("search-index", reindex, [article.pk])   # items gathered; reindex(items) once per commit

The index, re-attribution and the page cache each react to many saves in one transaction (an import writes
hundreds of rows) with one piece of work when it commits. `after_commit(key, work, items)` gathers `items` per
key and calls `work(items)` once, when the transaction commits; outside a transaction (autocommit) at once.
It is built only on Django's public `transaction.on_commit`, which drops callbacks with a rolled-back
transaction or savepoint and runs them once at the outermost commit (so `ATOMIC_REQUESTS` and nested atomics
behave as Django documents).

Every call registers its own on-commit callback; the first one to run at a commit does the work for the whole
key and the others find it done. Registering only once per transaction would need to know whether that one
callback was dropped with a rolled-back savepoint, which only Django's private state tells. The price: items
gathered in a rolled-back transaction are handed to the next commit's work on the same thread. Every user here
reconciles with the database as it then is (reindex an article, re-attribute the articles naming a person,
move the page-cache version on), so an extra item costs a little work and is never wrong. Work that would
act on the items' *content* must not use this helper.

A failing work is logged and does not fail the commit's caller (the database change stands; each user says
how to catch up). `reset()` forgets what is pending (tests, between cases).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable

from django.db import transaction

log = logging.getLogger("archive.after_commit")

_local = threading.local()  # each thread has its own connection, so its own transactions


class _Pending:
    """One key's gathered items, waiting for the commit that runs its work."""

    def __init__(self, work: Callable[[set], None]) -> None:
        self.work = work
        self.items: set = set()
        self.done = False

    def run(self, key: Hashable) -> None:
        if self.done:  # an earlier callback of the same commit did the work
            return
        self.done = True
        if _pending().get(key) is self:
            del _pending()[key]
        try:
            self.work(set(self.items))
        except Exception:
            log.exception("after-commit work %r failed for %d items", key, len(self.items))


def _pending() -> dict[Hashable, _Pending]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def after_commit(key: Hashable, work: Callable[[set], None], items: Iterable[Hashable] = ()) -> None:
    """Call `work(items gathered under key)` once when the current transaction commits (at once outside one)."""
    pending = _pending().get(key)
    if pending is None or pending.done:
        pending = _pending()[key] = _Pending(work)
    pending.items.update(items)
    transaction.on_commit(lambda: pending.run(key))


def pending_items(key: Hashable) -> set:
    """What is gathered under `key` and not yet handed to its work (possibly from a rolled-back transaction)."""
    pending = _pending().get(key)
    return set(pending.items) if pending is not None and not pending.done else set()


def reset() -> None:
    """Forget everything pending on this thread (for tests: a test's rolled-back transaction leaves nothing)."""
    _pending().clear()
