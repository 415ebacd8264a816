"""Reader comments: each an author line, a Jalali timestamp line, then one or more body lines.

Replies are found from order alone: a page lists comments newest first (or oldest first), and a reply sits
right under the comment it answers, so a comment that breaks the page's order belongs to the thread above it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from archive import jalali
from archive.ingest import lexicon
from archive.ingest.page import ParsedComment
from archive.ingest.structure import is_form_label, plain
from archive.persian import clean_display, latin_digits

_TIME = r"(?P<hour>[0-9۰-۹]{1,2})\s*:\s*(?P<minute>[0-9۰-۹]{2})"
_DAY = rf"(?P<day>[0-9۰-۹]{{1,2}})\s+(?P<month>{jalali.MONTH_NAME_PATTERN})\s+(?P<year>[0-9۰-۹]{{4}})"
# "۱۵:۰۷ ۰۸ خرداد ۱۳۹۷" and "۰۸ خرداد ۱۳۹۷ - ۱۵:۰۷" (sites differ in the order).
_DAY_FIRST = _DAY.replace("?P<", "?P<d_")
_TIME_LAST = _TIME.replace("?P<", "?P<d_")
STAMP = re.compile(rf"^\s*(?:{_TIME}\s*[-–،,]?\s*{_DAY}|{_DAY_FIRST}\s*[-–،,]?\s*{_TIME_LAST})\s*$")
MAX_AUTHOR_LENGTH = 80


def _stamp_time(match: re.Match[str]) -> dt.datetime:
    g = {k.removeprefix("d_"): v for k, v in match.groupdict().items() if v is not None}
    month = jalali.month_number(g["month"])
    values = [int(latin_digits(g[k])) for k in ("year", "day", "hour", "minute")]
    year, day, hour, minute = values
    if month is None or not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"impossible time {match.group().strip()!r}")
    return jalali.tehran_datetime(year, month, day, hour, minute)


# A line shaped like a comment time whatever its month word ("۱۵:۰۷ ۰۸ خردادد ۱۳۹۷"): it ends the comment above
# even when it does not parse, so a misspelt time never merges two comments.
_WORD = r"[^\s\d:]{2,14}(?:\s[^\s\d:]{2,8})?"
LOOSE_STAMP = re.compile(
    r"^\s*(?:\d{1,2}\s*:\s*\d{1,2}\s*[-–،,]?\s*\d{1,2}\s+" + _WORD + r"\s+\d{4}"
    r"|\d{1,2}\s+" + _WORD + r"\s+\d{4}\s*[-–،,]?\s*\d{1,2}\s*:\s*\d{1,2})\s*$"
)
_REPLY_TO = re.compile(r"^(?:در\s+)?پاسخ\s+به\s+(?P<name>\S.{0,60}?)\s*:?$")
_AUTHOR_REPLYING = re.compile(r"^(?P<author>\S.{0,60}?)\s+(?:در\s+)?پاسخ\s+به\s+(?P<name>\S.{0,60}?)\s*:?$")
_SECTION_COUNT = re.compile(
    r"^(?:[0-9۰-۹]+\s+(?:نظر|دیدگاه|کامنت)|(?:نظرات|دیدگاه‌ها|دیدگاه ها)\s*\(?\s*[0-9۰-۹]+\s*\)?)$"
)


def is_stamp_like(line: str) -> bool:
    text = plain(line)
    if len(text) > 60 or ":" not in text:  # a comment time is short and has its clock
        return False
    return bool(STAMP.match(text) or LOOSE_STAMP.match(latin_digits(text)))


def is_section_header(line: str) -> bool:
    text = plain(line)
    return text in lexicon.COMMENT_SECTION_HEADERS or bool(_SECTION_COUNT.match(text))


def _author_like(line: str) -> bool:
    text = plain(line)
    return bool(text) and len(text) <= MAX_AUTHOR_LENGTH and not is_form_label(text) and not is_stamp_like(text)


def find_comment_start(lines: list[str], after: int = 0) -> int | None:
    """Index of the first line of the comment list, or None when the page has none.

    The list opens at a comment-section header ("نظرات", "۳ نظر") or at the first comment time (its author
    is the line above, unless the page puts the time first). Nothing before line `after` (the article's
    first prose) can be a comment: a dateline under the headline looks like a comment time.
    """
    for i in range(after, len(lines)):
        if is_section_header(lines[i]):
            return i
        if is_stamp_like(lines[i]):
            return i - 1 if i > after and _author_like(lines[i - 1]) else i
    return None


def _stamp_or_none(line: str, line_no: int, notes: list[str]) -> dt.datetime | None:
    text = plain(line)
    match = STAMP.match(text)
    if match is None:
        notes.append(f"line {line_no}: comment time not understood, kept without a time: «{text}»")
        return None
    try:
        return _stamp_time(match)
    except ValueError as error:
        notes.append(f"line {line_no}: {error}, comment kept without a time")
        return None


def parse_comments(lines: list[str], first_line_number: int = 1, notes: list[str] | None = None) -> list[ParsedComment]:
    """Parse the comment list: author / time / body (or time / author / body), or bodies alone.

    Never raises: a comment whose time does not parse is kept without one, a comment with no author or no
    text is kept as it stands, and each is noted with its line in `notes` for an editor.
    """
    notes = notes if notes is not None else []
    lines = [line for line in lines if not is_section_header(line)]
    stamps = [i for i in range(len(lines)) if is_stamp_like(lines[i])]
    if not stamps:
        return _bodies_only(lines, notes)
    time_first = stamps[0] == 0 or not _author_like(lines[stamps[0] - 1])
    bounds = [*stamps, len(lines)]

    def texts(a: int, b: int) -> list[str]:
        return [t for t in (plain(x) for x in lines[a:b]) if t and not is_form_label(t)]

    # Author-first layout: each comment's author is the line above its time, unless taking it would leave
    # the comment above with no text (then it stays that comment's text and this one has no author).
    authors: list[int | None] = []
    if not time_first:
        for k, i in enumerate(stamps):
            above = i - 1
            previous = stamps[k - 1] if k else -1
            usable = above > previous and _author_like(lines[above])
            if usable and k and not texts(previous + 1, above):
                usable = False
            authors.append(above if usable else None)
    comments: list[ParsedComment] = []
    explicit: dict[int, str] = {}  # n → the author it answers
    for k, i in enumerate(stamps):
        line_no = first_line_number + i
        if time_first:
            segment = texts(i + 1, bounds[k + 1])
            author = segment.pop(0) if len(segment) > 1 and _author_like(segment[0]) else ""
            body_lines = segment
        else:
            author = plain(lines[authors[k]]) if authors[k] is not None else ""
            next_author = authors[k + 1] if k + 1 < len(stamps) else None
            body_lines = texts(i + 1, next_author if next_author is not None else bounds[k + 1])
        reply_to = None
        if len(body_lines) > 1 and (target := _REPLY_TO.match(body_lines[0])):
            reply_to, body_lines = target.group("name"), body_lines[1:]
        if author and (replying := _AUTHOR_REPLYING.match(author)):
            author, reply_to = replying.group("author"), replying.group("name")
        if not author:
            notes.append(f"line {line_no}: comment time without an author line, kept as anonymous for an editor")
        if not body_lines:
            notes.append(f"line {line_no}: comment by {author or 'no author'!r} has no text")
        comment = ParsedComment(
            n=k + 1,
            author=clean_display(author),
            posted=_stamp_or_none(lines[i], line_no, notes),
            body=clean_display("\n".join(body_lines)),
        )
        if reply_to:
            explicit[comment.n] = clean_display(reply_to)
        comments.append(comment)
    link_replies(comments)
    for n, name in explicit.items():
        earlier = [c for c in comments[: n - 1] if c.author == name]
        if earlier:
            comments[n - 1].parent = earlier[-1].n
        else:
            notes.append(f"comment {n} answers {name!r}, who has no comment above it")
    return comments


def _bodies_only(lines: list[str], notes: list[str]) -> list[ParsedComment]:
    """Comments listed as texts alone (AMP pages): one per block, or one per line when there are no blank
    lines. No author or time is invented: each is kept anonymous and untimed, for an editor."""
    texts = [plain(x) for x in lines]
    blocks: list[list[str]] = [[]]
    for text in texts:
        if not text:
            if blocks[-1]:
                blocks.append([])
        elif not is_form_label(text):
            blocks[-1].append(text)
    blocks = [b for b in blocks if b]
    if len(blocks) == 1:
        blocks = [[line] for line in blocks[0]]
    if blocks:
        notes.append(f"{len(blocks)} comments listed without authors or times: kept as they are, for an editor")
    return [
        ParsedComment(n=k + 1, author="", posted=None, body=clean_display("\n".join(b))) for k, b in enumerate(blocks)
    ]


def link_replies(comments: list[ParsedComment]) -> None:
    """Set `parent` on replies: a reply sits under the comment it answers and was posted after it.

    On a newest-first page that makes a reply newer than the thread root above it; on an oldest-first page,
    newer than the next thread root below it. Either way it answers the nearest root above it. A page whose
    order cannot be told (as many rises as falls) is taken as newest first, the common layout.
    """
    if len(comments) < 2:
        return
    comments = [c for c in comments if c.posted is not None]  # an untimed comment stands alone
    if len(comments) < 2:
        return
    pairs = list(itertools.pairwise(comments))
    newest_first = sum(a.posted > b.posted for a, b in pairs) >= sum(a.posted < b.posted for a, b in pairs)
    is_reply = [False] * len(comments)
    anchor: ParsedComment | None = None
    order = range(len(comments)) if newest_first else range(len(comments) - 1, -1, -1)
    for i in order:
        if anchor is not None and comments[i].posted > anchor.posted:
            is_reply[i] = True
        else:
            anchor = comments[i]
    root: ParsedComment | None = None
    for comment, reply in zip(comments, is_reply, strict=True):
        if reply and root is not None:
            comment.parent = root.n
        else:
            root = comment
