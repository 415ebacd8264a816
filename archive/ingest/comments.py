"""Reader comments: each an author line, a Jalali timestamp line, then one or more body lines.

Replies are found from order alone: a page lists comments newest first (or oldest first), and a reply sits
right under the comment it answers, so a comment that breaks the page's order belongs to the thread above it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from archive import jalali
from archive.ingest.page import PageError, ParsedComment
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


def find_comment_start(lines: list[str]) -> int | None:
    """Index of the first comment's author line, or None when the page has no comments."""
    for i in range(1, len(lines)):
        if STAMP.match(plain(lines[i])) and plain(lines[i - 1]) and not STAMP.match(plain(lines[i - 1])):
            return i - 1
    return None


def parse_comments(lines: list[str], first_line_number: int = 1) -> list[ParsedComment]:
    """Parse the comment list. Raises PageError naming the line when the block is malformed."""
    stamps = [i for i in range(len(lines)) if STAMP.match(plain(lines[i]))]
    comments: list[ParsedComment] = []
    for k, i in enumerate(stamps):
        author = plain(lines[i - 1]) if i > 0 else ""
        line_no = first_line_number + i
        if not author or len(author) > MAX_AUTHOR_LENGTH:
            raise PageError(f"line {line_no}: comment timestamp without an author line above it")
        body_end = stamps[k + 1] - 1 if k + 1 < len(stamps) else len(lines)
        body_lines = [plain(line) for line in lines[i + 1 : body_end]]
        body_lines = [line for line in body_lines if line and not is_form_label(line)]
        if not body_lines:
            raise PageError(f"line {line_no}: comment by {author!r} has no text")
        try:
            posted = _stamp_time(STAMP.match(plain(lines[i])))
        except ValueError as error:
            raise PageError(f"line {line_no}: {error}") from None
        comments.append(
            ParsedComment(
                n=k + 1, author=clean_display(author), posted=posted, body=clean_display("\n".join(body_lines))
            )
        )
    link_replies(comments)
    return comments


def link_replies(comments: list[ParsedComment]) -> None:
    """Set `parent` on replies: a reply sits under the comment it answers and was posted after it.

    On a newest-first page that makes a reply newer than the thread root above it; on an oldest-first page,
    newer than the next thread root below it. Either way it answers the nearest root above it. A page whose
    order cannot be told (as many rises as falls) is taken as newest first, the common layout.
    """
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
