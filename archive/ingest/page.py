"""What the parser extracts from one captured page (plain data, no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive.jalali import DateSpec


class PageError(ValueError):
    """A page that cannot be imported; the message says why, in terms an editor can act on."""


@dataclass
class ParsedComment:
    n: int  # 1-based order on the page
    author: str
    posted: dt.datetime  # aware, Asia/Tehran
    body: str  # display text; line breaks kept
    parent: int | None = None  # n of the comment it answers


@dataclass
class SourceRef:
    name: str  # canonical outlet name when known, else the phrase as written
    relation: str  # "cites" or "venue"
    known: bool


@dataclass
class ParsedPage:
    title: str
    kicker: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    outlet: str | None = None  # canonical name of the publishing outlet
    outlet_known: bool = False
    sources: list[SourceRef] = field(default_factory=list)
    url: str = ""
    stated_date: DateSpec | None = None
    comments: list[ParsedComment] = field(default_factory=list)
    declared_comment_count: int | None = None
    truncated: bool = False
    notes: list[str] = field(default_factory=list)  # what was dropped or doubtful, for the import log
