"""The whole archive as JSON, in a schema other tools read: keep it stable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from archive.jalali import jalali_iso
from archive.models import Article


def _utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def published(article: Article) -> dict[str, Any] | None:
    spec = article.date_spec
    if spec is None:
        return None
    return {
        "jalali": spec.jalali,
        "gregorian": spec.start.isoformat(),
        "precision": spec.precision,
        "basis": spec.basis,
        "until_jalali": spec.until_jalali,
    }


def article_record(article: Article) -> dict[str, Any]:
    paragraphs = list(article.paragraphs.all())
    return {
        "slug": article.slug,
        "source_file": article.source_file,
        "sha256": article.sha256,
        "url": article.url or None,
        "outlet": article.outlet.name if article.outlet else None,
        # "found": read from the page and not yet confirmed by an editor; "confirmed": an editor's (fixtures, admin).
        "outlet_origin": article.outlet.origin if article.outlet else None,
        "sources": [s.outlet.name for s in article.sources.select_related("outlet")],
        "news_code": article.news_code or None,
        "kicker": article.kicker,
        "title": article.title,
        "lead": article.lead,
        "paragraphs": [p.text for p in paragraphs],
        "subheads": [p.position for p in paragraphs if p.subhead],
        "published": published(article),
        "published_time": article.published_time or None,
        "needs_editor": article.needs_editor,
        "people": [
            {"name": a.person.name, "role": a.role, "quoted": a.quoted, "origin": a.person.origin}
            for a in article.appearances.select_related("person")
        ],
        "statements": [
            {
                "person": s.person.name,
                "paragraph": s.paragraph.position if s.paragraph else None,
                "part": s.part,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in article.statements.select_related("person", "paragraph")
        ],
        "comments": [
            {
                "n": c.position,
                "parent": c.parent.position if c.parent else None,
                "author": c.author,
                "posted": jalali_iso(c.posted) if c.posted else None,
                "posted_utc": _utc(c.posted),
                "body": c.body,
            }
            for c in article.comments.select_related("parent")
        ],
    }


def export_archive() -> dict[str, Any]:
    articles = Article.objects.select_related("outlet").order_by("source_file")
    return {"articles": [article_record(a) for a in articles]}
