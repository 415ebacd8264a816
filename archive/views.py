"""Reading-room pages: the archive at a glance, articles with comment threads, people, outlets."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from archive.models import Appearance, Article, Comment, Outlet, Person


def home(request: HttpRequest) -> HttpResponse:
    # Meta.ordering does not apply to aggregate queries: order explicitly, newest first.
    articles = (
        Article.objects.select_related("outlet")
        .annotate(comment_count=Count("comments"))
        .order_by(F("published_start").desc(nulls_last=True), "source_file")
    )
    people = Person.objects.annotate(article_count=Count("appearances")).prefetch_related("roles")
    outlets = Outlet.objects.annotate(article_count=Count("articles")).filter(article_count__gt=0)
    return render(request, "home.html", {"articles": articles, "people": people, "outlets": outlets})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        Article.objects.select_related("outlet").prefetch_related(
            "paragraphs",
            "sources__outlet",
            Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
        ),
        slug=slug,
    )
    comments = list(item.comments.all())
    newest_first = request.GET.get("order") != "oldest"
    roots = [c for c in comments if c.parent_id is None]
    roots.sort(key=lambda c: (c.posted, c.position), reverse=newest_first)
    replies: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    return render(
        request,
        "article.html",
        {
            "article": item,
            "roots": roots,
            "replies": replies,
            "comment_count": len(comments),
            "newest_first": newest_first,
        },
    )


def article_raw(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Article, slug=slug)
    return HttpResponse(item.raw, content_type="text/plain; charset=utf-8")


def person(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Person.objects.prefetch_related("roles"), slug=slug)
    appearances = item.appearances.select_related("article__outlet").order_by("-article__published_start")
    return render(request, "person.html", {"person": item, "appearances": appearances})


def outlet(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Outlet, slug=slug)
    citing = Article.objects.filter(sources__outlet=item).select_related("outlet").distinct()
    return render(request, "outlet.html", {"outlet": item, "articles": item.articles.all(), "citing": citing})
