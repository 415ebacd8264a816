"""The data of a person's page (statements by article, with their figures), for views and templates.

* `person_page(person) -> PersonPage`: `.articles` newest first, each an `ArticleStatements` with `.article` and
  `.statements` (`StatementView`: `.text`, `.verb`, `.part`, `.paragraph` (0-based), `.anchor` ("p-3", "lead",
  "title"), `.url` (article URL + "#anchor"), `.figures`); `.figure_rows`, one `FigureRow` per unit counted
  (`.unit`, `.by_article` = [(article, [StatedFigure(.figure, .statement)])], `.differs`), units stated in more
  articles first: the same official's figures side by side.
* `speakers_by_paragraph(article) -> {anchor: [Person]}`: who speaks in each part, for quiet marks.

Attribution into the database and re-attribution on editorial changes live in `archive.attribution.store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.attribution.figures import Figure, extract_figures
from archive.models import Article, Person, Statement

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
    "person_page",
    "speakers_by_paragraph",
]
