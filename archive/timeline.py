"""The archive by Jalali month: where an article is placed in time, and the home page's timeline chart.

Publication dates are honest ranges (a stated day, a month, or an editor's estimate between two days). The one
placement rule, used by the timeline, the date archive, the search index (month facet, date filters and date
order) alike: an article is placed on the middle day of its range (`placed_day`), the editor's best single
guess, and so in exactly one month; but never after its own first reader comment (a first comment inside the
range cuts the range there). A stated day is its own middle. Comments carry exact times and are placed at the
moment they were posted (Tehran time). The date archive also lists, apart and uncounted, the articles whose
range merely touches a month.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db.models import Case, Count, DateField, F, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate

from archive import jalali
from archive.models import Article, Comment


@dataclass(frozen=True, order=True)
class JalaliMonth:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> JalaliMonth:
        return _month_of(day)

    @property
    def first_day(self) -> dt.date:
        return jalali.to_gregorian(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return jalali.to_gregorian(self.year, self.month, jalali.month_length(self.year, self.month))

    @property
    def label(self) -> str:
        return jalali.format_month(self.year, self.month)

    @property
    def name(self) -> str:
        return jalali.MONTHS[self.month - 1]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> JalaliMonth:
        return JalaliMonth(self.year + self.month // 12, self.month % 12 + 1)


# The timeline converts every article's and every comment day's date: the same few thousand days, again and
# again (jdatetime's conversion is the costly part); a month of a day never changes.
@functools.lru_cache(maxsize=65536)
def _month_of(day: dt.date) -> JalaliMonth:
    j = jalali.from_gregorian(day)
    return JalaliMonth(j.year, j.month)


def months_between(first: JalaliMonth, last: JalaliMonth) -> list[JalaliMonth]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def months_of_range(start: dt.date, end: dt.date) -> list[JalaliMonth]:
    """Every Jalali month a date range touches."""
    return months_between(JalaliMonth.of(start), JalaliMonth.of(end))


def placed_day(start: dt.date, end: dt.date | None = None, first_comment: dt.date | None = None) -> dt.date:
    """The day an article dated `start`..`end` is placed on: the middle of its range (the earlier of two), the
    range cut at `first_comment`, the Tehran calendar day of the article's earliest reader comment.

    A page cannot have been published after a reader commented on it, so a first comment inside the range is
    evidence the editor's estimate did not have: the article is placed in the middle of `start`..that day,
    never after its own comments (a range 1-30 Khordad with its first comment on 3 Khordad is placed on 2
    Khordad, not 15). A first comment before `start` contradicts the range, and the range is the editor's
    stated fact: the article is placed on `start`, the range's day nearest the comment, never before it. A
    first comment on or after `end` says nothing the range does not. A stated day (`start == end`) never
    moves (the ingest refuses a stated day after the page's earliest comment: archive.ingest.dates).
    """
    end = end or start
    if first_comment is not None and first_comment < end:
        end = max(start, first_comment)
    return start + dt.timedelta(days=(end - start).days // 2)


def best_month(start: dt.date, end: dt.date | None = None, first_comment: dt.date | None = None) -> JalaliMonth:
    """The one month an article dated `start`..`end` is counted in (see `placed_day`)."""
    return JalaliMonth.of(placed_day(start, end, first_comment))


def first_comment_day() -> Case:
    """An annotation for an Article queryset: the Tehran calendar day of the article's earliest timed comment
    (what `placed_day` takes as `first_comment`), or None.

    A correlated subquery in the listing's own query (never a query per article), not a JOIN + GROUP BY over
    every article's comments, and only for range-dated articles: an article with a stated day is never moved
    by its comments, so the (usual) stated-day article costs no look-up at all. (Sketched on SQLite with
    100,000 articles, a tenth range-dated, and a million comments: the join and Min("comments__posted") made
    the timeline's query about 5 times slower than this.) The day is converted once per article, from the
    earliest time (the earliest moment has the earliest Tehran day)."""
    earliest = (
        Comment.objects.filter(article=OuterRef("pk"), posted__isnull=False)
        .order_by()
        .values("article")
        .annotate(first=Min("posted"))
        .values("first")
    )
    return Case(
        When(published_end__gt=F("published_start"), then=TruncDate(Subquery(earliest), tzinfo=jalali.TEHRAN)),
        default=None,
        output_field=DateField(),
    )


def comment_counts_by_month() -> Counter[JalaliMonth]:
    # The database groups by Tehran calendar day (cheap at any size); days fold into Jalali months here.
    per_day = (
        Comment.objects.annotate(day=TruncDate("posted", tzinfo=jalali.TEHRAN))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    counts: Counter[JalaliMonth] = Counter()
    for row in per_day:
        counts[JalaliMonth.of(row["day"])] += row["n"]
    return counts


def article_counts_by_month(
    ranges: Iterable[tuple[dt.date, dt.date | None, dt.date | None]],
) -> Counter[JalaliMonth]:
    """How many articles are placed in each month, from (start, end, first comment's day) of each article."""
    return Counter(best_month(start, end, first_comment) for start, end, first_comment in ranges)


def _placement_rows():
    """(start, end, first comment's day) of every dated article: what `placed_day` needs, in one query."""
    return (
        Article.objects.filter(published_start__isnull=False)
        .annotate(first_comment=first_comment_day())
        .order_by()  # counted, not listed: no sort
        .values_list("published_start", "published_end", "first_comment")
    )


MONTH_LABEL_ROOM = 48  # SVG units a month name needs (the longest, اردیبهشت, at the chart's 11px)


@dataclass(frozen=True)
class Bar:
    month: JalaliMonth
    articles: int
    comments: int
    x: float  # left edge in the SVG's coordinates
    article_height: float
    comment_height: float
    labelled: bool = False  # the month's name is written under it (only where it has room)


@dataclass(frozen=True)
class Timeline:
    """Geometry for an inline SVG: two rows of bars (articles, comments) over a shared month axis, read right
    to left like the page: the earliest month is at the right edge."""

    bars: list[Bar]
    width: int
    bar_width: float
    row_height: int
    max_articles: int
    max_comments: int
    years: list[tuple[int, float, float]]  # year, x from, x to
    slot: float  # horizontal room per month

    # Below this width (in SVG units, the chart being 720 wide) a bar's count would collide with its
    # neighbour's; the table under the chart always has every figure.
    @property
    def label_values(self) -> bool:
        return self.slot >= 18

    @property
    def total_articles(self) -> int:
        return sum(b.articles for b in self.bars)

    @property
    def total_comments(self) -> int:
        return sum(b.comments for b in self.bars)

    @property
    def first(self) -> JalaliMonth:
        return self.bars[0].month

    @property
    def last(self) -> JalaliMonth:
        return self.bars[-1].month

    @property
    def busiest(self) -> Bar:
        return max(self.bars, key=lambda b: (b.articles + b.comments, b.month))


def build_timeline(
    article_months: Counter[JalaliMonth], comment_months: Counter[JalaliMonth], width: int = 720, row_height: int = 80
) -> Timeline | None:
    months_seen = set(article_months) | set(comment_months)
    if not months_seen:
        return None
    months = months_between(min(months_seen), max(months_seen))
    slot = width / len(months)
    bar_width = max(2.0, min(28.0, slot * 0.7))
    max_articles = max(article_months.values(), default=0)
    max_comments = max(comment_months.values(), default=0)
    bars = []
    for i, month in enumerate(months):
        x = width - (i + 1) * slot + (slot - bar_width) / 2
        a, c = article_months.get(month, 0), comment_months.get(month, 0)
        bars.append(
            Bar(
                month=month,
                articles=a,
                comments=c,
                x=round(x, 2),
                article_height=round(row_height * a / max_articles, 2) if max_articles else 0,
                comment_height=round(row_height * c / max_comments, 2) if max_comments else 0,
            )
        )
    # Name the months that have something, right to left, skipping any too close to the last one named.
    last_label_x: float | None = None
    for i, bar in enumerate(bars):
        centre = bar.x + bar_width / 2
        if (bar.articles or bar.comments) and (last_label_x is None or last_label_x - centre >= MONTH_LABEL_ROOM):
            bars[i] = replace(bar, labelled=True)
            last_label_x = centre
    years: list[tuple[int, float, float]] = []
    for i, month in enumerate(months):
        right = width - i * slot
        if years and years[-1][0] == month.year:
            years[-1] = (month.year, right - slot, years[-1][2])
        else:
            years.append((month.year, right - slot, right))
    return Timeline(
        bars=bars,
        width=width,
        bar_width=round(bar_width, 2),
        row_height=row_height,
        max_articles=max_articles,
        max_comments=max_comments,
        years=[(y, round(a, 2), round(b, 2)) for y, a, b in years],
        slot=slot,
    )


def archive_timeline() -> Timeline | None:
    return build_timeline(article_counts_by_month(_placement_rows()), comment_counts_by_month())


def _touching(month: JalaliMonth):
    """Articles whose date range touches `month`, newest first."""
    return (
        Article.objects.filter(published_start__lte=month.last_day)
        .filter(
            Q(published_end__gte=month.first_day) | Q(published_end__isnull=True, published_start__gte=month.first_day)
        )
        .select_related("outlet")
        .defer("raw")
        .annotate(comment_count=Count("comments"), first_comment=first_comment_day())
        .order_by(F("published_start").desc(nulls_last=True), "source_file")
    )


def articles_in_month(month: JalaliMonth) -> tuple[list[Article], list[Article]]:
    """(articles placed in `month`, articles whose range only touches it and are placed in another), newest
    first."""
    placed, touching = [], []
    for article in _touching(month):
        home = best_month(article.published_start, article.published_end, article.first_comment)
        (placed if home == month else touching).append(article)
    return placed, touching


def month_index() -> dict[int, list[tuple[JalaliMonth, int, int]]]:
    """Year → [(month, articles placed in it, comments posted in it)], newest year first."""
    articles = article_counts_by_month(_placement_rows())
    comments = comment_counts_by_month()
    years: dict[int, list[tuple[JalaliMonth, int, int]]] = {}
    for month in sorted(set(articles) | set(comments), reverse=True):
        years.setdefault(month.year, []).append((month, articles.get(month, 0), comments.get(month, 0)))
    return years
