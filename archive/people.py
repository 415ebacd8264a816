"""People in the archive: who says what where (attribution into the database, re-attribution when an editor
changes a person, alias or role) and the data of a person's page (statements by article, with their figures).

Attribution needs every person at once (a title is shared, a surname can be), so a change to any person
re-attributes every article that may name them: the old names (their statements and appearances) and the new
ones (a new alias can make an old page quote someone). An import saves the fixture people first and
attributes each page itself, so it suspends re-attribution (`attribution_suspended`) instead of re-running it
for every person saved.

For the pages (views and templates):

* `person_page(person) -> PersonPage`: `.articles` newest first, each an `ArticleStatements` with `.article` and
  `.statements` (`StatementView`: `.text`, `.verb`, `.part`, `.paragraph` (0-based), `.anchor` ("p-3", "lead",
  "title"), `.url` (article URL + "#anchor"), `.figures`); `.figure_rows`, one `FigureRow` per unit counted
  (`.unit`, `.by_article` = [(article, [StatedFigure(.figure, .statement)])], `.differs`), units stated in more
  articles first: the same official's figures side by side.
* `speakers_by_paragraph(article) -> {anchor: [Person]}`: who speaks in each part, for quiet marks.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from archive.after_commit import after_commit
from archive.figures import Figure, extract_figures
from archive.ingest import editorial
from archive.ingest.attribution import Attributor
from archive.models import Appearance, Article, Person, Role, Statement
from archive.persian import fold

log = logging.getLogger("archive.people")


# ---------------------------------------------------------------------------------------------------------
# Attribution into the database


def current_attributor() -> Attributor:
    """An Attributor with the people in the database now."""
    return Attributor(editorial.person_entries())


def attribute_article(article: Article, attributor: Attributor) -> None:
    """(Re)compute who is named in the article and who says what; no re-import needed."""
    paragraphs = list(article.paragraphs.order_by("position"))
    result = attributor.attribute(
        article.kicker, article.title, article.lead, [p.text for p in paragraphs], day=article.published_start
    )
    people = {
        p.slug: p for p in Person.objects.filter(slug__in=[*result.mentioned, *(s.person for s in result.statements)])
    }
    article.statements.all().delete()
    Statement.objects.bulk_create(
        Statement(
            person=people[s.person],
            article=article,
            paragraph=paragraphs[s.paragraph] if s.paragraph is not None else None,
            part=s.part,
            start=s.start,
            end=s.end,
            text=s.text,
            verb=s.verb,
            via=s.via,
        )
        for s in result.statements
    )
    quoted = {s.person for s in result.statements}
    article.appearances.all().delete()
    day = article.published_start
    for slug in dict.fromkeys([*result.mentioned, *quoted]):
        person = people[slug]
        role = person.role_on(day)
        Appearance.objects.create(
            article=article, person=person, role=role.title if role else "", quoted=slug in quoted
        )


def reattribute(articles: Iterable[Article] | None = None, attributor: Attributor | None = None) -> int:
    """Re-attribute `articles` (all when None) with `attributor` (default: the people in the database now),
    each in its own transaction, and tell the search index; returns how many."""
    attributor = attributor or current_attributor()
    count = 0
    queryset = Article.objects.all() if articles is None else articles
    for article in queryset:
        with transaction.atomic():
            attribute_article(article, attributor)
            _reindex(article.pk)
        count += 1
    return count


def _reindex(article_id: int) -> None:
    """Statements are bulk-created (no save signals): tell the search index the article changed."""
    try:
        from archive.search.signals import schedule
    except ImportError:  # the search layer is optional for attribution
        return
    schedule([article_id])


def articles_naming(phrases: Iterable[str]) -> list[Article]:
    """Articles whose text may name one of `phrases` (in any spacing or letter form), or quote/mention them."""
    wanted = {re.sub(r"\s+", "", fold(p)) for p in phrases if p and p.strip()}
    if not wanted:
        return []
    found = []
    for article in Article.objects.prefetch_related("paragraphs"):
        texts = [article.kicker, article.title, article.lead, *(p.text for p in article.paragraphs.all())]
        squashed = re.sub(r"\s+", "", fold(" ".join(texts)))
        if any(w in squashed for w in wanted):
            found.append(article)
    return found


# ---------------------------------------------------------------------------------------------------------
# Re-attribution on editorial changes (signals)

_state = threading.local()


@contextlib.contextmanager
def attribution_suspended() -> Iterator[None]:
    """Within this block, person/role changes do not re-attribute (the importer attributes each page itself)."""
    depth = getattr(_state, "suspended", 0)
    _state.suspended = depth + 1
    try:
        yield
    finally:
        _state.suspended = depth


def _suspended() -> bool:
    return getattr(_state, "suspended", 0) > 0


def _person_changed(person_id: int | None, old_phrases: Iterable[str] = ()) -> None:
    if _suspended() or person_id is None:
        return
    # The admin saves a person, then each role inline: one re-attribution after the whole save. A failure is
    # logged and leaves the editor's change saved: the next change or import re-attributes.
    items = [("person", person_id), *(("phrase", phrase) for phrase in old_phrases)]
    after_commit("people-reattribution", _flush, items)


def _flush(items: set[tuple[str, object]]) -> None:
    ids = {value for kind, value in items if kind == "person"}
    phrases = {value for kind, value in items if kind == "phrase"}
    for person in Person.objects.filter(pk__in=ids).prefetch_related("roles"):
        phrases.update(person.all_names())
        for role in person.roles.all():
            phrases.update(role.all_titles())
    articles = {a.pk: a for a in articles_naming(phrases)}
    # Articles that quoted or named them before the change must lose what no longer holds.
    for article in Article.objects.filter(Q(statements__person_id__in=ids) | Q(appearances__person_id__in=ids)):
        articles.setdefault(article.pk, article)
    count = reattribute(articles.values())
    log.info("re-attributed %d articles after a change to %d people", count, len(ids))


def _on_person_saved(sender: type, instance: Person, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        _person_changed(instance.pk)


def _on_person_deleted(sender: type, instance: Person, **kwargs: object) -> None:
    # Its statements went with it (cascade); articles that named it may now quote someone sharing a title.
    if not _suspended():
        _person_changed(-1, instance.all_names())


def _on_role_changed(sender: type, instance: Role, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        _person_changed(instance.person_id, instance.all_titles())


def connect_signals() -> None:
    """Called from the app's ready(): re-attribute when an editor changes a person, alias or role."""
    post_save.connect(_on_person_saved, sender=Person, dispatch_uid="people-person-saved")
    post_delete.connect(_on_person_deleted, sender=Person, dispatch_uid="people-person-deleted")
    post_save.connect(_on_role_changed, sender=Role, dispatch_uid="people-role-saved")
    post_delete.connect(_on_role_changed, sender=Role, dispatch_uid="people-role-deleted")


# ---------------------------------------------------------------------------------------------------------
# A person's page


@dataclass
class StatementView:
    """One statement as the person page shows it: the words, where they stand, and the figures in them."""

    statement: Statement
    text: str
    part: str  # "paragraph", "lead", "title", "kicker"
    paragraph: int | None  # 0-based position
    anchor: str  # "p-3", "lead", "title": the fragment of the article page
    url: str  # article URL with the anchor
    verb: str
    figures: list[Figure]


@dataclass
class ArticleStatements:
    article: Article
    statements: list[StatementView] = field(default_factory=list)

    @property
    def figures(self) -> list[StatedFigure]:
        return [StatedFigure(f, s) for s in self.statements for f in s.figures]


@dataclass(frozen=True)
class StatedFigure:
    """A figure and the statement it was said in (for its link)."""

    figure: Figure
    statement: StatementView


@dataclass
class FigureRow:
    """One thing counted (a unit such as "کاربر" or "سال"), with what the person said of it in each article;
    the same figure repeated in one article (title and body) is listed once."""

    unit: str
    by_article: list[tuple[Article, list[StatedFigure]]]

    @property
    def differs(self) -> bool:
        """Stated in two or more articles with values that are not all the same."""
        values = {(f.figure.value, f.figure.high) for _, figures in self.by_article for f in figures}
        return len(self.by_article) > 1 and len(values) > 1


@dataclass
class PersonPage:
    person: Person
    articles: list[ArticleStatements]  # newest first
    figure_rows: list[FigureRow]  # units the person gave figures for in two or more articles, first

    @property
    def statement_count(self) -> int:
        return sum(len(a.statements) for a in self.articles)


def _anchor(statement: Statement) -> str:
    if statement.paragraph is not None:
        return statement.paragraph.anchor
    return statement.part


def person_page(person: Person) -> PersonPage:
    """Everything the person page shows: statements grouped by article (newest first), figures side by side."""
    statements = (
        Statement.objects.filter(person=person)
        .select_related("article", "article__outlet", "paragraph")
        .order_by("article_id", "start")
    )
    groups: dict[int, ArticleStatements] = {}
    for s in statements:
        group = groups.setdefault(s.article_id, ArticleStatements(s.article))
        anchor = _anchor(s)
        group.statements.append(
            StatementView(
                statement=s,
                text=s.text,
                part=s.part,
                paragraph=s.paragraph.position if s.paragraph else None,
                anchor=anchor,
                url=f"{s.article.get_absolute_url()}#{anchor}",
                verb=s.verb,
                figures=extract_figures(s.text),
            )
        )
    part_order = {"kicker": 0, "title": 1, "lead": 2, "paragraph": 3}
    for group in groups.values():
        group.statements.sort(key=lambda v: (part_order.get(v.part, 9), v.paragraph or 0, v.statement.start))
    articles = sorted(groups.values(), key=_newest_first)
    return PersonPage(person, articles, figures_side_by_side(articles))


def _newest_first(group: ArticleStatements) -> tuple:
    article = group.article
    # Undated articles last; then by date descending; then by file name for a stable order.
    day = article.published_start
    return (day is None, -(day.toordinal()) if day else 0, article.source_file)


def figures_side_by_side(articles: list[ArticleStatements]) -> list[FigureRow]:
    """The person's figures paired by what they count, across articles: rows for units stated in more
    articles first (where pages may disagree), then by how many figures; articles in the given order."""
    by_unit: dict[str, dict[int, list[StatedFigure]]] = {}
    for group in articles:
        for stated in group.figures:
            unit = stated.figure.unit
            if not unit:
                continue
            cell = by_unit.setdefault(unit, {}).setdefault(group.article.pk, [])
            if all(
                (f.figure.value, f.figure.high, f.figure.qualifier)
                != (stated.figure.value, stated.figure.high, stated.figure.qualifier)
                for f in cell
            ):
                cell.append(stated)
    article_by_pk = {g.article.pk: g.article for g in articles}
    order = [g.article.pk for g in articles]
    rows = [
        FigureRow(unit, [(article_by_pk[pk], per[pk]) for pk in order if pk in per]) for unit, per in by_unit.items()
    ]
    rows.sort(key=lambda r: (-len(r.by_article), -sum(len(f) for _, f in r.by_article), r.unit))
    return rows


def speakers_by_paragraph(article: Article) -> dict[str, list[Person]]:
    """Who speaks in each part of an article, keyed by anchor ("p-1", "lead", "title"), for quiet marks."""
    marks: dict[str, list[Person]] = {}
    for s in article.statements.select_related("person", "paragraph").order_by("part", "paragraph__position", "start"):
        people = marks.setdefault(_anchor(s), [])
        if s.person not in people:
            people.append(s.person)
    return marks


__all__ = [
    "ArticleStatements",
    "FigureRow",
    "PersonPage",
    "StatedFigure",
    "StatementView",
    "attribute_article",
    "attribution_suspended",
    "connect_signals",
    "current_attributor",
    "person_page",
    "reattribute",
    "speakers_by_paragraph",
]
