"""What gets indexed: the archive's models turned into flat search documents, one article at a time.

An article becomes several documents so a hit can point at the passage that matched: its head (kicker, title,
lead), each paragraph, each comment and each statement (a person's words, which carry the speaker). The index
keeps only what it needs to find and filter; hits are shown from the database text, so a highlight marks the
characters the reader sees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archive.jalali import TEHRAN, from_gregorian
from archive.search.vocabulary import COMMENT, HEAD, PARAGRAPH, STATEMENT, document_id


@dataclass(frozen=True)
class SearchDocument:
    """One searchable unit. `doc_id` is stable (`p:<pk>`: vocabulary.document_id), `article_id` groups an
    article's documents."""

    doc_id: str
    kind: str  # "article" for the head and paragraphs, "comment", "statement"
    article_id: int
    title: str = ""  # the article's title, on its head document only (title matches outrank body matches)
    body: str = ""
    speaker: str = ""  # the person whose words these are (statements only: a speaker filter finds their words)
    outlet: str = ""
    month: str = ""  # Jalali "1397-03"
    # Gregorian yyyymmdd. An article (its head, paragraphs, statements) is placed on one day by the rule of
    # archive.timeline.placed_day (its range's middle, never after its first comment), so its month, date
    # filters and date order agree with the timeline; the backends still read the two bounds as a range that
    # matches when it overlaps the asked one.
    date_start: int | None = None
    date_end: int | None = None
    # What date order sorts by, in minutes since 1970 (UTC): a comment's own posting time, an article's placed
    # day at 00:00 in Tehran (so the day's comments follow their article in oldest-first order).
    moment: int | None = None

    @property
    def sort_moment(self) -> int | None:
        """`moment`, or for a document given only a day, that day at 00:00 in Tehran."""
        if self.moment is not None or self.date_start is None:
            return self.moment
        day = dt.date(self.date_start // 10000, self.date_start // 100 % 100, self.date_start % 100)
        return minutes(dt.datetime.combine(day, dt.time(), TEHRAN))


def documents_signature(doc_ids: Iterable[str]) -> str:
    """What an article's documents are, in a few bytes: its documents' ids, in order (a passage replaced by a
    re-import gets a new id). The same signature from the database and from the index means the index holds
    that article's passages, no more, no fewer (their text is kept current by the index outbox)."""
    return hashlib.sha1("\n".join(sorted(doc_ids)).encode(), usedforsecurity=False).hexdigest()


def date_key(day: dt.date | None) -> int | None:
    return day.year * 10000 + day.month * 100 + day.day if day else None


def jalali_month(day: dt.date | None) -> str:
    if day is None:
        return ""
    j = from_gregorian(day)
    return f"{j.year:04d}-{j.month:02d}"


def minutes(moment: dt.datetime) -> int:
    return int(moment.timestamp() // 60)


def first_comment_day(comments: Iterable) -> dt.date | None:
    """The Tehran calendar day of the earliest timed comment (archive.timeline.first_comment_day, in Python
    over comments already loaded)."""
    earliest = min((c.posted for c in comments if c.posted is not None), default=None)
    return earliest.astimezone(TEHRAN).date() if earliest else None


def article_documents(article) -> Iterator[SearchDocument]:
    """Every search document of one article (with its paragraphs, comments and statements prefetched or not)."""
    from archive.timeline import placed_day

    outlet = article.outlet.name if article.outlet_id else ""
    comments = list(article.comments.all())  # read once (prefetched by articles_queryset): placement and documents
    placed = (
        placed_day(article.published_start, article.published_end, first_comment_day(comments))
        if article.published_start
        else None
    )
    common = {
        "article_id": article.pk,
        "outlet": outlet,
        "month": jalali_month(placed),
        "date_start": date_key(placed),
        "date_end": date_key(placed),
        "moment": minutes(dt.datetime.combine(placed, dt.time(), TEHRAN)) if placed else None,
    }
    head = "\n".join(part for part in (article.kicker, article.lead) if part)
    yield SearchDocument(document_id(HEAD, article.pk), "article", title=article.title, body=head, **common)
    for paragraph in article.paragraphs.all():
        yield SearchDocument(document_id(PARAGRAPH, paragraph.pk), "article", body=paragraph.text, **common)
    for statement in article.statements.all():
        yield SearchDocument(
            document_id(STATEMENT, statement.pk),
            "statement",
            body=statement.text,
            speaker=statement.person.name,
            **common,
        )
    for comment in comments:
        posted = comment.posted.astimezone(TEHRAN).date() if comment.posted else None
        # A comment is dated by when it was posted, not by its article.
        yield SearchDocument(
            document_id(COMMENT, comment.pk),
            "comment",
            body=comment.body,
            **{
                **common,
                "month": jalali_month(posted) or common["month"],
                "date_start": date_key(posted) or common["date_start"],
                "date_end": date_key(posted) or common["date_end"],
                "moment": minutes(comment.posted) if comment.posted else common["moment"],
            },
        )


def articles_queryset(ids: Iterable[int] | None = None):
    """Articles with everything `article_documents` reads, in few queries."""
    from archive.models import Article

    queryset = Article.objects.select_related("outlet").prefetch_related("paragraphs", "comments", "statements__person")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.order_by("pk")


def database_signatures(article_ids: Iterable[int] | None = None) -> dict[int, str]:
    """`documents_signature()` of every article in the database (or those of `article_ids`), as
    `article_documents()` would index them, read in four queries of ids (no text)."""
    from archive.models import Article, Comment, Paragraph, Statement

    def rows(model, prefix: str, article_field: str):
        queryset = model.objects.order_by()
        if article_ids is not None:
            queryset = queryset.filter(**{f"{article_field}__in": wanted})
        return ((article_id, f"{prefix}:{pk}") for article_id, pk in queryset.values_list(article_field, "pk"))

    wanted = list(article_ids) if article_ids is not None else None
    held: dict[int, list[str]] = {}
    for article_id, doc_id in itertools.chain(
        rows(Article, "a", "pk"),
        rows(Paragraph, "p", "article_id"),
        rows(Statement, "s", "article_id"),
        rows(Comment, "c", "article_id"),
    ):
        held.setdefault(article_id, []).append(doc_id)
    return {article_id: documents_signature(ids) for article_id, ids in held.items()}
