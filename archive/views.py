"""Reading-room pages: the archive at a glance, articles with comment threads, people, outlets, dates, search."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from markupsafe import Markup, escape

from archive import people, timeline
from archive.api.errors import json_error
from archive.jalali import format_month, parse_jalali
from archive.jinja2 import isolate
from archive.models import Appearance, Article, ArticleSource, Comment, Origin, Outlet, Paragraph, Person
from archive.page_cache import cached_page, kept_until_changed, search_index_state
from archive.persian import latin_digits

NEWEST_FIRST = F("published_start").desc(nulls_last=True)
# The home page shows the newest articles; the rest are a click away in the date archive.
HOME_ARTICLES = 30
# A search page's facet lists show this many entries each (by count; months newest first), and a link to the
# whole list (`?more=speaker`): 300 speakers and 144 months on one page are neither readable nor cheap (each
# entry is a link built from the query).
FACET_SHOWN = 10
EXPANDABLE_FACETS = ("speaker", "outlet", "month")


def _count_of(model, field: str) -> Coalesce:
    """The number of `model` rows whose `field` points at the outer row, as a correlated subquery: unlike a
    JOIN + GROUP BY it costs nothing for rows a LIMIT drops, and two counts never multiply each other."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def _articles_newest_first():
    # The raw page (kilobytes per article) is never shown in a list: left in the database.
    return Article.objects.select_related("outlet").defer("raw").order_by(NEWEST_FIRST, "source_file")


def _with_comment_counts(articles) -> list[Article]:
    """The articles, each with `comment_count`, counted in one query for these articles alone (a count in
    the listing's own query would be computed for every row before the sort and the limit)."""
    articles = list(articles)
    counts = dict(
        Comment.objects.filter(article__in=articles)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values_list("article", "n")
    )
    for a in articles:
        a.comment_count = counts.get(a.pk, 0)
    return articles


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    officials = (
        Person.objects.exclude(origin=Origin.REJECTED)
        .annotate(article_count=_count_of(Appearance, "person"))
        .prefetch_related("roles")
        .order_by("-article_count", "name")
    )
    outlets = (
        Outlet.objects.exclude(origin=Origin.REJECTED)
        .annotate(article_count=_count_of(Article, "outlet"), cited_count=_count_of(ArticleSource, "outlet"))
        .filter(Q(article_count__gt=0) | Q(cited_count__gt=0))
        .order_by("-article_count", "-cited_count", "name")
    )
    return render(
        request,
        "home.html",
        {
            "articles": _with_comment_counts(_articles_newest_first()[:HOME_ARTICLES]),
            "article_total": Article.objects.count(),
            "people": officials,
            "outlets": outlets,
            "timeline": timeline.archive_timeline(),
        },
    )


def _comment_thread(comments: list[Comment], newest_first: bool) -> tuple[list[Comment], dict[int, list[Comment]]]:
    """Top-level comments in the chosen order, and each comment's replies (always oldest first, as a
    conversation reads). Pages list comments newest first, so a lower position breaks a tie as the newer."""

    # A comment whose time the page did not give keeps its place on the page among the timed ones' order.
    def when(c: Comment) -> float:
        return c.posted.timestamp() if c.posted else float("-inf")

    if newest_first:
        roots = sorted((c for c in comments if c.parent_id is None), key=lambda c: (-when(c), c.position))
    else:
        roots = sorted((c for c in comments if c.parent_id is None), key=lambda c: (when(c), -c.position))
    replies: dict[int, list[Comment]] = {}
    for c in sorted(comments, key=lambda c: (when(c), -c.position)):
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    return roots, replies


@cached_page
def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        Article.objects.select_related("outlet")
        .defer("raw")  # shown on its own page (article_raw), never here
        .prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position")),
            Prefetch("sources", queryset=ArticleSource.objects.select_related("outlet").order_by("position")),
            Prefetch("appearances", queryset=Appearance.objects.select_related("person")),
        ),
        slug=slug,
    )
    comments = list(item.comments.select_related("parent"))
    newest_first = request.GET.get("order") != "oldest"
    roots, replies = _comment_thread(comments, newest_first)
    speaking = (
        item.statements.values("person__slug", "person__name").annotate(n=Count("id")).order_by("-n", "person__name")
    )
    same_outlet = (
        list(_articles_newest_first().filter(outlet=item.outlet).exclude(pk=item.pk)[:5]) if item.outlet_id else []
    )
    # Arrived from a search hit: the query's words marked in every paragraph, and a way back to the results.
    from archive.search import highlight_query
    from archive.search.query import echo_text

    landing_q = echo_text(request.GET.get("q", ""))[:1000].strip()
    marked = {}
    if landing_q:
        parts = [("kicker", item.kicker), ("title", item.title), ("lead", item.lead)]
        parts += [(p.anchor, p.text) for p in item.paragraphs.all()]
        marked = {anchor: Markup(highlight_query(text, landing_q)) for anchor, text in parts if text}
        marked = {anchor: html for anchor, html in marked.items() if "<mark>" in html}
    return render(
        request,
        "article.html",
        {
            "article": item,
            "speaking": speaking,
            "article_months": (
                timeline.months_of_range(item.published_start, item.published_end or item.published_start)
                if item.published_start
                else []
            ),
            "same_outlet": same_outlet,
            "date": item.date_spec,
            "roots": roots,
            "replies": replies,
            "comment_count": len(comments),
            "newest_first": newest_first,
            "speakers": people.speakers_by_paragraph(item),
            "landing_q": landing_q,
            "marked": marked,
            "back": back_to_results(request.GET.get("back", ""))
            or (urlencode({"q": landing_q}) if landing_q else None),
        },
    )


def article_raw(request: HttpRequest, slug: str) -> HttpResponse:
    """The page as captured, byte for byte, with its checksum: the provenance behind the cleaned article."""
    item = get_object_or_404(Article.objects.select_related("outlet"), slug=slug)
    if request.GET.get("format") == "txt":
        response = HttpResponse(item.raw, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{item.source_file}"'
        return response
    return render(request, "raw.html", {"article": item})


@cached_page
def person(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Person.objects.exclude(origin=Origin.REJECTED).prefetch_related("roles"), slug=slug)
    appearances = (
        item.appearances.select_related("article__outlet")
        .annotate(statement_count=Count("article__statements", filter=Q(article__statements__person=item)))
        .order_by(F("article__published_start").desc(nulls_last=True), "article__source_file")
    )
    appearances = list(appearances)
    # An undated role says so, with the articles that show the person in it (their dates are the evidence).
    role_evidence = {
        role.pk: [ap.article for ap in appearances if ap.role and ap.role in role.all_titles()]
        for role in item.roles.all()
        if not (role.start or role.end)
    }
    # Statements grouped by article (newest first), each with its figures, and the figures side by side.
    page = people.person_page(item)
    return render(
        request,
        "person.html",
        {
            "person": item,
            "appearances": appearances,
            "statement_groups": page.articles,
            "statement_count": page.statement_count,
            "figure_rows": page.figure_rows,
            "role_evidence": role_evidence,
            "role_notes": {role.pk: _naming_articles(role.note) for role in item.roles.all() if role.note},
        },
    )


# Editors write "صفحه ۰۰۲" (a captured file's number) in their notes; a reader needs the article itself.
_FILE_NUMBER = re.compile(r"صفحه ([0-9۰-۹]{3})(?![0-9۰-۹])")


def _naming_articles(note: str) -> Markup:
    """An editorial note, escaped, with each captured file's number replaced by its article's linked title."""
    numbers = {latin_digits(n) for n in _FILE_NUMBER.findall(note)}
    by_number = {}
    for number in numbers:
        article = Article.objects.filter(source_file__startswith=f"{number}_").only("slug", "title").first()
        if article:
            by_number[number] = article
    out, last = [], 0
    for match in _FILE_NUMBER.finditer(note):
        article = by_number.get(latin_digits(match.group(1)))
        if article is None:
            continue
        out.append(isolate(note[last : match.start()]))
        out.append(Markup('خبر «<a href="{}">{}</a>»').format(article.get_absolute_url(), isolate(article.title)))
        last = match.end()
    out.append(isolate(note[last:]))
    return Markup("").join(out)


@cached_page
def outlet(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Outlet.objects.exclude(origin=Origin.REJECTED), slug=slug)
    citing = (
        ArticleSource.objects.filter(outlet=item)
        .select_related("article__outlet")
        .order_by(F("article__published_start").desc(nulls_last=True), "article__source_file", "position")
    )
    return render(
        request,
        "outlet.html",
        {
            "outlet": item,
            "articles": _with_comment_counts(_articles_newest_first().filter(outlet=item)),
            "citing": citing,
        },
    )


@cached_page
def dates(request: HttpRequest) -> HttpResponse:
    return render(request, "dates.html", {"years": timeline.month_index()})


@cached_page
def dates_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1200 <= year <= 1600):
        raise Http404("no such Jalali month")
    current = timeline.JalaliMonth(year, month)
    articles, touching = timeline.articles_in_month(current)
    comments = (
        Comment.objects.filter(posted__date__gte=current.first_day, posted__date__lte=current.last_day)
        .values("article__slug", "article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "article__title")
    )
    months = [m for entries in timeline.month_index().values() for m, _, _ in entries]
    earlier = max((m for m in months if m < current), default=None)
    later = min((m for m in months if m > current), default=None)
    return render(
        request,
        "dates_month.html",
        {
            "month": current,
            "articles": articles,
            "touching": touching,
            "comments": comments,
            "earlier": earlier,
            "later": later,
        },
    )


@dataclass(frozen=True, slots=True)
class FacetEntry:
    """One line of a facet list: what its link sets the parameter to, what it shows, its count, whether the
    search is filtered by it now (its link then drops the filter)."""

    value: str
    label: str
    count: int
    active: bool


@dataclass(frozen=True, slots=True)
class FacetList:
    """The entries a facet shows (its first `limit`, and the one in use wherever it ranks) and how many it has."""

    shown: list[FacetEntry]
    size: int
    limit: int

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, int, bool]], limit: int) -> FacetList:
        """From (value, label, count, active) rows in facet order; only the rows shown become entries."""
        # Chosen here, not in the template: a common word's facets run to hundreds of speakers and months, and
        # looping over them all in Jinja to show ten was a tenth of a results page at 100,000 articles.
        every = list(rows)
        shown = [FacetEntry(*row) for rank, row in enumerate(every) if row[3] or rank < limit]
        return cls(shown, len(every), limit)


def _facet_lists(
    facets: dict[str, dict[str, int]],
    params: dict[str, object],
    expanded: str,
    people_by_name: dict[str, Person],
    outlets_by_name: dict[str, Outlet],
) -> dict[str, FacetList]:
    """The speaker, outlet and month facets as shown (each entry's link value: a person's or outlet's slug
    when the archive knows the name), largest first; the expanded one whole."""

    def limit(name: str) -> int:
        return 10**9 if name == expanded else FACET_SHOWN

    def named(name: str, by_name: dict, selected: object) -> FacetList:
        rows = []
        for label, count in sorted(facets.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0])):
            known = by_name.get(label)
            value = known.slug if known else label
            rows.append((value, label, count, selected in (value, label)))
        return FacetList.of(rows, limit(name))

    month = (params["from"], params["to"])
    months = ((key, label, n, month == (key, key)) for key, label, n in _facet_months(facets.get("month", {})))
    return {
        "speaker": named("speaker", people_by_name, params["speaker"]),
        "outlet": named("outlet", outlets_by_name, params["outlet"]),
        "month": FacetList.of(months, limit("month")),
    }


def _facet_months(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """Month facet keys (`1397-03`) → (key, `خرداد ۱۳۹۷`, count), newest first; odd keys are skipped."""
    labelled = ((key, _month_label(key), n) for key, n in counts.items())
    return sorted(((key, label, n) for key, label, n in labelled if label), reverse=True)


@functools.lru_cache(maxsize=4096)
def _month_label(key: str) -> str | None:
    """`خرداد ۱۳۹۷` for `1397-03`, None for a key that is no month. Kept: a results page lists every month of
    its matches (144 of them cost 1.3 ms to check as Jalali dates; 0.03 ms kept)."""
    try:
        year, month, _ = parse_jalali(key)
    except ValueError:
        return None
    return format_month(year, month)


def landing_url(hit_url: str, q: str, back: str) -> str:
    """A hit's link: the article page with the query's words marked (`q`) and a way back to these results
    (`back`, the results' own query string), anchored at the passage."""
    path, _, anchor = hit_url.partition("#")
    params = {k: v for k, v in (("q", q), ("back", back)) if v}
    return path + ("?" + urlencode(params) if params else "") + (f"#{anchor}" if anchor else "")


def back_to_results(back: str) -> str | None:
    """The results' query string from a `back` parameter, rebuilt from the search's own parameters only."""
    from archive.search.parameters import PARAMETERS
    from archive.search.query import echo_text

    if not back:
        return None
    wanted = QueryDict(back.lstrip("?"))
    kept = [(k, echo_text(wanted[k])) for k in PARAMETERS if wanted.get(k)]
    return urlencode(kept) if kept else None


class FormChoices:
    """A search-form list (every person, every outlet, by name) as its `<option>`s, rendered once per archive
    version: looping over 338 names in the template cost a search page 1.5 ms; this costs it 0.002 (0.07 with
    a name selected)."""

    def __init__(self, by_name: dict[str, Person] | dict[str, Outlet]) -> None:
        self._options = [
            (item.slug, name, f'<option value="{escape(item.slug)}"', f">{escape(name)}</option>")
            for name, item in sorted(by_name.items())
        ]
        self._none_selected = Markup("".join(start + end for _, _, start, end in self._options))

    def html(self, selected: str) -> Markup:
        """The options, the one whose slug or name is `selected` marked so."""
        if not selected:
            return self._none_selected
        return Markup(
            "".join(start + (" selected" if selected in (slug, name) else "") + end
                    for slug, name, start, end in self._options)
        )  # fmt: skip


def _names_for_search_form() -> tuple[dict[str, Person], dict[str, Outlet], FormChoices, FormChoices]:
    """Every person and outlet by name (the form's lists, the facets' links): read once per archive version,
    not per search (a few hundred rows and models each time, about a tenth of an uncached search page)."""
    people_by_name = {p.name: p for p in Person.objects.exclude(origin=Origin.REJECTED)}
    outlets_by_name = {o.name: o for o in Outlet.objects.exclude(origin=Origin.REJECTED)}
    return people_by_name, outlets_by_name, FormChoices(people_by_name), FormChoices(outlets_by_name)


@cached_page(depends_on=search_index_state)
def search(request: HttpRequest) -> HttpResponse:
    from archive.search import SearchUnavailable, group_hits, read_search_request
    from archive.search.parameters import PARAMETERS
    from archive.search.query import echo_text
    from archive.search.vocabulary import KIND_LABELS, SORT_LABELS

    # Read as the API and `manage.py search` read it; a parameter that cannot be read is explained (the same
    # Persian message they give) and left out, and the rest is still searched.
    wanted, problems = read_search_request(request.GET)
    errors = [problem.message for problem in problems]
    unread = {problem.parameter for problem in problems}
    # What the form shows again and the page's links carry: each parameter as typed, minus those unread.
    params: dict[str, object] = {
        # Bidi controls are stripped: echoed into the title and the search box they would turn the page around.
        name: "" if name in unread else echo_text(request.GET.get(name) or "").strip()
        for name in PARAMETERS
    }
    params.update(sort=wanted.sort, page=wanted.page)
    expanded = request.GET.get("more", "")
    expanded = expanded if expanded in EXPANDABLE_FACETS else ""
    people_by_name, outlets_by_name, speaker_choices, outlet_choices = kept_until_changed(
        "search-form-names", _names_for_search_form
    )
    asked = wanted.asked
    try:
        results = wanted.search() if asked else None
    except SearchUnavailable as error:  # the index is being rebuilt: a 503 to retry, never 0 hits
        response = render(request, "503_search.html", status=503)
        response["Retry-After"] = str(error.retry_after)
        return response
    speaker_person = None
    if params["speaker"]:
        speaker_person = Person.objects.filter(Q(slug=params["speaker"]) | Q(name=params["speaker"])).first()
    facets = results.facets if results else {}
    # Each hit's article as the search loaded it (with its outlet): not read a second time.
    hit_articles = {hit.article: hit.source for hit in results.hits} if results else {}
    groups = group_hits(results.hits, keep_order=params["sort"] != "relevance") if results else []
    back = urlencode([(k, v) for k, v in params.items() if v and (k, v) not in (("page", 1), ("sort", "relevance"))])

    def landing(hit) -> str:
        return landing_url(hit.url, str(params["q"]), back)

    return render(
        request,
        "search.html",
        {
            "params": params,
            "errors": errors,
            "results": results,
            "hit_articles": hit_articles,
            "groups": groups,
            "landing": landing,
            # Statements are counted in the kind and speaker facets beside the passages listed.
            "statements_beside": bool(
                results
                and "statement" in facets.get("kind", {})
                and params["kind"] != "statement"
                and not params["speaker"]
                and "statement" not in {h.kind for h in results.hits}
            ),
            "asked": asked,
            "people": people_by_name,
            "outlets": outlets_by_name,
            "speaker_options": speaker_choices.html(str(params["speaker"])),
            "outlet_options": outlet_choices.html(str(params["outlet"])),
            "speaker_person": speaker_person,
            "kind_labels": KIND_LABELS,
            "sort_labels": SORT_LABELS,
            "kind_facet": sorted(facets.get("kind", {}).items(), key=lambda kv: (-kv[1], kv[0])),
            "facets_shown": _facet_lists(facets, params, expanded, people_by_name, outlets_by_name),
            "expanded_facet": expanded,
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API answers in its one error shape, whatever the address
        return json_error(404, "not_found", "No such address in the API (see /api/schema).")
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No database, no request-dependent context: whatever broke must not break the error page too.
    if request.path.startswith("/api/"):
        return json_error(500, "server_error", "Something went wrong on our side; it has been logged.")
    return render(request, "500.html", status=500)
