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

import re
from dataclasses import dataclass, field

from archive.attribution import lexicon
from archive.attribution.figures import Figure, extract_figures
from archive.models import Article, Person, Statement
from archive.persian import fold

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
    claims: dict[int, str] = field(default_factory=dict)  # a figure's start → its claim (see figure_claim)


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


# Words after a count that say which of the things are counted: "۱۰ میلیون کاربر فعال" and "۲۶ میلیون کاربر
# … ثبت‌نام کردند" are two claims, "۱۰ هزار کانال برتر" is a selection, not a count of all channels. Folded
# forms (no ZWNJ, Persian letters), matched as word starts, and the words shown for them.
CLAIM_QUALIFIERS = {
    "فعال": "فعال",
    "ثبتنام": "ثبت‌نام‌کرده",
    "عضو": "عضو",
    "برتر": "برتر",
    "نخست": "نخست",
    "تولید": "تولیدشده",
    "روزانه": "روزانه",
    "ماهانه": "ماهانه",
}
CLAIM_WINDOW = 4  # words after the figure searched for qualifiers (and, for a span of time, what it spans)
SPAN_CONTEXT = 2  # words after a span of time that say what it spans ("شش سال تمام امکانات…")
_SENTENCE_END = re.compile(r"[.!?؟؛\n]")
_WORD = re.compile(r"[^\s،,.;:!?؛؟()«»\"]+")


def figure_claim(figure: Figure, text: str, next_start: int | None = None) -> tuple[str, str]:
    """What a figure claims, beyond its number: (key, label). A count's claim is its noun with the words that
    qualify it ("کاربر فعال"); a span of time ("شش سال") claims nothing alone, so its claim is what follows it
    ("شش سال تمام امکانات کشور…" and "پنج سال تمام امکانات کشور…" are one claim, "دو سال اول" another)."""
    tail = text[figure.end : next_start if next_start is not None else len(text)]
    tail = _SENTENCE_END.split(tail, maxsplit=1)[0]  # what qualifies a figure is said in its own sentence
    following = [fold(w) for w in _WORD.findall(tail)[:CLAIM_WINDOW]]
    if figure.unit in lexicon.FIGURE_TIME_UNITS:
        context = " ".join(following[:SPAN_CONTEXT])
        shown = " ".join(_WORD.findall(tail)[:SPAN_CONTEXT])
        return f"{figure.unit}|{context}", f"{figure.unit} («… {shown}»)" if shown else figure.unit
    qualifiers = list(
        dict.fromkeys(label for w in following for k, label in CLAIM_QUALIFIERS.items() if w.startswith(k))
    )
    return f"{figure.unit}|{'+'.join(qualifiers)}", " ".join([figure.unit, *qualifiers])


@dataclass
class FigureRow:
    """One claim (a noun counted with its qualifying words, or a span of time with what it spans), with what
    the person said of it in each article; the same figure repeated in one article is listed once."""

    unit: str  # the noun counted: "کاربر", "سال"
    by_article: list[tuple[Article, list[StatedFigure]]]
    claim: str = ""  # the claim as shown: "کاربر فعال", "سال («… تمام امکانات»)"

    @property
    def differs(self) -> bool:
        """The same claim stated in two or more articles with numbers that are not all the same."""
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
    labels: dict[str, str] = {}
    for group in articles:
        for view in group.statements:
            starts = [f.start for f in view.figures]
            for i, figure in enumerate(view.figures):
                if figure.unit:
                    key, labels[key] = figure_claim(figure, view.text, starts[i + 1] if i + 1 < len(starts) else None)
                    view.claims[figure.start] = key
        # A bare count repeating a qualified one of the same article ("از این ۲۶ میلیون کاربر" after "۲۶ میلیون
        # کاربر … ثبت‌نام کردند") refers back to it: the same claim.
        qualified = {
            (f.unit, f.value, f.high): view.claims[f.start]
            for view in group.statements
            for f in view.figures
            if f.start in view.claims and not view.claims[f.start].endswith("|")
        }
        for view in group.statements:
            for f in view.figures:
                if view.claims.get(f.start, "").endswith("|") and (f.unit, f.value, f.high) in qualified:
                    view.claims[f.start] = qualified[(f.unit, f.value, f.high)]
        for stated in group.figures:
            unit = stated.statement.claims.get(stated.figure.start) if stated.figure.unit else None
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
        FigureRow(key.split("|", 1)[0], [(article_by_pk[pk], per[pk]) for pk in order if pk in per], labels[key])
        for key, per in by_unit.items()
    ]
    rows.sort(key=lambda r: (-len(r.by_article), -sum(len(f) for _, f in r.by_article), r.claim))
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
