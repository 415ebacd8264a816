"""Figures stated in a text: "۲۶ میلیون کاربر", "۲٫۵ میلیارد بازدید", "شش سال", "۶۰-۵۰ میلیون", "۶۰ درصد".

A figure is a number written with Persian or Latin digits (decimals ۲٫۵ / 2.5, thousands ۱۰٬۰۰۰) or in words
(یک ... نهصد), with scale words (هزار، میلیون، میلیارد) combined as Persian reads them ("۹ میلیون و دویست هزار"
= 9,200,000), possibly a range ("۶۰-۵۰", "۳۰۰ تا ۴۰۰", "دو سه روز"), with the noun it counts (its unit) and a
hedge before it ("حدود", "بیش از", "کمتر از"). Numbers that label rather than count are left out: dates
("۷ خرداد"), years after "سال", "بند ۲", "ساعت ۱۰". A figure whose noun is left implicit ("از ۲ میلیارد بازدید
به کمتر از ۸۰۰ هزار رسید") takes the unit of the figure beside it in the same sentence, marked as inferred.

Matching runs on the search form (`fold`): Persian and Latin digits, Arabic ي/ك, ZWNJ or not, all meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.attribution import lexicon
from archive.persian import fold


@dataclass(frozen=True)
class Figure:
    text: str  # as written, from the first digit or number word to the unit (inclusive)
    value: float  # the number (the low end of a range)
    unit: str  # the noun counted ("کاربر", "سال", "درصد"), "" when none can be told
    start: int  # offsets into the text given to extract_figures
    end: int
    high: float | None = None  # the high end of a range
    qualifier: str = ""  # "حدود", "بیش از", "کمتر از" ... as written
    unit_inferred: bool = False  # the unit came from a neighbouring figure


_NUMBER_WORDS = {fold(w): v for w, v in lexicon.NUMBER_WORDS.items()}
_AMBIGUOUS = {fold(w) for w in lexicon.AMBIGUOUS_NUMBER_WORDS}
_SCALES = {fold(w): v for w, v in lexicon.SCALE_WORDS.items()}
_PERCENT = {fold(w) for w in lexicon.PERCENT_WORDS}
_UNITS = {fold(u).replace(" ", ""): u for u in lexicon.FIGURE_UNITS}
_CLASSIFIERS = {fold(w) for w in lexicon.FIGURE_CLASSIFIERS}
_LABELS = {fold(w) for w in lexicon.FIGURE_LABEL_WORDS}
_MONTHS = {fold(w) for w in lexicon.MONTH_NAMES}
_NOT_A_UNIT = {fold(w) for w in lexicon.NOT_A_UNIT}
_TIME_UNITS = set(lexicon.FIGURE_TIME_UNITS) | {"درصد"}
_QUALIFIER = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        r"\s*".join(re.escape(w) for w in fold(q).split())
        for q in sorted(lexicon.FIGURE_QUALIFIERS, key=len, reverse=True)
    )
    + r")\s*$"
)
# Digits joined by "/" or ":" are dates, times or ratios ("۱۳۹۷/۳/۷", "۱۰:۳۰"): one token that counts nothing.
_TOKEN = re.compile(
    r"(?P<label>\d+(?:[/:]\d+)+)|(?P<num>\d+(?:[.,٫٬]\d+)*)|(?P<pct>[%٪])|(?P<dash>[-–])|(?P<word>[^\W\d_]+)"
)
_UNIT_SUFFIXES = ("های", "ها", "ای", "ی", "ه")


@dataclass
class _Token:
    kind: str  # "num", "word", "pct", "dash"
    text: str  # folded
    start: int  # folded offsets
    end: int

    @property
    def number(self) -> float | None:
        if self.kind == "num":
            return _digits_value(self.text)
        if self.kind == "word":
            return _NUMBER_WORDS.get(self.text)
        return None

    @property
    def scale(self) -> int | None:
        return _SCALES.get(self.text) if self.kind == "word" else None


def _digits_value(text: str) -> float:
    """ "2.5" / "2٫5" → 2.5; "10,000" / "10٬000" → 10000; "2,5" (no three-digit groups) → 2.5."""
    parts = re.split(r"[.,٫٬]", text)
    seps = re.findall(r"[.,٫٬]", text)
    if not seps:
        return float(text)
    if all(s in ",٬" for s in seps) and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    if len(seps) == 1:
        return float(parts[0] + "." + parts[1])
    # "1,234.5": thousands then a decimal point.
    return float("".join(parts[:-1]) + "." + parts[-1])


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        for f in fold(c):
            chars.append(f)
            index.append(i)
    index.append(len(text))
    return "".join(chars), index


def _gap(folded: str, left: _Token, right: _Token) -> str:
    return folded[left.end : right.start]


def _combine(tokens: list[_Token]) -> float:
    """Persian number words and scales as read: "9 میلیون و دویست هزار" → 9,200,000."""
    total = 0.0
    current = 0.0
    last_was_scale = False
    for token in tokens:
        scale = token.scale
        if scale is not None:
            if current == 0 and total and last_was_scale:
                total *= scale  # "هزار میلیارد"
            else:
                total += (current or 1) * scale
            current = 0.0
            last_was_scale = True
        else:
            current += token.number or 0
            last_was_scale = False
    return total + current


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.index = _fold_with_index(text)
        self.tokens = [_Token(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.folded)]

    def adjacent(self, i: int, j: int, allow: str = "") -> bool:
        """Tokens i and j stand next to each other, with only spaces (and the characters in `allow`) between."""
        return j < len(self.tokens) and _gap(self.folded, self.tokens[i], self.tokens[j]).strip(" " + allow) == ""

    def is_numeric(self, j: int) -> bool:
        return j < len(self.tokens) and (self.tokens[j].number is not None or self.tokens[j].scale is not None)

    def expression(self, i: int) -> int:
        """Index one past the number expression starting at token i ("۹ میلیون و دویست هزار")."""
        j = i + 1
        while j < len(self.tokens):
            token, previous = self.tokens[j], self.tokens[j - 1]
            if token.scale is not None and self.adjacent(j - 1, j):
                j += 1
            elif (
                token.kind == "word"
                and token.text == "و"
                and self.adjacent(j - 1, j)
                and self.is_numeric(j + 1)
                and self.adjacent(j, j + 1)
                and (previous.scale is not None or (previous.number or 0) >= 20)
            ):
                j += 2  # "بیست و پنج", "میلیون و دویست"
            else:
                break
        return j

    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        i = 0
        while i < len(self.tokens):
            if not self.is_numeric(i):
                i += 1
                continue
            end = self.expression(i)
            parts = self.tokens[i:end]
            low = _combine(parts)
            high: float | None = None
            # A range: "۶۰-۵۰", "۳۰۰ تا ۴۰۰", "دو سه روز".
            if end < len(self.tokens):
                nxt = self.tokens[end]
                join = None
                joiner = nxt.kind == "dash" or (nxt.kind == "word" and nxt.text == "تا")
                if joiner and self.adjacent(end - 1, end) and self.is_numeric(end + 1):
                    join = end + 1
                elif (
                    nxt.kind == "word"
                    and nxt.number is not None
                    and parts[-1].kind == "word"
                    and parts[-1].number is not None
                    and self.adjacent(end - 1, end)
                    and nxt.number > (parts[-1].number or 0)
                    and nxt.number < 10
                ):
                    join = end  # "دو سه روز"
                if join is not None and self.adjacent(join - 1, join, "-–"):
                    end2 = self.expression(join)
                    second = self.tokens[join:end2]
                    other = _combine(second)
                    if second[-1].scale is not None and all(p.scale is None for p in parts):
                        low *= second[-1].scale  # "۵۰ تا ۶۰ میلیون": the scale covers both
                    low, high = min(low, other), max(low, other)
                    parts = self.tokens[i:end2]
                    end = end2
            if not self._counts(i, parts):
                i = end
                continue
            unit, unit_end = self._unit(end)
            last = unit_end if unit else parts[-1].end
            start_o, end_o = self.index[parts[0].start], self.index[last]
            qualifier = ""
            q = _QUALIFIER.search(self.folded, 0, parts[0].start)
            if q:
                qualifier = self.text[self.index[q.start()] : self.index[q.end()]].strip()
            found.append(Figure(self.text[start_o:end_o], low, unit, start_o, end_o, high=high, qualifier=qualifier))
            i = end
        return found

    def _counts(self, i: int, parts: list[_Token]) -> bool:
        """A number that counts something, not a date, a label or a word that only looks like a number."""
        if len(parts) == 1 and parts[0].kind == "word" and parts[0].text in _AMBIGUOUS:
            return False  # "یک سرویس", "نه از دولت"
        previous = self.tokens[i - 1] if i > 0 else None
        if previous is not None and previous.text in _LABELS and self.adjacent(i - 1, i):
            return False  # "بند ۲", "سال ۲۰۱۸"
        after = self.tokens[i + len(parts)] if i + len(parts) < len(self.tokens) else None
        if after is not None and after.text in _MONTHS and self.adjacent(i + len(parts) - 1, i + len(parts)):
            return False  # "۷ خرداد"
        if len(parts) == 1 and parts[0].kind == "num" and re.fullmatch(r"(?:1[34]|19|20)\d\d", parts[0].text):
            # A bare four-digit number in the range of years ("در ۲۰۱۸", "۱۳۹۷") counts only with its noun.
            return self._unit(i + 1)[0] != ""
        return True

    def _unit(self, j: int) -> tuple[str, int]:
        """The noun counted, after the number: (unit, folded end offset) or ("", 0)."""
        if j >= len(self.tokens) or not self.adjacent(j - 1, j):
            return "", 0
        token = self.tokens[j]
        if token.kind == "pct" or token.text in _PERCENT or _strip_suffix(token.text) in _PERCENT:
            return "درصد", token.end
        if token.kind != "word":
            return "", 0
        if token.text in _CLASSIFIERS and j + 1 < len(self.tokens) and self.adjacent(j, j + 1):
            following = self.tokens[j + 1]
            if following.kind == "word" and _known_unit(following.text):
                return _known_unit(following.text), following.end
        known = _known_unit(token.text)
        if known:
            return known, token.end
        if _looks_like_unit(token.text):
            return self.text[self.index[token.start] : self.index[token.end]], token.end
        return "", 0


def _strip_suffix(word: str) -> str:
    for suffix in _UNIT_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in _UNITS.keys() | _PERCENT:
            return word[: -len(suffix)]
    return word


def _known_unit(word: str) -> str:
    if word in _UNITS:
        return _UNITS[word]
    stem = _strip_suffix(word)
    return _UNITS.get(stem, "")


def _looks_like_unit(word: str) -> bool:
    if word in _NOT_A_UNIT or word in _MONTHS or word in _NUMBER_WORDS or word in _SCALES or len(word) < 2:
        return False
    # Verbs: "میکنند", "نمیشود", "کردند", "رسیده است" are no nouns.
    return not (word.startswith(("می", "نمی", "بی")) or word.endswith(("ند", "ید", "یم")))


def extract_figures(text: str) -> list[Figure]:
    """Every figure stated in `text`, in order, with offsets into `text`."""
    figures = _Reader(text).figures()
    return _infer_units(text, figures)


def _infer_units(text: str, figures: list[Figure]) -> list[Figure]:
    """A figure with no noun after it counts what its sentence is about: the first counted figure before it
    ("از ۲ میلیارد بازدید ... به کمتر از ۸۰۰ هزار"), else the next one after it ("۵۳۰ هزار بوده ... به ۲۷۷ هزار
    کانال"). Durations and percentages are never what a bare number counts."""
    from archive.attribution.rules import sentence_spans

    spans = sentence_spans(text) if any(not f.unit for f in figures) else []
    result = list(figures)
    for k, figure in enumerate(figures):
        if figure.unit:
            continue
        sentence = next(((s, e) for s, e in spans if s <= figure.start < e), None)
        if sentence is None:
            continue
        neighbours = [
            f
            for f in figures
            if f.unit and f.unit not in _TIME_UNITS and not f.unit_inferred and sentence[0] <= f.start < sentence[1]
        ]
        before = [f for f in neighbours if f.start < figure.start]
        after = [f for f in neighbours if f.start > figure.start]
        source = before[0] if before else (after[0] if after else None)
        if source is not None:
            result[k] = Figure(
                figure.text,
                figure.value,
                source.unit,
                figure.start,
                figure.end,
                high=figure.high,
                qualifier=figure.qualifier,
                unit_inferred=True,
            )
    return result
