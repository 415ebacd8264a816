"""GET /api/articles/<slug> and /api/people/<slug>: the archive's records as JSON (read-only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from archive.api.errors import json_error
from archive.exporting import article_record
from archive.models import Appearance, Article, Person, Statement

# Slugs we make are short; a longer one cannot name a record, so it is answered without a query.
MAX_SLUG = 200

JSON_OPTIONS = {"ensure_ascii": False}


def _not_found(kind: str, slug: str) -> JsonResponse:
    return json_error(404, "not_found", f"No {kind} with slug {slug[:MAX_SLUG]!r}.")


# Read-only: any other method gets a 405 from require_safe, not a CSRF 403.
@csrf_exempt
@require_safe
def article_detail(request: HttpRequest, slug: str) -> JsonResponse:
    """The article as in export_archive (one stable schema for both), plus where to read it."""
    article = Article.objects.select_related("outlet").filter(slug=slug).first() if len(slug) <= MAX_SLUG else None
    if article is None:
        return _not_found("article", slug)
    record = article_record(article)
    record["html_url"] = request.build_absolute_uri(article.get_absolute_url())
    return JsonResponse(record, json_dumps_params=JSON_OPTIONS)


def person_record(person: Person) -> dict[str, Any]:
    return {
        "slug": person.slug,
        "name": person.name,
        "aliases": list(person.aliases),
        "description": person.description,
        "origin": person.origin,  # "found" in text, or "confirmed" by an editor
        "roles": [
            {
                "title": role.title,
                "organisation": role.organisation,
                "aliases": list(role.aliases),
                "start": role.start.isoformat() if role.start else None,
                "end": role.end.isoformat() if role.end else None,
            }
            for role in person.roles.all()
        ],
        "appearances": [
            {
                "article": a.article.slug,
                "title": a.article.title,
                "published_jalali": a.article.published_jalali or None,
                "role": a.role,
                "quoted": a.quoted,
            }
            for a in person.appearances.all()
        ],
        "statements": [
            {
                "article": s.article.slug,
                "part": s.part,
                "paragraph": s.paragraph.position if s.paragraph else None,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "verb": s.verb,
            }
            for s in person.statements.all()
        ],
    }


# Read-only: any other method gets a 405 from require_safe, not a CSRF 403.
@csrf_exempt
@require_safe
def person_detail(request: HttpRequest, slug: str) -> JsonResponse:
    person = (
        Person.objects.prefetch_related(
            "roles",
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("article").order_by("article__published_start", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("article", "paragraph").order_by(
                    "article__published_start", "article__source_file", "part", "paragraph__position", "start"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
        if len(slug) <= MAX_SLUG
        else None
    )
    if person is None:
        return _not_found("person", slug)
    record = person_record(person)
    record["html_url"] = request.build_absolute_uri(person.get_absolute_url())
    return JsonResponse(record, json_dumps_params=JSON_OPTIONS)
