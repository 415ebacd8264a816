"""Search parameters, read one way for the search page, GET /api/search and `manage.py search`.

    request, problems = read_search_request(request.GET)    # or the command's options, by the same names
    results = request.search() if not problems else ...      # each problem: .parameter and a Persian .message

Names: q, speaker, outlet (repeatable), from, to (a Jalali day, month or bare year in Persian or Latin digits,
with - or /), kind (repeatable; article, comment, statement or their Persian names), sort, page, per_page
(whole numbers in either digit set). `q` is never a problem (the query language reports what it ignores as
notes); any other value that cannot be read is a `SearchParameterError` with the same Persian message on every
entry point: the API answers it with a 400, the command with an error, and the page shows it and searches
without that parameter. `archive.search.search()` checks its keyword arguments with these same readers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.persian import fold, latin_digits, persian_digits
from archive.search.query import parse_date
from archive.search.vocabulary import (
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    KIND_LABELS,
    KIND_NAMES,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORT_LABELS,
    SORTS,
)

if TYPE_CHECKING:
    from archive.search import SearchResults

PARAMETERS = ("q", "speaker", "outlet", "from", "to", "kind", "sort", "page", "per_page")
# What a reader is told the parameter is called (the search form's own labels).
LABELS = {
    "from": "از تاریخ",
    "to": "تا تاریخ",
    "kind": "نوع",
    "sort": "ترتیب",
    "page": "صفحه",
    "per_page": "نتیجه در هر صفحه",
}
_SHOWN = 40  # characters of a bad value repeated in its message
_WHOLE_NUMBER = re.compile(r"\s*(\d{1,9})\s*")


class SearchParameterError(ValueError):
    """A search parameter that cannot be read: which one, and why (in Persian, shown to readers)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _problem(parameter: str, value: object, why: str) -> SearchParameterError:
    shown = str(value)
    shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
    return SearchParameterError(parameter, f"{LABELS[parameter]}: «{shown}» {why}")


def read_date(parameter: str, value: str | dt.date | None) -> dt.date | None:
    """`from` (the first day of what is written) or `to` (its last day); None when empty."""
    if isinstance(value, dt.date):
        return value
    if value is None or not str(value).strip():
        return None
    try:
        return parse_date(str(value).strip(), end=parameter == "to")
    except (ValueError, OverflowError):
        raise _problem(parameter, value, "تاریخ شمسی درست نیست؛ نمونه درست: ۱۳۹۷/۰۳/۰۷، ۱۳۹۷-۰۳ یا ۱۳۹۷.") from None


def read_kinds(values: str | Iterable[str] | None) -> list[str]:
    """Each kind once, in the order asked; empty values are skipped."""
    kinds: list[str] = []
    for value in as_list(values):
        kind = KIND_NAMES.get(fold(value.strip()).lower())
        if kind is None:
            names = "، ".join(f"{label} ({name})" for name, label in KIND_LABELS.items())
            raise _problem("kind", value, f"نوع شناخته‌ای نیست؛ یکی از: {names}.")
        kinds.append(kind)
    return list(dict.fromkeys(kinds))


def read_sort(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        return DEFAULT_SORT
    if text not in SORTS:
        names = "، ".join(f"{SORT_LABELS[name]} ({name})" for name in SORTS)
        raise _problem("sort", value, f"ترتیب شناخته‌ای نیست؛ یکی از: {names}.")
    return text


def read_whole_number(parameter: str, value: int | str | None) -> int:
    """`page` (1 to MAX_PAGE, default 1) or `per_page` (1 to MAX_PER_PAGE, default DEFAULT_PER_PAGE)."""
    default, highest = (1, MAX_PAGE) if parameter == "page" else (DEFAULT_PER_PAGE, MAX_PER_PAGE)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and (match := _WHOLE_NUMBER.fullmatch(latin_digits(value))):
        number = int(match.group(1))
    if number is None or not 1 <= number <= highest:
        raise _problem(parameter, value, f"عددی از ۱ تا {persian_digits(str(highest))} نیست.")
    return number


def as_list(value: str | Iterable[str] | None) -> list[str]:
    """The non-blank values of a parameter given as one string, a list of them or None."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in value if isinstance(v, str) and v.strip()]


@dataclass(frozen=True)
class SearchRequest:
    """What was asked, read and checked; a parameter that could not be read is left at its default."""

    q: str = ""
    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def asked(self) -> bool:
        """Whether there is anything to search for (the page shows its help otherwise)."""
        return bool(self.q.strip() or self.speakers or self.outlets or self.date_from or self.date_to or self.kinds)

    def search(self) -> SearchResults:
        from archive.search import search

        return search(
            self.q,
            speaker=list(self.speakers),
            outlet=list(self.outlets),
            date_from=self.date_from,
            date_to=self.date_to,
            kind=list(self.kinds),
            sort=self.sort,
            page=self.page,
            per_page=self.per_page,
        )


def _values(source: Mapping[str, object], name: str) -> list[str]:
    """Every value given for `name`: a QueryDict's list, or a command option (None, a string or a list)."""
    getlist = getattr(source, "getlist", None)
    value = getlist(name) if getlist is not None else source.get(name)
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    return [str(v) for v in value if v is not None]


def read_search_request(source: Mapping[str, object]) -> tuple[SearchRequest, list[SearchParameterError]]:
    """The request in `source` (names as in PARAMETERS) and every problem found in it, in PARAMETERS order.

    A single-valued parameter given twice counts its last value (as Django's QueryDict.get does)."""
    values = {name: _values(source, name) for name in PARAMETERS}
    last = {name: (found[-1] if found else None) for name, found in values.items()}
    problems: list[SearchParameterError] = []

    def read(reader, *args, default=None):
        try:
            return reader(*args)
        except SearchParameterError as problem:
            problems.append(problem)
            return default

    request = SearchRequest(
        q=last["q"] or "",
        speakers=tuple(v.strip() for v in as_list(values["speaker"])),
        outlets=tuple(v.strip() for v in as_list(values["outlet"])),
        date_from=read(read_date, "from", last["from"]),
        date_to=read(read_date, "to", last["to"]),
        kinds=tuple(read(read_kinds, values["kind"], default=[])),
        sort=read(read_sort, last["sort"], default=DEFAULT_SORT),
        page=read(read_whole_number, "page", last["page"], default=1),
        per_page=read(read_whole_number, "per_page", last["per_page"], default=DEFAULT_PER_PAGE),
    )
    return request, problems
