"""The index follows the database, always: the outbox of index work, its draining, and the check that repairs.

Every change to an article records an `IndexTask` (its id) in the same transaction as the change
(archive.search.signals). After the commit the task is drained: the article is read from the database as it
then is and its documents replaced in the index, then the task is deleted. A process killed between the two
(kill -9, the OOM killer, a deploy) leaves the task behind, and the next drain does the work: `import_pages`
and `rebuild_index` drain before they start, `check_index` drains, and so does the server's start
(gunicorn.conf.py's when_ready, before it forks workers: a request never does this work).

Draining is serialised by one lock per index (a file beside it), taken *before* the database is read: two
processes updating the same article (two importers on PostgreSQL) could otherwise write what each read in
the wrong order, the older read last, and leave the index holding passages the database has replaced. Under
the lock, whoever writes last also read last, and a task is only deleted once a read that began after it was
committed has been written.

`check(repair=True)` compares what the index holds per article (`SearchBackend.indexed_articles()`, the ids of
its documents) with the database and reindexes exactly the difference: articles missing from the index,
orphans the database no longer has, and stale ones (passages replaced by a re-import the index never saw).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("archive.search")

DRAIN_BATCH = 200  # articles reindexed per lock hold: other writers wait at most one batch
CHECK_CHUNK = 500  # article ids per database query when checking some articles
# How long the reindex after a commit (an admin save, a request) waits for the lock before it leaves its task
# to whoever holds it: a rebuild drains what was recorded meanwhile, an import's last check drains everything.
AFTER_COMMIT_WAIT = 10.0

_held = threading.local()


def _lock_path() -> Path:
    from django.conf import settings

    index = Path(settings.SEARCH_INDEX_DIR)
    return index.with_name(f".{index.name}.sync.lock")


class LockBusy(Exception):
    """The index's update lock was not free within the time asked for."""


def _acquire(handle, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockBusy(f"the search index's update lock was held for more than {timeout:.0f} s") from None
            time.sleep(0.05)


@contextlib.contextmanager
def sync_lock(timeout: float | None = None) -> Iterator[None]:
    """Hold the index's update lock (re-entrant in one thread; across processes and threads, one at a time);
    with `timeout`, raise LockBusy rather than wait longer."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    path = _lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        _acquire(handle, timeout)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def record(article_ids: Iterable[int], op: str = "index") -> None:
    """Record index work for these articles in the current transaction (it commits or rolls back with it)."""
    from archive.models import IndexTask

    IndexTask.objects.bulk_create(IndexTask(article_id=i, op=op) for i in sorted(set(article_ids)))


def reindex(article_ids: Iterable[int], wait: float | None = None) -> None:
    """Bring these articles up to date in the index now, and clear the tasks recorded for them so far. With
    `wait`, give up after that many seconds if another process holds the lock (LockBusy; the tasks stay)."""
    from archive.models import IndexTask

    ids = set(article_ids)
    if not ids:
        return
    with sync_lock(wait):
        # The tasks are read before the articles: a task committed after this read stays for the next drain.
        tasks = list(IndexTask.objects.filter(article_id__in=ids).values_list("pk", "article_id"))
        reindex_articles_and_clear(ids, tasks)


def reindex_articles_and_clear(ids: set[int], tasks: list[tuple[int, int]]) -> None:
    from archive.models import IndexTask
    from archive.search import reindex_articles

    reindex_articles(ids)
    if tasks:
        IndexTask.objects.filter(pk__in=[pk for pk, _ in tasks]).delete()


def pending() -> int:
    """How many articles have index work recorded and not yet done."""
    from archive.models import IndexTask

    return IndexTask.objects.values("article_id").distinct().count()


def drain() -> int:
    """Do all recorded index work (left by an interrupted process, or not yet reached); returns how many
    articles were reindexed."""
    from archive.models import IndexTask

    done = 0
    while True:
        with sync_lock():
            tasks = list(IndexTask.objects.order_by("pk").values_list("pk", "article_id")[: DRAIN_BATCH * 4])
            if not tasks:
                return done
            ids = list(dict.fromkeys(article_id for _, article_id in tasks))[:DRAIN_BATCH]
            chosen = set(ids)
            reindex_articles_and_clear(chosen, [t for t in tasks if t[1] in chosen])
            done += len(chosen)


def clear_tasks_before(last_pk: int | None) -> None:
    """Forget tasks up to `last_pk`: a rebuild that read the whole database after they were committed did them."""
    from archive.models import IndexTask

    if last_pk is not None:
        IndexTask.objects.filter(pk__lte=last_pk).delete()


def last_task() -> int | None:
    from archive.models import IndexTask

    return IndexTask.objects.order_by("-pk").values_list("pk", flat=True).first()


def rebuild(processes: int = 1) -> int:
    """The whole index afresh (`manage.py rebuild_index`), and the index work recorded before it read the
    database forgotten: the rebuild did it (later work stays queued, and is done after). Returns the number of
    documents. Without this, 100,000 imported articles' work left queued was redone, article by article, by the
    next server's start-up check."""
    from archive.search import rebuild_index

    with sync_lock():  # no drain writes while the whole index is rewritten
        last = last_task()
        count = rebuild_index(processes=processes)
        clear_tasks_before(last)
    drain()
    return count


@dataclass
class Difference:
    """Where the index and the database disagree (article ids)."""

    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    orphans: list[int] = field(default_factory=list)  # in the index, not in the database
    stale: list[int] = field(default_factory=list)  # in both, with other passages

    @property
    def articles(self) -> list[int]:
        return sorted({*self.missing, *self.orphans, *self.stale})

    def __bool__(self) -> bool:
        return bool(self.missing or self.orphans or self.stale)

    def describe(self) -> str:
        if not self:
            return "the index agrees with the database"
        parts = [
            f"{len(ids)} {what} ({_sample(ids)})"
            for what, ids in (
                ("missing from the index", self.missing),
                ("in the index but not in the database", self.orphans),
                ("stale in the index", self.stale),
            )
            if ids
        ]
        return "articles " + "; ".join(parts)


def _sample(ids: list[int], shown: int = 8) -> str:
    text = ", ".join(map(str, ids[:shown]))
    return text + (f", … {len(ids) - shown} more" if len(ids) > shown else "")


def compare(article_ids: Iterable[int] | None = None) -> Difference:
    """Compare the index with the database, for every article or only these."""
    from archive.search import get_backend
    from archive.search.documents import database_signatures

    backend = get_backend()
    if article_ids is None:
        from archive.models import Article

        # Every article either side holds, then compared a chunk at a time: read whole, the two sides' document
        # ids took a server's master process to 846 MB at 100,000 articles, and its workers fork from it.
        article_ids = {*Article.objects.values_list("pk", flat=True), *backend.article_ids()}
    wanted = sorted(set(article_ids))
    database, index = {}, {}
    for start in range(0, len(wanted), CHECK_CHUNK):
        chunk = wanted[start : start + CHECK_CHUNK]
        database.update(database_signatures(chunk))
        index.update(backend.indexed_articles(chunk))
    return Difference(
        missing=sorted(database.keys() - index.keys()),
        orphans=sorted(index.keys() - database.keys()),
        stale=sorted(i for i in database.keys() & index.keys() if database[i] != index[i]),
    )


def check(repair: bool = True, article_ids: Iterable[int] | None = None) -> Difference:
    """Drain the outbox, compare index and database (all articles, or these), and when `repair`, reindex the
    difference (only it). Returns the difference found before repairing."""
    drain()
    with sync_lock():  # no drain may write between the comparison and the repair
        difference = compare(article_ids)
        if difference and repair:
            log.warning("search index: %s; repairing them", difference.describe())
            for start in range(0, len(difference.articles), DRAIN_BATCH):
                reindex_articles_and_clear(set(difference.articles[start : start + DRAIN_BATCH]), [])
    drain()  # what was recorded while this held the lock (a save that did not wait for it)
    return difference


def startup_check() -> None:
    """At the server's start (before workers fork): finish interrupted index work and repair the difference.
    Never stops the server from starting: a failure is logged (run `manage.py check_index`)."""
    from django.db import connections

    try:
        check(repair=True)
    except Exception:
        log.exception("search index start-up check failed (run manage.py check_index)")
    finally:
        connections.close_all()  # the forked workers must not share the master's connections
