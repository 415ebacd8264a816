"""The query language, parsed forgivingly: any string gives a query and, for what was ignored, notes.

    words            all must match           تلگرام کاربران
    "a phrase"       words in this order      "پیام رسان داخلی"
    -word, -"a b"    must not match           تلگرام -سروش
    a OR b           either (also `یا`)       سروش OR بله
    filters          Persian or English name  گوینده:آسوشه  speaker:"عباس آسوشه"  رسانه:/outlet:
                                              از:/from: تا:/to: (Jalali 1397-03-07, ۱۳۹۷/۰۳/۰۷, 1397-03 or 1397)
                                              نوع:/kind: article | comment | statement (or مقاله/خبر, نظر, گفته)

An unknown field, an impossible date or a stray operator is kept as plain words and reported in `notes`
(in Persian: they are shown to readers).
The parser knows nothing of the index: turning words into index terms is the backend's job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.jalali import month_length, parse_jalali, to_gregorian
from archive.persian import fold, latin_digits, persian_digits
from archive.search.analysis import words
from archive.search.vocabulary import KIND_NAMES

MAX_QUERY_LENGTH = 1000  # characters kept from a query; the rest is reported, not searched
MAX_CLAUSES = 32

FILTER_NAMES = {
    "speaker": "speaker",
    "گوینده": "speaker",
    "outlet": "outlet",
    "رسانه": "outlet",
    "from": "from",
    "از": "from",
    "to": "to",
    "تا": "to",
    "kind": "kind",
    "نوع": "kind",
}
OR_WORDS = {"or", "یا"}

# Control characters (other than spacing) carry nothing a reader could have meant.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# One piece of a query: an optional sign, an optional `field:` and a quoted or bare value.
_PIECE = re.compile(
    r"""(?P<neg>[-−])?(?:(?P<field>[^\s:"«»“”]+)[:：])?(?:["«“”](?P<quoted>[^"«»“”]*)["»“”]?|(?P<bare>[^\s"«»“”]*))"""
)


@dataclass
class Clause:
    """One thing that must (or must not) match: a word, or a phrase of words."""

    words: list[str]
    phrase: bool = False

    def text(self) -> str:
        joined = " ".join(self.words)
        return f'"{joined}"' if self.phrase else joined


@dataclass
class Filters:
    speaker: list[str] = field(default_factory=list)
    outlet: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: list[str] = field(default_factory=list)


@dataclass
class ParsedQuery:
    """Groups are ANDed; the clauses inside a group are ORed (a group of one is a plain word or phrase)."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    notes: list[str] = field(default_factory=list)

    def words(self) -> list[str]:
        """The positive words, in order (for highlighting and suggestions)."""
        return [w for group in self.groups for clause in group for w in clause.words]


def plain_word(group: list[Clause]) -> str | None:
    """The word, when a group is one plain word of one token (what may be glued to its neighbour)."""
    if len(group) == 1 and not group[0].phrase and len(list(words(group[0].words[0]))) == 1:
        return group[0].words[0]
    return None


# Bidi embeddings, overrides, isolates and marks: typed or pasted into a query they would turn the page's own
# text around wherever the query is echoed (the title, the search box, "results for …").
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A filter name typed without its colon, and the value after it. Names that are also common words (از, تا,
# نوع) count only when what follows can only be their value (a date, a kind).
_FILTER_THEN_VALUE = re.compile(
    r"(?<!\S)(?:(?P<name>گوینده|رسانه|speaker|outlet)"
    r"|(?P<date>از|تا|from|to)(?=\s*[:：]?\s+[0-9۰-۹]{4})"
    r"|(?P<kind>نوع|kind)(?=\s*[:：]?\s+(?:" + "|".join(map(re.escape, KIND_NAMES)) + r")(?!\S)))"
    r"\s*[:：]?\s+(?=\S)",
    re.IGNORECASE,
)


def echo_text(text: str) -> str:
    """A query as it may be shown back to the reader: without bidi controls."""
    return _BIDI_CONTROLS.sub("", text or "")


def is_filter_name(word: str) -> bool:
    return fold(word).lower().rstrip(":：") in FILTER_NAMES


def with_filter_colons(q: str) -> str:
    """`گوینده آسوشه` → `گوینده:آسوشه`: a filter name typed without its colon (or with spaces around it)."""
    return _FILTER_THEN_VALUE.sub(lambda m: f"{m.group('name') or m.group('date') or m.group('kind')}:", q)


def clean_query(q: str) -> str:
    return _CONTROL.sub(" ", q or "").replace("\n", " ").replace("\r", " ").strip()


_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _date(value: str, end: bool) -> dt.date:
    """Jalali `1397-03-07` / `۱۳۹۷/۰۳/۰۷` / `1397-03` / `1397` → Gregorian day (the last one for `end`)."""
    year_only = _YEAR.match(latin_digits(value))
    if year_only:
        year = int(year_only.group(1))
        return _date(f"{year}-12" if end else f"{year}-01", end)
    year, month, day = parse_jalali(value)
    if day is None:
        day = month_length(year, month) if end else 1
    return to_gregorian(year, month, day)


def parse_date(value: str, end: bool = False) -> dt.date:
    """Public form of the date rule, for callers passing dates as parameters. ValueError when impossible."""
    return _date(value, end)


def _split_words(text: str) -> list[str]:
    return [w for w in text.split() if w]


def parse_query(q: str) -> ParsedQuery:
    """Parse any string; never raises."""
    parsed = ParsedQuery()
    text = clean_query(q)
    if len(text) > MAX_QUERY_LENGTH:
        parsed.notes.append(f"تنها {persian_digits(str(MAX_QUERY_LENGTH))} نویسه نخست پرسش جست‌وجو شد.")
        text = text[:MAX_QUERY_LENGTH]
    if text.count('"') % 2:
        parsed.notes.append("گیومه‌ای باز مانده بود؛ در پایان پرسش بسته شد.")

    pending_or = False
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        match = _PIECE.match(text, position)
        if not match or match.end() == position:
            position += 1  # a lone quote mark or the like: skip it
            continue
        position = match.end()
        negative = bool(match.group("neg"))
        field_name = match.group("field")
        value = match.group("quoted") if match.group("quoted") is not None else (match.group("bare") or "")
        quoted = match.group("quoted") is not None

        if field_name is not None:
            key = FILTER_NAMES.get(fold(field_name).lower())
            if key is None:
                parsed.notes.append(f"«{field_name}:» شناخته نیست؛ چون واژه جست‌وجو شد.")
                value = f"{field_name} {value}"
            elif not value.strip():
                parsed.notes.append(f"«{field_name}:» مقداری نداشت و نادیده گرفته شد.")
                continue
            else:
                if negative:
                    parsed.notes.append(
                        f"پالایه را نمی‌توان کنار گذاشت؛ «-{field_name}:» چون «{field_name}:» خوانده شد."
                    )
                if _apply_filter(parsed, key, field_name, value.strip()):
                    continue
                value = value.strip()
        elif not quoted and fold(value).lower() in OR_WORDS and not negative:
            if parsed.groups and not pending_or:
                pending_or = True
            else:
                parsed.notes.append(f"«{value}» که در یک سویش واژه‌ای نبود نادیده گرفته شد.")
            continue

        words = _split_words(value)
        if not words:
            if negative and not quoted:
                parsed.notes.append("«-» تنها نادیده گرفته شد.")
            continue
        clauses = [Clause(words, phrase=True)] if quoted and len(words) > 1 else [Clause([w]) for w in words]
        if negative:
            parsed.excluded.extend(clauses)
            pending_or = False
            continue
        if pending_or and parsed.groups:
            parsed.groups[-1].append(clauses[0])
            parsed.groups.extend([c] for c in clauses[1:])
        else:
            parsed.groups.extend([c] for c in clauses)
        pending_or = False
    if pending_or:
        parsed.notes.append("«یا» در پایان پرسش نادیده گرفته شد.")
    if len(parsed.groups) > MAX_CLAUSES:
        parsed.notes.append(f"تنها {persian_digits(str(MAX_CLAUSES))} واژه نخست جست‌وجو شد.")
        parsed.groups = parsed.groups[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    return parsed


def _apply_filter(parsed: ParsedQuery, key: str, name: str, value: str) -> bool:
    """Record a filter; False (with a note) when its value is unusable, so it is searched as words."""
    filters = parsed.filters
    if key == "speaker":
        filters.speaker.append(value)
    elif key == "outlet":
        filters.outlet.append(value)
    elif key == "kind":
        kind = KIND_NAMES.get(fold(value).lower())
        if kind is None:
            parsed.notes.append(f"«{name}:{value}» نوع شناخته‌ای نیست (خبر، نظر، گفته)؛ چون واژه جست‌وجو شد.")
            return False
        filters.kind.append(kind)
    else:
        try:
            day = _date(value, end=key == "to")
        except (ValueError, OverflowError):
            parsed.notes.append(f"«{name}:{value}» تاریخ شمسی درستی نیست؛ چون واژه جست‌وجو شد.")
            return False
        if key == "from":
            filters.date_from = day
        else:
            filters.date_to = day
    return True
