"""What the parser extracts from one captured page (plain data, no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive.ingest.metadata import LineDate
from archive.jalali import DateSpec


class PageError(ValueError):
    """A page that cannot be imported; the message says why, in terms an editor can act on."""


@dataclass
class ParsedComment:
    n: int  # 1-based order on the page
    author: str
    posted: dt.datetime | None  # aware, Asia/Tehran; None when the page's time for it cannot be read
    body: str  # display text; line breaks kept
    parent: int | None = None  # n of the comment it answers


@dataclass
class SourceRef:
    name: str  # canonical outlet name when known, else the name as written (with its cue word)
    relation: str  # "cites", "venue" (or "publisher" for the page's own outlet)
    known: bool
    kind: str = ""  # from the cue word before the name ("خبرگزاری" → agency); "" when none
    aliases: tuple[str, ...] = ()  # the name without its cue word
    sentence: str = ""  # the sentence the name was read from, for the editor


@dataclass
class ParsedPage:
    title: str  # empty for a capture that starts at the lead (then `needs_editor` says so)
    kicker: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    outlet: str | None = None  # canonical name of the publishing outlet
    outlet_known: bool = False
    outlet_ref: SourceRef | None = None  # the publisher as read (kind, aliases) when not known
    sources: list[SourceRef] = field(default_factory=list)
    url: str = ""
    stated_date: DateSpec | None = None
    comments: list[ParsedComment] = field(default_factory=list)
    declared_comment_count: int | None = None
    truncated: bool = False
    news_code: str = ""  # the outlet's own number for the story ("کد خبر: ۴۴۰۸۴۴"), Latin digits
    subheads: list[int] = field(default_factory=list)  # indices into `paragraphs` that are subheads
    stated_time: str = ""  # "HH:MM", Tehran, when the publication line gives the time
    line_dates: list[LineDate] = field(default_factory=list)  # dates read from metadata lines
    needs_editor: list[str] = field(default_factory=list)  # why an editor should look at this page
    dropped: list[str] = field(default_factory=list)  # furniture taken out of the text
    guessed: list[str] = field(default_factory=list)  # what was inferred rather than read
    notes: list[str] = field(default_factory=list)  # what was dropped or doubtful, for the import log

    def report(self) -> dict[str, list[str]]:
        """What was read, what was guessed and what was dropped: the page's import report."""
        read = [f"title: {self.title}" if self.title else "title: none (the capture starts at the lead)"]
        if self.kicker:
            read.append(f"kicker: {self.kicker}")
        if self.news_code:
            read.append(f"news code: {self.news_code}")
        if self.stated_date:
            read.append(
                f"date: {self.stated_date.jalali}{' ' + self.stated_time if self.stated_time else ''}"
                f" ({self.stated_date.note})"
            )
        if self.outlet:
            read.append(f"outlet: {self.outlet}{'' if self.outlet_known else ' (not in the fixtures)'}")
        read.append(f"{len(self.paragraphs) + bool(self.lead)} paragraphs, {len(self.subheads)} subheads")
        read.append(f"{len(self.comments)} comments")
        return {
            "read": read,
            "guessed": list(self.guessed),
            "dropped": list(self.dropped),
            "needs_editor": list(self.needs_editor),
            "notes": list(self.notes),
        }
