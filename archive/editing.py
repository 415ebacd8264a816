"""An editor's decisions on people and outlets found in text: confirm, merge two into one, reject
(a rename is the admin's name field: the old name stays as an alias).

Each decision is kept in the records themselves, so a re-import honours it: a rejected name stays (origin
"rejected") and is never found again; a merged record's names become aliases of the one kept, so the pages that
wrote them find that one; a renamed person keeps the old name as an alias. People's changes re-attribute the
articles that name them when the transaction commits (the save and delete signals of
`archive.attribution.store`), with no re-import; outlets' changes re-index their articles (the search signals).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from archive.models import Appearance, Article, ArticleSource, Origin, Outlet, Person, Statement


def _names_into(target: Person | Outlet, names: Iterable[str]) -> None:
    known = set(target.all_names())
    for name in names:
        if name and name not in known:
            target.aliases.append(name)
            known.add(name)


@transaction.atomic
def confirm(records: Iterable[Person | Outlet]) -> int:
    """Found (or rejected) records become confirmed: known like fixture facts from now on."""
    count = 0
    for record in records:
        if record.origin != Origin.CONFIRMED:
            record.origin = Origin.CONFIRMED
            record.save(update_fields=["origin"])
            count += 1
    return count


@transaction.atomic
def reject(records: Iterable[Person | Outlet]) -> int:
    """«Not a person» / «not an outlet»: the record stays as a rejected name (so a re-import does not find it
    again), its statements and appearances go at re-attribution, its articles lose it as outlet or source."""
    count = 0
    for record in records:
        if isinstance(record, Outlet):
            for article in Article.objects.filter(outlet=record):
                article.outlet = None
                article.save(update_fields=["outlet", "updated_at"])
            for article in Article.objects.filter(sources__outlet=record).distinct():
                article.sources.filter(outlet=record).delete()
                _renumber_sources(article)
                article.save(update_fields=["updated_at"])
        record.origin = Origin.REJECTED
        record.save(update_fields=["origin"])
        count += 1
    return count


@transaction.atomic
def merge(target: Person | Outlet, others: Iterable[Person | Outlet]) -> int:
    """Merge `others` into `target`: their names become its aliases, their roles / articles / citations move
    to it, and they are deleted. Statements and appearances are re-made by re-attribution (people)."""
    count = 0
    for other in others:
        if other.pk == target.pk or type(other) is not type(target):
            continue
        _names_into(target, other.all_names())
        if isinstance(target, Person):
            other.roles.update(person=target)
            # Re-attribution re-makes them for the kept person; until it runs, nothing points at a deleted one.
            Statement.objects.filter(person=other).update(person=target)
            for appearance in Appearance.objects.filter(person=other):
                if Appearance.objects.filter(article=appearance.article, person=target).exists():
                    appearance.delete()
                else:
                    Appearance.objects.filter(pk=appearance.pk).update(person=target)
        else:
            for article in Article.objects.filter(outlet=other):
                article.outlet = target
                article.save(update_fields=["outlet", "updated_at"])
            for source in ArticleSource.objects.filter(outlet=other).select_related("article"):
                if source.article.outlet_id == target.pk or source.article.sources.filter(outlet=target).exists():
                    source.delete()
                    _renumber_sources(source.article)
                else:
                    ArticleSource.objects.filter(pk=source.pk).update(outlet=target)
        if target.origin == Origin.FOUND:
            target.origin = Origin.CONFIRMED
        target.save()
        other.delete()
        count += 1
    return count


def _renumber_sources(article: Article) -> None:
    """Positions stay 0, 1, 2 ... after a link of the chain went (two passes: positions are unique)."""
    sources = list(article.sources.order_by("position"))
    offset = len(sources) + 1000
    for source in sources:
        ArticleSource.objects.filter(pk=source.pk).update(position=source.position + offset)
    for i, source in enumerate(sources):
        ArticleSource.objects.filter(pk=source.pk).update(position=i)
