"""Keep the index in step with the database: any save or delete (the admin and the importer included) reindexes
the articles it touches once, when its transaction commits.

The importer replaces an article's children inside one transaction (hundreds of signals); collecting article
ids per transaction and reindexing each once on commit keeps that cheap. A rolled-back transaction indexes
nothing, because Django drops its on-commit callbacks.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger("archive.search")

_pending: set[int] = set()


def _flush() -> None:
    ids = set(_pending)
    _pending.clear()
    if not ids:
        return
    from archive.search import reindex_articles

    try:
        reindex_articles(ids)
    except Exception:  # the database change stands; a failed index update must not fail the request
        log.exception("could not update the search index for articles %s (run manage.py rebuild_index)", ids)


def _scheduled() -> bool:
    """Whether a flush is queued for the current transaction (Django forgets it on rollback)."""
    connection = transaction.get_connection()
    return any(entry[1] is _flush for entry in connection.run_on_commit)


def schedule(article_ids) -> None:
    ids = {i for i in article_ids if i is not None}
    if not ids:
        return
    if not _scheduled():
        _pending.clear()  # left over from a rolled-back transaction
    _pending.update(ids)
    if not _scheduled():
        transaction.on_commit(_flush)  # runs at once outside a transaction


def _article_changed(sender, instance, **kwargs) -> None:
    schedule([instance.pk])


def _child_changed(sender, instance, **kwargs) -> None:
    schedule([instance.article_id])


def _person_changed(sender, instance, **kwargs) -> None:
    from archive.models import Appearance, Statement

    ids = set(Appearance.objects.filter(person=instance).values_list("article_id", flat=True))
    ids |= set(Statement.objects.filter(person=instance).values_list("article_id", flat=True))
    schedule(ids)


def _role_changed(sender, instance, **kwargs) -> None:
    from archive.models import Person

    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        _person_changed(Person, person)


def _outlet_changed(sender, instance, **kwargs) -> None:
    from archive.models import Article

    schedule(Article.objects.filter(outlet=instance).values_list("pk", flat=True))


def connect() -> None:
    from archive.models import Appearance, Article, Comment, Outlet, Paragraph, Person, Role, Statement

    for signal in (post_save, post_delete):
        signal.connect(_article_changed, sender=Article, dispatch_uid=f"search-article-{signal}")
        for model in (Paragraph, Comment, Statement, Appearance):
            signal.connect(_child_changed, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}")
        signal.connect(_role_changed, sender=Role, dispatch_uid=f"search-role-{signal}")
        signal.connect(_outlet_changed, sender=Outlet, dispatch_uid=f"search-outlet-{signal}")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="search-person-save")
