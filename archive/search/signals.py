"""Keep the index in step with the database: any save or delete (the admin and the importer included) records
the articles it touches in the index outbox, in its own transaction, and reindexes them once when it commits
(archive.search.sync: what a process killed in between leaves behind is done by the next drain).

The importer replaces an article's children inside one transaction (hundreds of signals); the articles are
gathered per transaction (archive.after_commit) and each recorded and reindexed once. A rolled-back
transaction records nothing (its outbox rows roll back with it) and Django drops its on-commit callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from archive.after_commit import after_commit, pending_items

log = logging.getLogger("archive.search")

AFTER_COMMIT_KEY = "search-index"


def _reindex(ids: set[int]) -> None:
    from archive.search import sync

    try:
        sync.reindex(ids, wait=None if _deferred() else sync.AFTER_COMMIT_WAIT)
    except sync.LockBusy as busy:
        # A rebuild or another importer holds the index: its own drain does this work (the tasks stay).
        log.warning("articles %s left to the next index drain: %s", sorted(ids), busy)
    except Exception:  # the database change stands, and so does its outbox row: the next drain reindexes it
        log.exception("could not update the search index for articles %s (run manage.py check_index)", sorted(ids))


_local = threading.local()  # each thread has its own connection, so its own transaction


def _deferred() -> bool:
    return getattr(_local, "deferred", None) is not None


@contextmanager
def deferred_indexing() -> Iterator[set[int]]:
    """Collect the articles touched inside the block and reindex them together at its end (and at each
    `flush_deferred()`), instead of once per transaction: an import of many pages writes the index once per
    batch, not once per page (a Whoosh commit costs far more than one page's documents). Inside the block the
    writer records its outbox rows itself (`archive.search.sync.record`, once per page)."""
    outer = getattr(_local, "deferred", None)
    if outer is not None:  # nested: the outermost block flushes
        yield outer
        return
    _local.deferred = set()
    try:
        yield _local.deferred
    finally:
        try:
            flush_deferred()
        finally:
            _local.deferred = None


def flush_deferred() -> None:
    """Reindex what a `deferred_indexing()` block has collected so far."""
    ids = getattr(_local, "deferred", None)
    if ids:
        batch = set(ids)
        ids.clear()
        _reindex(batch)


def schedule(article_ids: Iterable[int | None], op: str = "index") -> None:
    ids = {i for i in article_ids if i is not None}
    if not ids:
        return
    deferred = getattr(_local, "deferred", None)
    if deferred is not None:
        # Flushes happen between the block's transactions and reindex from the database as it then is, so a
        # rolled-back change only reindexes an article as it was.
        deferred.update(ids)
        return
    from archive.search import sync

    # One outbox row per article per transaction. (An article gathered in a rolled-back transaction is not
    # recorded again in the next one on this thread: it is still reindexed after that commit, and only a
    # crash in between would leave it to check_index.)
    new = ids - pending_items(AFTER_COMMIT_KEY) if transaction.get_connection().in_atomic_block else ids
    if new:
        sync.record(new, op)
    after_commit(AFTER_COMMIT_KEY, _reindex, ids)


def _article_changed(sender, instance, signal=None, **kwargs) -> None:
    schedule([instance.pk], "delete" if signal is post_delete else "index")


def _child_changed(sender, instance, **kwargs) -> None:
    # The whole article is reindexed, not only this child's document (sync.reindex → reindex_articles →
    # replace_article with every document of article_documents): so a comment added before a range-dated
    # article's placed day, or the first comment deleted, moves its head, paragraphs and statements too
    # (archive.timeline.placed_day), and the index keeps agreeing with the timeline and /dates/.
    schedule([instance.article_id])


def _person_changed(sender, instance, **kwargs) -> None:
    from archive.models import Statement

    # A person's name is indexed as the speaker of their statements.
    schedule(Statement.objects.filter(person=instance).values_list("article_id", flat=True))


def _role_changed(sender, instance, **kwargs) -> None:
    from archive.models import Person

    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        _person_changed(Person, person)


def _outlet_changed(sender, instance, **kwargs) -> None:
    from archive.models import Article

    schedule(Article.objects.filter(outlet=instance).values_list("pk", flat=True))


def connect() -> None:
    from archive.models import Article, Comment, Outlet, Paragraph, Person, Role, Statement

    for signal in (post_save, post_delete):
        signal.connect(_article_changed, sender=Article, dispatch_uid=f"search-article-{signal}")
        for model in (Paragraph, Comment, Statement):
            signal.connect(_child_changed, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}")
        signal.connect(_role_changed, sender=Role, dispatch_uid=f"search-role-{signal}")
        signal.connect(_outlet_changed, sender=Outlet, dispatch_uid=f"search-outlet-{signal}")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="search-person-save")
