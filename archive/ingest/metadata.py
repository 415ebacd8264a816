"""Lines that describe a page rather than tell its story: dates, news codes, widgets, site furniture.

`classify(line)` answers whether a whole line is such a line and what it carries. A line may hold several
items («کد خبر: ۴۴۰۸۴۴ | تاریخ انتشار: ۱۳۹۸/۰۹/۱۹ - ۱۰:۳۱»): it is split at its separators and is metadata only
when every piece is. Matching runs on the folded line (one letter form, ASCII digits), so Arabic «ي», Persian
or Latin digits and a missing ZWNJ read alike. Every pattern here is anchored and bounded: no step of it
costs more than a pass over the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jdatetime

from archive import jalali
from archive.ingest import lexicon
from archive.persian import fold

# What a date line is: "labelled" (the page says it is the publication), "plain" (a date standing alone:
# a dateline when it sits by the headline, the site's frame elsewhere), or "frame" (labelled as something
# else: an update, a fetch, the site's today).
LABELLED, PLAIN, FRAME = "labelled", "plain", "frame"
# No metadata line is longer (a masthead strip or a footer is well under it; article text mostly over it).
MAX_LENGTH = 200
# A metadata line over 120 characters is a strip of labelled items or a footer; article text rarely has these.
_LONG_METADATA_HINT = re.compile(r"[:|｜©\[]|حقوق")


@dataclass(frozen=True)
class LineDate:
    year: int
    month: int
    day: int
    time: str  # "HH:MM" or ""
    kind: str  # LABELLED, PLAIN or FRAME
    text: str  # the line as written, for notes

    @property
    def jalali(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass
class MetaLine:
    """What one metadata line carries."""

    dates: list[LineDate] = field(default_factory=list)
    news_code: str = ""
    widget: str = ""  # the widget or furniture label
    ends_body: bool = False  # a widget header after which the article is over
    notes: list[str] = field(default_factory=list)  # a date that cannot be a day ("۳۲ اسفند")


def _folded_alternation(words: list[str] | tuple[str, ...]) -> str:
    forms = {fold(w) for w in words} | {fold(w).replace(" ", "") for w in words}
    return "|".join(sorted((re.escape(f).replace(r"\ ", r"\s*") for f in forms), key=len, reverse=True))


_MONTH = _folded_alternation([*jalali.MONTHS, "امرداد"])
_WEEKDAY = r"(?:(?:یک|دو|سه|چهار|پنج)\s*شنبه|شنبه|جمعه)"
_FOREIGN_MONTH = _folded_alternation(lexicon.FOREIGN_MONTH_NAMES)
_TIME = r"(?:ساعت\s*)?(?P<hour>\d{1,2})\s*[:٫.]\s*(?P<minute>\d{2})(?:\s*[:٫.]\s*\d{2})?"
_SEP = r"\s*(?:[-–—|،,/]|\s)\s*"
# "سه شنبه ۱۹ آذر ۱۳۹۸", "۱۶ شهریور ۱۳۹۸", "۱۹ آذرماه ۱۳۹۸"
_NAMED = (
    rf"(?:(?P<weekday>{_WEEKDAY})\s*[،,]?\s*)?(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH})\s*(?:ماه)?\s*(?P<year>\d{{4}})"
)
# "1397/04/25", "۱۳۹۷-۰۴-۲۵", "۲۵-۰۴-۱۳۹۷", "25.04.1397"
_NUMERIC = (
    r"(?:(?P<y1>1[34]\d\d)\s*(?P<s1>[-/.])\s*(?P<m1>\d{1,2})\s*(?P=s1)\s*(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})\s*(?P<s2>[-/.])\s*(?P<m2>\d{1,2})\s*(?P=s2)\s*(?P<y2>1[34]\d\d))"
)


def _compile_when() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Two patterns (date first, time first): Python's re refuses a group name used twice in one pattern.
    date_first = re.compile(rf"^(?:{_NAMED}|{_NUMERIC})(?:{_SEP}(?:{_TIME}))?$")
    time_first = re.compile(rf"^{_TIME}{_SEP}(?:{_NAMED}|{_NUMERIC})$")
    return date_first, time_first


_DATE_FIRST, _TIME_FIRST = _compile_when()

_PUBLISHED_LABEL = re.compile(rf"^(?:{_folded_alternation(lexicon.PUBLISHED_LABELS)})\s*:?\s*")
_FRAME_LABEL = re.compile(rf"^(?:{_folded_alternation(lexicon.FRAME_DATE_LABELS)})\s*:?\s*")
_NEWS_CODE = re.compile(rf"^(?:{_folded_alternation(lexicon.NEWS_CODE_LABELS)})\s*[:：]?\s*(?P<code>[0-9]{{3,12}})$")
_SPLIT = re.compile(r"\s+[|｜•]\s+|\s*[|｜•]\s*|\s+[-–—]\s+(?=\D)")
_STRAY_COUNTER = re.compile(r"^[0-9]{1,6}$|^(?:شماره|سال)\s*[0-9]{1,6}$")  # "۰", a paper's issue number
_COUNTED = re.compile(
    rf"^(?:{_folded_alternation(lexicon.COUNTED_LABELS)})\s*:?\s*[0-9]{{1,9}}$|^[0-9]{{1,9}}\s*(?:{_folded_alternation(lexicon.COUNTED_LABELS)})$"
)
_WIDGET_EXACT = {fold(w).replace(" ", "") for w in lexicon.WIDGET_LABELS}
_WIDGET_ENDS_BODY = {fold(w).replace(" ", "") for w in lexicon.WIDGET_SECTION_HEADERS}
_WIDGET_PREFIX = re.compile(rf"^[\[(«]?\s*(?:{_folded_alternation(lexicon.WIDGET_PREFIXES)})")
_TAGS = re.compile(rf"^(?:{_folded_alternation(lexicon.TAG_LABELS)})\s*:")
_FOOTER = re.compile(_folded_alternation(lexicon.FOOTER_PHRASES))
_EDGE = re.compile(r"^[\s\[\]()«»*•|:\-–—]+|[\s\[\]()«»*•|:\-–—]+$")


def _date_in(piece: str, kind: str) -> tuple[LineDate | None, str | None]:
    """The date a piece states (the whole piece a date, with its time if any), or a note why it is not one."""
    piece = piece.strip()
    match = _DATE_FIRST.match(piece) or _TIME_FIRST.match(piece)
    if not match:
        return None, None
    g = match.groupdict()
    if g.get("month"):
        year, month, day = int(g["year"]), jalali.month_number(g["month"]), int(g["day"])
    elif g.get("y1"):
        year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
    else:
        year, month, day = int(g["y2"]), int(g["m2"]), int(g["d2"])
    time = ""
    if g.get("hour") is not None:
        hour, minute = int(g["hour"]), int(g["minute"])
        if hour < 24 and minute < 60:
            time = f"{hour:02d}:{minute:02d}"
    try:
        value = jdatetime.date(year, month or 0, day)
    except ValueError:
        return None, f"no such day: «{piece}»"
    if g.get("weekday") and jalali.weekday_number(g["weekday"]) != value.weekday():
        return None, f"«{piece}»: {g['weekday']} does not fall on that day"
    return LineDate(year, month, day, time, kind, piece), None


def _keep_date(meta: MetaLine, found: LineDate | None, note: str | None) -> bool:
    """Record a date the piece holds (or the note saying why its date was not taken); False when it held none."""
    if found:
        meta.dates.append(found)
    elif note:
        meta.notes.append(note)
    return bool(found or note)


def _classify_piece(piece: str, meta: MetaLine) -> bool:
    """Add what one piece carries to `meta`; False when the piece is ordinary text."""
    text = _EDGE.sub("", piece)
    if not text:
        return True
    squeezed = text.replace(" ", "")
    if code := _NEWS_CODE.match(text):
        meta.news_code = meta.news_code or code.group("code")
        return True
    for label, kind in ((_PUBLISHED_LABEL, LABELLED), (_FRAME_LABEL, FRAME)):
        labelled = label.match(text)
        if labelled and labelled.end() < len(text) and _keep_date(meta, *_date_in(text[labelled.end() :], kind)):
            return True
        if labelled and labelled.end() == len(text) and kind == FRAME:
            meta.widget = text
            return True
    if _keep_date(meta, *_date_in(text, PLAIN)):
        return True
    named = re.search(_NAMED, text) if len(text) <= 120 else None
    if named and re.search(rf"(?:^|\s)(?:{_FOREIGN_MONTH})(?:\s|$)", text):
        # A Gregorian or Hijri date beside the Jalali one: the site's calendar strip, never the publication.
        meta.widget = text
        found, _ = _date_in(named.group(), FRAME)
        if found:
            meta.dates.append(found)
        return True
    if _STRAY_COUNTER.match(text) or _COUNTED.match(text):
        meta.widget = text
        return True
    if squeezed in _WIDGET_ENDS_BODY:
        meta.widget, meta.ends_body = text, True
        return True
    if squeezed in _WIDGET_EXACT or _WIDGET_PREFIX.match(text) or _TAGS.match(text):
        meta.widget = text
        return True
    if len(text) < 160 and _FOOTER.search(text):
        meta.widget = text
        return True
    return False


def _is_label(piece: str) -> bool:
    text = piece.strip()
    return 0 < len(text) <= 30 and len(text.split()) <= 4 and not re.search(r"[.،:!؟?]", text)


def classify(line: str) -> MetaLine | None:
    """What a metadata line carries, or None when the line is text of the page."""
    if len(line) > MAX_LENGTH or (len(line) > 120 and not _LONG_METADATA_HINT.search(line)):
        return None
    text = fold(line).strip()
    if not text:
        return None
    meta = MetaLine()
    pieces = [text] if _classify_piece(text, meta) else None
    if pieces is None:
        meta = MetaLine()
        pieces = [p for p in _SPLIT.split(text) if p.strip()]
        if len(pieces) < 2:
            return None
        # A masthead or info strip: every piece metadata, or a short label beside metadata ("روزنامه X |
        # شماره ۲۳۱۴", "سرویس اقتصادی | کد خبر: ۱۲").
        kinds = [_classify_piece(p, meta) or (_is_label(p) and None) for p in pieces]
        if False in kinds or not any(kinds):
            return None
        meta.widget = meta.widget or text
    return meta
