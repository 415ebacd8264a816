"""Keep the index in step with the database: any save or delete (the admin and the importer included) reindexes
the articles it touches once, when its transaction commits.

The importer replaces an article's children inside one transaction (hundreds of signals); collecting article
ids per transaction and reindexing each once on commit keeps that cheap. A rolled-back transaction indexes
nothing, because Django drops its on-commit callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger("archive.search")


class _Batch:
    """The article ids touched in one transaction, reindexed once when it commits."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        if not self.ids:
            return
        from archive.search import reindex_articles

        try:
            reindex_articles(self.ids)
        except Exception:  # the database change stands; a failed index update must not fail the request
            log.exception("could not update the search index for articles %s (run manage.py rebuild_index)", self.ids)


_local = threading.local()  # each thread has its own connection, so its own transaction


@contextmanager
def deferred_indexing() -> Iterator[set[int]]:
    """Collect the articles touched inside the block and reindex them together at its end (and at each
    `flush_deferred()`), instead of once per transaction: an import of many pages writes the index once per
    batch, not once per page (a Whoosh commit costs far more than one page's documents)."""
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
        batch = _Batch()
        batch.ids = set(ids)
        ids.clear()
        batch.flush()


def schedule(article_ids) -> None:
    ids = {i for i in article_ids if i is not None}
    if not ids:
        return
    deferred = getattr(_local, "deferred", None)
    if deferred is not None:
        # Flushes happen between the block's transactions and reindex from the database as it then is, so a
        # rolled-back change only reindexes an article as it was.
        deferred.update(ids)
        return
    batch: _Batch | None = getattr(_local, "batch", None)
    connection = transaction.get_connection()
    # A new batch when the last one ran, or was dropped with a rolled-back transaction.
    if batch is None or batch.flushed or not any(entry[1] == batch.flush for entry in connection.run_on_commit):
        batch = _local.batch = _Batch()
        batch.ids.update(ids)
        transaction.on_commit(batch.flush)  # runs at once outside a transaction
        return
    batch.ids.update(ids)


def _article_changed(sender, instance, **kwargs) -> None:
    schedule([instance.pk])


def _child_changed(sender, instance, **kwargs) -> None:
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
