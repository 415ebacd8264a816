"""The Persian text policy, decided once.

Two forms of every text:

* **display text** (`clean_display`): what the reader sees. Cleaned, not rewritten: odd spaces made plain,
  invisible controls dropped, Arabic ي/ك/ة made Persian, spacing around punctuation fixed and ZWNJ restored
  where hazm's Normalizer is confident (`می شود` → `می‌شود`, `کتاب ها` → `کتاب‌ها`), digits in running text
  made Persian. URLs, decimals, ranges and times are shielded from hazm, which would space them apart
  (`2.5` → `2 ٫ 5`, `https://x.ir` → `https: / / x. ir`).
* **search form** (`fold`): where every spelling of a word meets. One letter form (ی ک ه ا و), no diacritics,
  tatweel or ZWNJ, ASCII digits, lowercase Latin. It is a single `str.translate`, cheap enough for the query
  path; compounds (ZWNJ / space / joined) are the analyzer's job, in `archive.search.analysis`.

The two fold in opposite directions on purpose: Lucene folds to Arabic letters, hazm to Persian. We display
Persian letters and Persian digits, and search on Persian letters with ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

# Every Unicode space that is not a plain space or a line break becomes a plain space.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
# Invisible characters that carry no meaning in a stored page: zero-width space, BOM, word joiner,
# bidi embeddings/overrides/isolates and marks (the template isolates Latin runs itself), soft hyphen.
_INVISIBLE = "\u200b\ufeff\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"

_DISPLAY_TABLE = {ord(c): " " for c in _ODD_SPACES}
_DISPLAY_TABLE.update({ord(c): None for c in _INVISIBLE})
# C0/C1 control characters other than the line break.
_DISPLAY_TABLE.update({cp: None for cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)) if cp != 0x0A})
_DISPLAY_TABLE.update(
    {
        ord("ي"): "ی",
        ord("ى"): "ی",
        ord("ك"): "ک",
        ord("ة"): "ه",
        ord("ۀ"): "هٔ",
    }
)
_DISPLAY_TABLE.update({ord(a): p for a, p in zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS, strict=True)})

# Spans hazm's spacing rules would break apart; they pass through untouched.
_SHIELDED = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"]+"  # URLs
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses (from a word's start: linear on long words)
    r"|[0-9۰-۹]+(?:[.,٫٬/:\-–][0-9۰-۹]+)+"  # decimals, thousands, dates, times, ranges
    r"|\b(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]+\b"  # Latin words with digits: MP3, 4G
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_MANY_SPACES = re.compile(r" {2,}")


@lru_cache(maxsize=1)
def _normalizer():
    """hazm's Normalizer, built once per process (building it loads word lists)."""
    from hazm import Normalizer

    # Repeated characters ("؟؟؟", "خخخ") are the commenters' own voice, and diacritics (شخصاً) the
    # writer's: both kept; search folding drops diacritics. Digits are ours to set.
    return Normalizer(persian_numbers=False, decrease_repeated_chars=False, remove_diacritics=False)


def _hazm_segment(segment: str) -> str:
    """Normalize a stretch of text with hazm, keeping the whitespace at its edges (hazm strips it)."""
    if not segment.strip():
        return segment
    lead = segment[: len(segment) - len(segment.lstrip())]
    trail = segment[len(segment.rstrip()) :]
    return lead + _normalizer().normalize(segment) + trail


def persian_digits(text: str) -> str:
    """Latin and Arabic-Indic digits to Persian ones, except inside Latin words (`MP3`, `4G`, `H264`)."""

    def convert(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _LATIN_LETTER.match(before) or _LATIN_LETTER.match(after):
            return match.group()
        run = match.group().translate(_TO_PERSIAN_DIGITS)
        # Between digits, "." is a decimal point and "," a thousands separator: use the Persian signs.
        return re.sub(r"(?<=[۰-۹])\.(?=[۰-۹])", "٫", re.sub(r"(?<=[۰-۹]),(?=[۰-۹]{3})", "٬", run))

    return re.sub(r"[0-9٠-٩](?:[0-9٠-٩.,]*[0-9٠-٩])?", convert, text)


_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)


def latin_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII (for parsing numbers and dates)."""
    return text.translate(_TO_LATIN_DIGITS)


def clean_line(line: str) -> str:
    """Display form of one line of text (no line breaks inside)."""
    line = unicodedata.normalize("NFC", line).translate(_DISPLAY_TABLE).replace("\n", " ")
    pieces: list[str] = []
    last = 0
    for match in _SHIELDED.finditer(line):
        pieces.append(_hazm_segment(line[last : match.start()]))
        pieces.append(match.group())
        last = match.end()
    pieces.append(_hazm_segment(line[last:]))
    out = "".join(pieces)
    # Digits: Persian in running text, but URLs and e-mail addresses keep theirs.
    shielded_urls = list(re.finditer(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", out))
    if shielded_urls:
        parts, last = [], 0
        for match in shielded_urls:
            parts.append(persian_digits(out[last : match.start()]))
            parts.append(match.group())
            last = match.end()
        parts.append(persian_digits(out[last:]))
        out = "".join(parts)
    else:
        out = persian_digits(out)
    return _MANY_SPACES.sub(" ", out).strip()


def clean_display(text: str) -> str:
    """Display form of a text that may span lines (a comment body): each line cleaned, breaks kept."""
    lines = [clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------------------
# Search folding

_DIACRITICS = "".join(chr(cp) for cp in range(0x064B, 0x0660)) + "\u0670\u0640"  # harakat, dagger alef, tatweel
_FOLD_TABLE: dict[int, str | None] = {ord(c): None for c in _DIACRITICS + _INVISIBLE}
_FOLD_TABLE.update({ord(c): " " for c in _ODD_SPACES})
_FOLD_TABLE.update(
    {
        ord("ي"): "ی",
        ord("ى"): "ی",
        ord("ے"): "ی",  # yeh barree, in older Persian typesetting (Lucene's PersianNormalizer folds it too)
        ord("ئ"): "ی",  # اسرائیلی = اسراییلی
        ord("ك"): "ک",
        ord("ة"): "ه",
        ord("ۀ"): "ه",
        ord("ہ"): "ه",
        ord("ھ"): "ه",
        ord("آ"): "ا",
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("ٱ"): "ا",
        ord("ؤ"): "و",
        ord("ء"): None,  # انشاء = انشا
        ord("\u0654"): None,  # hamza above (ۀ written as ه + U+0654)
        ord(ZWNJ): None,  # پیام‌رسان = پیامرسان
        ord("\u200d"): None,
    }
)
_FOLD_TABLE.update({ord(d): str(i) for i, d in enumerate(PERSIAN_DIGITS)})
_FOLD_TABLE.update({ord(d): str(i) for i, d in enumerate(ARABIC_INDIC_DIGITS)})
_FOLD_TABLE.update({ord(c): chr(ord(c) + 32) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def fold(text: str) -> str:
    """Search form: one letter form, no diacritics/tatweel/ZWNJ, ASCII digits, lowercase Latin."""
    return text.translate(_FOLD_TABLE)
