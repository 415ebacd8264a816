"""Search: the one function behind the search page, the JSON API and `manage.py search`.

    from archive.search import search
    results = search("پیام رسان گوینده:آسوشه", sort="date", page=2)
    results.to_json()  # query, total, page, pages, per_page, sort, hits, facets, suggestion, notes

The result list holds passages (an article's head or paragraph, a comment), each once, with who speaks in it;
statements (a person's quoted words) are listed only when a speaker or `kind=statement` is asked for, and are
otherwise counted in the kind and speaker facets. In relevance order, a head whose title holds every query word
comes before any body match.

`q` may be any string: what cannot be read is searched as words and reported in `notes`. The keyword
parameters are checked by the readers of `archive.search.parameters`, which also read the page's, the API's
and the command's requests (`read_search_request`): a bad one raises `SearchParameterError`, with the same
Persian message everywhere. The names of kinds, sorts, facets and page limits are in `vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import logging
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive.persian import fold, persian_digits
from archive.search.analysis import query_terms, use_bulk_caches, words
from archive.search.backends import Restrictions, SearchBackend, SearchUnavailable, backend_class
from archive.search.documents import SearchDocument, article_documents, articles_queryset
from archive.search.highlight import highlight, snippet
from archive.search.parameters import (
    SearchParameterError,
    SearchRequest,
    as_list,
    read_date,
    read_kinds,
    read_search_request,
    read_sort,
    read_whole_number,
)
from archive.search.query import (
    ParsedQuery,
    echo_text,
    is_filter_name,
    parse_query,
    plain_word,
    with_filter_colons,
)
from archive.search.vocabulary import (
    COMMENT,
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    FACETS,
    HEAD,
    KINDS,
    PARAGRAPH,
    PASSAGE_KINDS,
    STATEMENT,
    split_document_id,
)

if TYPE_CHECKING:
    from archive.models import Article

__all__ = [
    "PASSAGE_KINDS",
    "SearchParameterError",
    "SearchRequest",
    "SearchResults",
    "SearchUnavailable",
    "get_backend",
    "group_hits",
    "highlight_query",
    "read_search_request",
    "rebuild_index",
    "reindex_articles",
    "search",
]

log = logging.getLogger("archive.search")

SUGGEST_BELOW = 3  # a query finding fewer hits than this gets a "did you mean" when one exists


@dataclass
class Hit:
    kind: str
    article: str
    source_file: str
    paragraph: int | None
    comment: int | None
    title: str
    snippet: str
    score: float  # BM25; in relevance order a title match comes first whatever its score
    url: str = ""  # the article page, anchored at the paragraph or comment
    speakers: list[str] = field(default_factory=list)  # who is quoted in this passage (the statement's speaker)
    # The hit's article as loaded for it (with its outlet): for the page to show, never in the JSON.
    source: Article | None = field(default=None, repr=False, compare=False)
    author: str | None = None  # a comment's author ("" when anonymous); None for other kinds
    posted: dt.datetime | None = None  # a comment's own posting time (its article's date is not its date)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "article": self.article,
            "source_file": self.source_file,
            "paragraph": self.paragraph,
            "comment": self.comment,
            "title": self.title,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "url": self.url,
            "speakers": list(self.speakers),
            "author": self.author,
            "posted": self.posted.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if self.posted else None,
        }


@dataclass
class HitGroup:
    """Consecutive hits of one article on a results page, shown under the article's title once."""

    article: str
    title: str
    url: str
    hits: list[Hit]


def group_hits(hits: list[Hit], keep_order: bool) -> list[HitGroup]:
    """A page's hits under one heading per article. In relevance order an article's passages gather under its
    first (best) hit; in date order (`keep_order`) only neighbours gather, so the page stays in time order."""
    groups: list[HitGroup] = []
    by_article: dict[str, HitGroup] = {}
    for hit in hits:
        group = groups[-1] if keep_order and groups and groups[-1].article == hit.article else None
        if not keep_order:
            group = by_article.get(hit.article)
        if group is None:
            group = HitGroup(hit.article, hit.title, hit.url.split("#", 1)[0], [])
            groups.append(group)
            by_article[hit.article] = group
        group.hits.append(hit)
    return groups


@dataclass
class SearchResults:
    query: str
    total: int = 0
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = DEFAULT_SORT
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {name: {} for name in FACETS})
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "sort": self.sort,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
        }


# -- the backend of this process ----------------------------------------------------------------------------

_backend: SearchBackend | None = None
_backend_key: tuple | None = None
_backend_lock = threading.Lock()


def all_documents() -> Iterable[SearchDocument]:
    for article in articles_queryset().iterator(chunk_size=100):
        yield from article_documents(article)


def _archive_size() -> int:
    from archive.models import Article

    return Article.objects.count()


def backend_settings() -> dict:
    """The default entry of settings.SEARCH_BACKENDS with ENGINE and LOCATION filled in from SEARCH_BACKEND and
    SEARCH_INDEX_DIR when it leaves them out."""
    from django.conf import settings

    config = dict(getattr(settings, "SEARCH_BACKENDS", {}).get("default", {}))
    config.setdefault("ENGINE", getattr(settings, "SEARCH_BACKEND", "whoosh"))
    config.setdefault("LOCATION", str(settings.SEARCH_INDEX_DIR))
    config.setdefault("OPTIONS", {})
    return config


def get_backend() -> SearchBackend:
    """The process's backend, as settings.SEARCH_BACKENDS (or SEARCH_BACKEND and SEARCH_INDEX_DIR) name it."""
    from django.core.exceptions import ImproperlyConfigured

    global _backend, _backend_key
    config = backend_settings()
    key = (config["ENGINE"], str(config["LOCATION"]), repr(sorted(config["OPTIONS"].items())))
    with _backend_lock:
        if _backend is None or _backend_key != key:
            try:
                engine = backend_class(config["ENGINE"])
            except (ImportError, AttributeError) as error:
                raise ImproperlyConfigured(f"SEARCH_BACKEND: {error}") from error
            if _backend is not None:
                _backend.close()
            _backend = engine(key[1], source=all_documents, options=config["OPTIONS"], archive_size=_archive_size)
            _backend_key = key
        return _backend


def ensure_index() -> bool:
    """Rebuild the index now if it is missing or broken (waiting for another process already doing so):
    what the commands run, so that requests never have to. True if this call rebuilt it."""
    return get_backend().repair(wait=True)


def rebuild_index(processes: int = 1) -> int:
    """Index the whole archive afresh; returns the number of documents. `processes` > 1 analyses in parallel."""
    use_bulk_caches()  # the whole archive is analysed here (or in children forked from here)
    return get_backend().rebuild(all_documents(), processes=processes)


def reindex_articles(article_ids: Iterable[int]) -> None:
    """Bring these articles' documents up to date (an id no longer in the database is removed)."""
    backend = get_backend()
    ids = set(article_ids)
    found = set()
    for article in articles_queryset(ids):
        found.add(article.pk)
        backend.replace_article(article.pk, article_documents(article))
    for missing in ids - found:
        backend.delete_article(missing)


# -- parameters -------------------------------------------------------------------------------------------


def _names_key(text: str) -> str:
    return fold(text).replace(" ", "").lower()


def _resolve(wanted: list[str], candidates: list[tuple[str, frozenset[str]]]) -> list[str]:
    """Names (as indexed) matching what was typed: any name or alias in any spelling, whole first, then part.
    `candidates` pairs each name with the `_names_key` of its every spelling (`_name_keys`)."""
    found: list[str] = []
    for text in wanted:
        key = _names_key(text)
        if not key:
            continue
        exact = [name for name, keys in candidates if key in keys]
        found.extend(exact or [name for name, keys in candidates if any(key in k for k in keys)])
    return list(dict.fromkeys(found))


def _name_keys(model_name: str) -> list[tuple[str, frozenset[str]]]:
    """Every Person's or Outlet's name with the keys of its name, aliases and slug: folded once per archive
    version (`kept_until_changed`), not on every search (a speaker filter spent 20 ms folding every name)."""
    from archive.models import Outlet, Person
    from archive.page_cache import kept_until_changed

    model = {"person": Person, "outlet": Outlet}[model_name]

    def compute() -> list[tuple[str, frozenset[str]]]:
        rows = model.objects.only("name", "aliases", "slug")
        return [(row.name, frozenset(map(_names_key, [row.name, *row.aliases, row.slug]))) for row in rows]

    return kept_until_changed(f"search-name-keys-{model_name}", compute)


def _speakers(wanted: list[str]) -> list[str]:
    return _resolve(wanted, _name_keys("person"))


def _outlets(wanted: list[str]) -> list[str]:
    return _resolve(wanted, _name_keys("outlet"))


# -- the search ---------------------------------------------------------------------------------------------


def search(
    q: str,
    speaker: str | Iterable[str] | None = None,
    outlet: str | Iterable[str] | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    kind: str | Iterable[str] | None = None,
    sort: str = DEFAULT_SORT,
    page: int | str = 1,
    per_page: int | str = DEFAULT_PER_PAGE,
) -> SearchResults:
    """Search the archive. Any `q` is answered; a keyword parameter that cannot be read raises
    SearchParameterError (checked as `read_search_request` checks a request: the same readers)."""
    q = q if isinstance(q, str) else ""
    start, end = read_date("from", date_from), read_date("to", date_to)
    kinds = read_kinds(kind)
    sort = read_sort(sort)
    page, per_page = read_whole_number("page", page), read_whole_number("per_page", per_page)
    parsed = parse_query(q)
    kinds = kinds + parsed.filters.kind
    results = SearchResults(query=q, page=page, per_page=per_page, sort=sort, notes=list(parsed.notes))

    restrictions = Restrictions(kinds=list(dict.fromkeys(kinds)) or None)
    dates_from = [d for d in (start, parsed.filters.date_from) if d]
    dates_to = [d for d in (end, parsed.filters.date_to) if d]
    restrictions.date_from = max(dates_from) if dates_from else None
    restrictions.date_to = min(dates_to) if dates_to else None
    speakers = as_list(speaker) + parsed.filters.speaker
    if not kinds and not speakers:
        restrictions.kinds = list(PASSAGE_KINDS)
        restrictions.counted_kinds = [k for k in KINDS if k not in PASSAGE_KINDS]
    if speakers:
        restrictions.speakers = _speakers(speakers)
        if not restrictions.speakers:
            results.notes.append(f"کسی به نام «{'، '.join(speakers)}» در بایگان نیست.")
    outlets = as_list(outlet) + parsed.filters.outlet
    if outlets:
        restrictions.outlets = _outlets(outlets)
        if not restrictions.outlets:
            results.notes.append(f"رسانه‌ای به نام «{'، '.join(outlets)}» در بایگان نیست.")

    backend = get_backend()
    if q.strip() and not _searchable(parsed) and not parsed.excluded and not _filtered(restrictions, speakers, outlets):
        # Only operators or punctuation ("OR", "-", "؟"): nothing to look for. Answering with the whole archive
        # would pretend the query was read.
        results.notes.append("در این پرسش واژه‌ای برای جست‌وجو نبود (تنها عملگر یا نشانه)؛ واژه‌ای بنویسید.")
        return results
    # Raises SearchUnavailable while the index is being repaired (the page and the API answer 503).
    found = backend.search(parsed, restrictions, sort=sort, offset=(page - 1) * per_page, limit=per_page)
    results.total = found.total
    results.facets = {name: found.facets.get(name, {}) for name in FACETS}
    results.hits = _hits(found.hits, found.terms)
    if found.total and not found.hits and page > results.pages:
        results.notes.append(
            f"صفحه {persian_digits(str(page))} نیست؛ این جست‌وجو {persian_digits(str(results.pages))} صفحه دارد."
        )
    if found.total < SUGGEST_BELOW:
        results.suggestion = _suggestion(echo_text(q), parsed, backend)  # shown back: no bidi controls
    return results


def _searchable(parsed: ParsedQuery) -> bool:
    """Whether any positive word of the query has something to search for (not only punctuation)."""
    return any(next(iter(words(word)), None) for word in parsed.words())


def _filtered(restrictions: Restrictions, speakers: list[str], outlets: list[str]) -> bool:
    explicit_kinds = restrictions.kinds and restrictions.counted_kinds is None
    return bool(speakers or outlets or restrictions.date_from or restrictions.date_to or explicit_kinds)


# What a hit and the results page read of its article (`Hit.source`): its head, address, file, date and
# outlet's name. Not the raw page, the import report or the bookkeeping: at 100,000 articles building the
# full instances (36 columns, a JSON report decoded each) was a quarter of resolving a page's hits.
HIT_ARTICLE_FIELDS = (
    "slug", "source_file", "kicker", "title", "lead", "outlet__slug", "outlet__name",
    "published_jalali", "published_until_jalali", "published_precision", "published_basis",
    "published_confidence", "published_note", "published_start", "published_end",
)  # fmt: skip


def _hits(backend_hits, terms) -> list[Hit]:
    """Backend hits shown from the database text (what the reader sees), in the backend's order.

    Each table is read once for all the hits, and the articles last, once for all of them (with their outlet,
    and only what a hit shows of them: HIT_ARTICLE_FIELDS): the search page shows them from `Hit.source`
    instead of loading them again."""
    from archive.models import Article, Comment, Paragraph, Statement

    ids: dict[str, list[int]] = {}
    for hit in backend_hits:
        prefix, pk = split_document_id(hit.doc_id)
        ids.setdefault(prefix, []).append(pk)
    # Unordered: the backend's order is the order; a model's default ordering would only cost joins here.
    paragraphs = Paragraph.objects.order_by().in_bulk(ids.get(PARAGRAPH, []))
    comments = Comment.objects.order_by().in_bulk(ids.get(COMMENT, []))
    statements = Statement.objects.select_related("paragraph", "person").order_by().in_bulk(ids.get(STATEMENT, []))
    article_ids = {*ids.get(HEAD, [])}
    for rows in (paragraphs, comments, statements):
        article_ids.update(row.article_id for row in rows.values())
    articles = Article.objects.select_related("outlet").only(*HIT_ARTICLE_FIELDS).order_by().in_bulk(article_ids)
    quoted = _quoted(ids.get(HEAD, []), {pk: row.article_id for pk, row in paragraphs.items()})

    hits = []
    for hit in backend_hits:
        prefix, pk = split_document_id(hit.doc_id)
        paragraph_n = comment_n = author = posted = None
        speakers: list[str] = quoted.get((prefix, pk), [])
        item = {PARAGRAPH: paragraphs, COMMENT: comments, STATEMENT: statements}.get(prefix, {}).get(pk)
        article = articles.get(pk if prefix == HEAD else getattr(item, "article_id", None))
        if article is None:  # the index is a moment ahead of or behind the database: skip, the signal will catch up
            log.info("search hit %s is not in the database", hit.doc_id)
            continue
        if prefix == HEAD:
            parts = (("lead", article.lead), ("title", article.title), ("kicker", article.kicker))
            part, text = next(((name, t) for name, t in parts if t and _matches(t, terms)), (None, None))
            if text is None:
                part, text = ("lead", article.lead) if article.lead else ("title", article.title)
            anchor = f"#{part}"  # the article page's ids for its head: #kicker, #title, #lead
        elif prefix == PARAGRAPH:
            text, paragraph_n, anchor = item.text, item.position, f"#{item.anchor}"
        elif prefix == COMMENT:
            text, comment_n, anchor = item.body, item.position, f"#{item.anchor}"
            author, posted = ("" if item.is_anonymous else item.author), item.posted
        else:
            text = item.text
            paragraph_n = item.paragraph.position if item.paragraph_id else None
            anchor = f"#{item.paragraph.anchor}" if item.paragraph_id else ""
            speakers = [item.person.name]
        hits.append(
            Hit(
                kind=hit.kind,
                article=article.slug,
                source_file=article.source_file,
                paragraph=paragraph_n,
                comment=comment_n,
                title=article.title,
                snippet=snippet(text, terms),
                score=hit.score,
                url=article.get_absolute_url() + anchor,
                speakers=speakers,
                source=article,
                author=author,
                posted=posted,
            )
        )
    return hits


def _quoted(article_ids: list[int], paragraphs: dict[int, int]) -> dict[tuple[str, int], list[str]]:
    """Who speaks in each head document ("a", article pk: its title, kicker, lead) and paragraph ("p", pk; the
    dict gives each one's article), in the order of their statements, each name once.

    Read by article: a head's statements are those without a paragraph, and asked for as such SQLite walks the
    index of paragraphs to every paragraph-less statement in the archive (thousands at 100,000 articles)."""
    from archive.models import Statement

    heads = set(article_ids)
    if not heads and not paragraphs:
        return {}
    rows = (
        Statement.objects.filter(article_id__in=heads | set(paragraphs.values()))
        .order_by("article_id", "part", "paragraph_id", "start")
        .values_list("article_id", "paragraph_id", "person__name")
    )
    found: dict[tuple[str, int], list[str]] = {}
    for article_id, paragraph_id, name in rows:
        asked = (paragraph_id in paragraphs) if paragraph_id else (article_id in heads)
        if asked:
            names = found.setdefault(("p", paragraph_id) if paragraph_id else ("a", article_id), [])
            if name not in names:
                names.append(name)
    return found


def query_terms_for_highlight(q: str) -> frozenset[str]:
    """The search-form terms a query's words match (with each adjacent pair glued), without asking the index:
    what the article page a hit lands on marks (`?q=`)."""
    parsed = parse_query(q)
    found: set[str] = set()
    for group in parsed.groups:
        for clause in group:
            tokens = [f for w in clause.words for _, _, f in words(w)]
            for word in clause.words:
                for _, _, token in words(word):
                    found.update(query_terms(token) or (token,))
            for first, second in itertools.pairwise(tokens):
                found.update(query_terms(first + second))
    for first, second in itertools.pairwise(plain_word(group) for group in parsed.groups):
        if first and second:
            found.update(query_terms(fold(first) + fold(second)))
    return frozenset(found)


def highlight_query(text: str, q: str) -> str:
    """`text` HTML-escaped with every match of query `q` in `<mark>` (a whole paragraph a hit lands on)."""
    return highlight(text, query_terms_for_highlight(q))


def _matches(text: str, terms) -> bool:
    from archive.search.highlight import match_spans

    return bool(match_spans(text, terms))


def _suggestion(q: str, parsed: ParsedQuery, backend: SearchBackend) -> str | None:
    """The query with each word the index does not know replaced by its nearest indexed word."""
    # A filter name typed without its colon is the likeliest slip ("گوینده آسوشه"), and never a misspelling.
    colons = with_filter_colons(q)
    if colons != q:
        return colons
    suggestion = q
    changed = False
    for word in dict.fromkeys(parsed.words()):
        folded = [f for _, _, f in words(word)]
        if len(folded) != 1 or is_filter_name(word) or backend.term_count(folded[0]):
            continue
        better = backend.suggest(folded[0])
        if better and better != folded[0]:
            # Only the word where it stands alone: never inside a filter (`گوینده:…`) or another word.
            alone = re.compile(rf"(?<![^\s\"«“(]){re.escape(word)}(?![^\s\"»”)])")
            respelled = _respell(word, better)
            suggestion, n = alone.subn(lambda _, text=respelled: text, suggestion, count=1)
            changed = changed or bool(n)
    return suggestion if changed and suggestion != q else None


def _respell(original: str, corrected: str) -> str:
    """`corrected` (search form) written like `original`: unchanged letters keep the typed form (`آ`, ZWNJ)."""
    pieces = [(char, fold(char)) for char in original]
    folded = "".join(p for _, p in pieces)
    # Map each folded position back to the original character that produced it.
    owners: list[int] = []
    for index, (_, piece) in enumerate(pieces):
        owners.extend([index] * len(piece))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=folded, b=corrected, autojunk=False).get_opcodes():
        if op == "equal":
            first, last = owners[i1], owners[i2 - 1]
            out.append("".join(char for char, _ in pieces[first : last + 1]))
        else:
            out.append(corrected[j1:j2])
    return "".join(out)
