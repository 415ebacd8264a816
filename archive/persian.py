"""The Persian text policy, decided once.

Two forms of every text:

* **display text** (`clean_display`, and `clean_line` for one line; every display field goes through them):
  what the reader sees, as a careful editor types it. Cleaned, not rewritten: odd spaces made plain,
  invisible controls dropped, Arabic ي/ك/ة made Persian, spacing around punctuation fixed and ZWNJ restored
  where hazm's Normalizer is confident (`می شود` → `می‌شود`, `کتاب ها` → `کتاب‌ها`) — but not its joins that
  change the meaning (`روز به روز`, `اشاره شده` stay) — and inside joined words where hazm's dictionaries are
  sure (`restore_half_spaces`: `پیامرسانهای` → `پیام‌رسان‌های`, `نمیتوان` → `نمی‌توان`), digits in running
  text made Persian. Only ZWNJs are added, never a letter changed. URLs, decimals, ranges, times and Latin
  fragments are shielded from hazm, which would space them apart (`2.5` → `2 ٫ 5`, `yjc.ir` → `yjc. ir`,
  `</script>` → `< / script>`). Import-time only: the query path uses `fold`, which drops ZWNJ.
* **search form** (`fold`): where every spelling of a word meets. One letter form (ی ک ه ا و), no diacritics,
  tatweel or ZWNJ, ASCII digits, lowercase Latin. It is a single `str.translate`, cheap enough for the query
  path; compounds (ZWNJ / space / joined) are the analyzer's job, in `archive.search.analysis`.

The two fold in opposite directions on purpose: Lucene folds to Arabic letters, hazm to Persian. We display
Persian letters and Persian digits, and search on Persian letters with ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from archive.persian_lexicon import Lexicon, build_lexicon

ZWNJ = "\u200c"
# Bump when the display policy changes: the page signature carries it, so the next `import_pages` re-cleans
# stored pages whose bytes did not change.
TEXT_POLICY_VERSION = "2"
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
    # Latin fragments with punctuation inside, as typed: a bare domain `yjc.ir`, `report.txt`, `</script>`
    # (hazm would space them to `yjc. ir`, `< / script>`).
    # Each starts only where an ASCII run starts and its lookaheads scan that run once: linear in the line.
    r"|(?<![!-~])(?=[!-~]*[A-Za-z])(?=[!-~]*[./<>:=&#%@\\_~|^*+\[\]{}`])[!-~]+"
    r'|"(?=[^"\n\u0600-\u06ff]*[A-Za-z])[^"\n\u0600-\u06ff]*"'  # a quotation in Latin text keeps its quotes
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_MANY_SPACES = re.compile(r" {2,}")


@lru_cache(maxsize=1)
def _normalizer():
    """hazm's Normalizer, built once per process (building it loads word lists), minus the joins that
    change what the writer said (see `_EditorsNormalizer`)."""
    from hazm import Normalizer
    from hazm.constants import SUFFIXES, TRANSLATION_DST, TRANSLATION_SRC
    from hazm.utils import maketrans

    translation = maketrans(TRANSLATION_SRC, TRANSLATION_DST)

    class _EditorsNormalizer(Normalizer):
        """hazm glues two spaced words into one whenever its word list holds them with a ZWNJ. Two of those
        joins rewrite the text, so they are not followed: a light verb after its noun or participle (`اشاره
        شده`, `گذاشته شده`, `فراهم شده` are a verb, not the adjectives `اشاره‌شده`...), and the middle of a
        repetition (`روز به روز` is "day by day"; `روز به‌روز` would read "updated")."""

        def normalize(self, text: str) -> str:
            # hazm 0.12's own sequence of steps, with its character table built once instead of on every call
            # (rebuilding it was a sixth of the import's text cleaning).
            text = text.translate(translation)
            if self._persian_style:
                text = self.persian_style(text)
            if self._persian_number:
                text = self.persian_number(text)
            if self._remove_diacritics:
                text = self.remove_diacritics(text)
            if self._correct_spacing:
                text = self.correct_spacing(text)
            if self._unicodes_replacement:
                text = self.unicodes_replacement(text)
            if self._remove_specials_chars:
                text = self.remove_specials_chars(text)
            if self._decrease_repeated_chars:
                text = self.decrease_repeated_chars(text)
            if self._seperate_mi:
                text = self.seperate_mi(text)
            return text

        def token_spacing(self, tokens: list[str]) -> list[str]:
            # hazm 0.12's own loop, with the two vetoes.
            result: list[str] = []
            for t, token in enumerate(tokens):
                joined = False
                if result:
                    pair = result[-1] + ZWNJ + token
                    if (
                        token in _light_verb_forms()
                        or token in _NUMBER_WORDS
                        or (len(result) > 1 and result[-1] in _REPEAT_LINKS and result[-2] == token)
                    ):
                        joined = False
                    elif (self._verbs and pair in self._verbs) or (
                        self._words and pair in self._words and self._words[pair][0] > 0
                    ):
                        joined = not (
                            t < len(tokens) - 1 and self._verbs and token + "_" + tokens[t + 1] in self._verbs
                        )
                    elif self._words and token in SUFFIXES and result[-1] in self._words:
                        joined = True
                if joined:
                    result[-1] = pair
                else:
                    result.append(token)
            return result

    # Repeated characters ("؟؟؟", "خخخ") are the commenters' own voice, and diacritics (شخصاً) the
    # writer's: both kept; search folding drops diacritics. Digits are ours to set.
    return _EditorsNormalizer(persian_numbers=False, decrease_repeated_chars=False, remove_diacritics=False)


# Numbers are words of their own (`یک میلیون`, `دو هزار`), though hazm's list holds `یک‌میلیون`.
_NUMBER_WORDS = frozenset({"صد", "هزار", "میلیون", "میلیارد", "هزاران", "میلیون‌ها", "میلیاردها"})
# `X به X`, `X در X`, `X تا X`: a repetition, whose middle word is never glued to what follows it.
_REPEAT_LINKS = frozenset({"به", "در", "تا", "با"})


def _light_verb_forms() -> frozenset[str]:
    return lexicon().light_verb_forms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """hazm's dictionaries as the half-space rules read them, from what the Normalizer already loaded (its
    tokenizer's word list and its «می» verb forms: hazm 0.12 keeps them as `_words` and `_verbs`)."""
    normalizer = _normalizer()
    return build_lexicon(normalizer._words or {}, normalizer._verbs or ())


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
        pieces.append(restore_half_spaces(_hazm_segment(line[last : match.start()])))
        pieces.append(match.group())
        last = match.end()
    pieces.append(restore_half_spaces(_hazm_segment(line[last:])))
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
# Half-spaces inside joined words
#
# Writers and capture tools drop the ZWNJ: `پیامرسانهای`, `هزینهای`, `نمیتوان`, `کسبوکارها`. hazm's
# Normalizer only restores it between *spaced* parts (`کتاب ها`), and for `می` before verbs it conjugates; a
# joined word is one token to it. Here each joined word is read against hazm's dictionaries
# (`archive.persian_lexicon`) and a ZWNJ is added only where one reading is sure:
#
# * a compound the dictionary spells with a ZWNJ (`نشاندهنده` → `نشان‌دهنده`), or a verb form it conjugates
#   with one (`داشتهایم` → `داشته‌ایم`, `نمیکنند` → `نمی‌کنند`), or «می»/«نمی» before a verb stem it knows;
# * a stem the dictionary knows + a suffix, with the ZWNJ the orthography asks for after a joining letter:
#   plural `ها/های/هایی…` after any joining letter, `ای/ام/اش/ایم/اید/اند` after a silent `ه` (`هزینه‌ای`),
#   `تر/تری/ترین` after a known adjective (`دقیق‌تر`), `که` after a conjunction's `ی` (`زمانی‌که`). After a
#   letter that does not join (ا د ذ ر ز ژ و) nothing is added: `کسب‌وکارها`, `سرورها`;
# * a spaced compound whose second half carries a suffix is joined (`پیام رسانهای` → `پیام‌رسان‌های`): the
#   neighbour also decides between readings (`رسانهای` alone is `رسانه‌ای`, after `پیام` it is `رسان‌های`).
#
# Nothing is rewritten: letters are never changed, only ZWNJs added (and a space turned into one inside a
# dictionary compound). A word the dictionary annotates stays as typed (`تنها`, `میزان`, `میان`, `میلیون`,
# `آنچه`, names such as `میثم` or `بهروز`); so does a word it only lists as a corpus spelling, unless the ZWNJ
# reading is the dictionary's own (`آنها` stays, `نشاندهنده` does not); a ZWNJ the writer typed is kept, and
# an ambiguity nothing decides (`مصوبهای` + a content word) is left alone.

_LETTER = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"
# A Persian word as typed, with the ZWNJs inside it; one touching a digit, a Latin letter or a diacritic is
# not ours to judge.
_PERSIAN_WORD = re.compile(
    rf"(?<![\w\u064b-\u065f\u0670\u200c])[{_LETTER}]+(?:\u200c[{_LETTER}]+)*(?![\w\u064b-\u065f\u0670\u200c])"
)
_NON_JOINING = frozenset("اآأإدذرزژوؤءة")
_PLURALS = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
_AFTER_SILENT_HEH = ("ایم", "اید", "اند", "ای", "ام", "اش")
_COMPARATIVES = ("ترین", "تری", "تر")
# Clitics that join a word with no ZWNJ: a word read as one of these after a known word is left as it is.
_PLAIN_CLITICS = ("یی", "ی", "شان", "تان", "مان", "ش", "م", "ت")
# Words that cannot complete a plural's ezafe (`مصوبه‌ای برای`, not `مصوب‌های برای`).
_FUNCTION_WORDS = frozenset(
    {"از", "به", "با", "در", "برای", "که", "را", "و", "تا", "بر", "هم", "نیز", "یا", "اما", "ولی", "است", "بود"}
    | {"شد", "شده", "کرد", "کرده", "داد", "دارد", "ندارد", "نیست", "هست", "باشد", "بودند", "کند", "کنند", "شود"}
)
_SHORTEST_JOINED = 4  # «می» + a two-letter stem, or a two-letter stem + a two-letter suffix
# Stems used bare after «می»: the impersonal `می‌توان`, `نمی‌بایست`.
_BARE_MODAL_STEMS = frozenset({"توان", "بایست"})
# Colloquial «می» forms of reader comments (`میشه`, `میگن`, `میخواد`, `میاد`, `نمیتونند`): the spoken short
# stems with their endings (one-letter stems only with endings that cannot make another word), and a formal
# stem with a spoken ending (`میکنه`, `میگفتین`).
_SPOKEN_STEMS = {
    "ش": ("ین", "یم", "ه", "ن", "م"),
    "ر": ("ین", "یم", "ه", "ن", "م"),
    "گ": ("ین", "یم", "ه", "ن", "م"),
    "د": ("ین", "یم", "ه", "ن", "م"),
    "ا": ("ین", "یم", "د", "م"),
    **{stem: ("ین", "یم", "ند", "ید", "ه", "ن", "م", "ی", "د") for stem in ("خوا", "تون", "دون", "ذار")},
}
_SPOKEN_ENDINGS_PRESENT = ("ین", "ه", "ن")
_SPOKEN_ENDINGS_PAST = ("ین", "ن")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way of reading a joined word: where its morphemes meet, which of those meetings take a ZWNJ, and
    how sure the dictionary is (a compound or a verb form it spells with ZWNJ is surest)."""

    bounds: frozenset[int]  # every morpheme boundary (index into the letters without ZWNJ)
    zwnj: frozenset[int]  # the boundaries that take a ZWNJ
    rank: int  # 3 dictionary compound or verb form, 2 stem + suffix, 1 two stems + plural
    quality: tuple[int, int]  # (stem annotated, stem frequency)
    stem: str = ""  # for stem + suffix readings: the stem's letters
    suffix: str = ""


def _joins(letter: str) -> bool:
    return letter not in _NON_JOINING


def _zwnj_positions(spelled: str) -> frozenset[int]:
    """Indices (into the letters without ZWNJ) at which `spelled` has a ZWNJ."""
    positions, index = [], 0
    for char in spelled:
        if char == ZWNJ:
            positions.append(index)
        else:
            index += 1
    return frozenset(positions)


def _stems(stem: str) -> list[tuple[frozenset[int], tuple[int, int], int]]:
    """Ways the dictionary knows `stem`: (its own ZWNJs, quality, rank)."""
    lex = lexicon()
    found = []
    compound = lex.compounds.get(stem)
    if compound:
        found.append((_zwnj_positions(compound), (2, 0), 2))
    entry = lex.entry(stem)
    # Two-letter stems only when annotated (`شب‌ها`, `دل‌ها`), so the corpus spelling `تن` cannot make `تنها`.
    if entry and (len(stem) >= 3 or (len(stem) == 2 and entry.annotated)):
        found.append((frozenset(), (int(entry.annotated), entry.frequency), 2))
    return found


def _two_stems(stem: str) -> bool:
    """`فیلترشکن`: two words the dictionary lists, the first ending in a letter that does not join (so no ZWNJ
    can be missing between them). Only a plural is read after such a stem."""
    words = lexicon().words
    return any(not _joins(stem[k - 1]) and stem[:k] in words and stem[k:] in words for k in range(3, len(stem) - 2))


def _mi_reading(letters: str, corpus_spelling: bool) -> _Reading | None:
    """«می»/«نمی» + a verb stem the dictionary knows, with a formal, impersonal or spoken ending."""
    prefix = "نمی" if letters.startswith("نمی") else "می" if letters.startswith("می") else ""
    if not prefix:
        return None
    rest = letters[len(prefix) :]
    lex = lexicon()
    verb = (
        rest in _BARE_MODAL_STEMS
        or any(rest == stem + end for stem, ends in _SPOKEN_STEMS.items() for end in ends)
        # A formal stem with a spoken ending, unless the dictionary lists the word (`میسان` is a place).
        or (
            not corpus_spelling
            and (
                any(rest.endswith(end) and rest[: -len(end)] in lex.present_stems for end in _SPOKEN_ENDINGS_PRESENT)
                or any(rest.endswith(end) and rest[: -len(end)] in lex.past_stems for end in _SPOKEN_ENDINGS_PAST)
            )
        )
    )
    if not verb:
        return None
    at = frozenset({len(prefix)})
    return _Reading(at, at, 3, (2, 0))


@lru_cache(maxsize=100_000)
def _readings(letters: str) -> tuple[_Reading, ...]:
    """Every reading the dictionary supports of a joined word (letters without ZWNJ), surest first."""
    lex = lexicon()
    entry = lex.entry(letters)
    if entry and entry.annotated:
        return ()  # a word in its own right: `تنها`, `میزان`, `بیشتر`, `بهروز`
    readings: list[_Reading] = []
    compound = lex.compounds.get(letters)
    if compound and compound.rsplit(ZWNJ, 1)[-1] in _COMPARATIVES and lex.annotated(compound.split(ZWNJ)[0] + "تر"):
        compound = None  # `بیشترین` is written joined, as its `بیشتر` is
    for spelled in (compound, lex.conjugations.get(letters)):
        if spelled and spelled.endswith(ZWNJ + "ای"):
            # `نهاده‌ای` (you have placed) is also the plural `نهادهای`: weighed like a stem and a suffix.
            at = _zwnj_positions(spelled)
            readings.append(_Reading(at, at, 2, (1, 0), spelled.rsplit(ZWNJ, 1)[0].replace(ZWNJ, ""), "ای"))
        elif spelled:
            at = _zwnj_positions(spelled)
            readings.append(_Reading(at, at, 3, (2, 0)))
    mi = _mi_reading(letters, entry is not None) if not readings else None
    if mi:
        readings.append(mi)
    # A word listed only as a corpus spelling (`نشاندهنده`, `کردهاند`, `شبها`, `آنها`): the dictionary's own
    # ZWNJ spelling wins; otherwise only a stem it annotates, not a function word, takes a suffix (`شب‌ها`,
    # `تازه‌ای`, but `آنها`, `اینها` stay).
    corpus_spelling = entry is not None
    if corpus_spelling and readings:
        return tuple(readings)

    def add(stem: str, suffix: str, allowed: bool = True) -> None:
        if not allowed or len(stem) < 2 or (corpus_spelling and stem in lex.stopwords):
            return
        at = len(stem)
        here = frozenset({at}) if _joins(stem[-1]) else frozenset()
        for inner, quality, rank in _stems(stem):
            if not corpus_spelling or quality[0]:
                readings.append(_Reading(inner | {at}, inner | here, rank, quality, stem, suffix))

    for suffix in _PLURALS:
        if letters.endswith(suffix):
            stem = letters[: -len(suffix)]
            add(stem, suffix)
            if not corpus_spelling and not _stems(stem) and len(stem) >= 6 and _two_stems(stem):
                at = len(stem)
                here = frozenset({at}) if _joins(stem[-1]) else frozenset()
                readings.append(_Reading(frozenset({at}), here, 1, (0, 0), stem, suffix))
    for suffix in _AFTER_SILENT_HEH:
        if letters.endswith(suffix):
            stem = letters[: -len(suffix)]
            # `ام` after a short stem ending in ه is mostly an Arabic word (`الهام`, `اتهام`, `سهام`).
            add(stem, suffix, stem.endswith("ه") and (suffix != "ام" or len(stem) >= 4))
    for suffix in _COMPARATIVES:
        if letters.endswith(suffix):
            stem = letters[: -len(suffix)]
            known = lex.entry(stem)
            # `بیشترین`, `کمتری`: the comparative is a word written joined (`بیشتر`), and so are its forms.
            lexicalised = lex.annotated(stem + "تر")
            adjective = bool(known and known.adjective) or stem in lex.compounds
            # Not `دکتر`, `دفتر`; nor a corpus spelling (`فیلتر`): the dictionary spells the common comparatives
            # it lists joined (`بزرگتر`) with a ZWNJ itself.
            add(stem, suffix, not lexicalised and not corpus_spelling and len(stem) >= 3 and adjective)
    if letters.endswith("که"):
        stem = letters[:-2]
        add(stem, "که", stem.endswith("ی") and len(stem) >= 4)
    readings.sort(key=lambda r: (r.rank, r.quality), reverse=True)
    return tuple(readings)


@lru_cache(maxsize=100_000)
def _plain_reading(letters: str) -> tuple[int, int] | None:
    """The quality of reading the word as an annotated word + a clitic that needs no ZWNJ (`تنهای`, `دنیای`)."""
    lex = lexicon()
    best = None
    for clitic in _PLAIN_CLITICS:
        if letters.endswith(clitic):
            word = lex.entry(letters[: -len(clitic)])
            if word and word.annotated and (clitic in ("ی", "یی") or letters[-len(clitic) - 1] != "ه"):
                quality = (1, word.frequency)
                best = quality if best is None or quality > best else best
    return best


def _clearly_better(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Quality `a` beats `b` beyond doubt: annotated against not, or twenty times as frequent."""
    return a[0] > b[0] or (a[0] == b[0] and a[1] >= 20 * max(b[1], 1))


def _choose(
    letters: str, typed: frozenset[int], previous: str | None, next_is_word: bool
) -> tuple[_Reading | None, bool]:
    """The reading to apply (or None) and whether the space before the word becomes a ZWNJ. Readings that
    contradict a ZWNJ the writer typed (`typed`) are not considered."""
    readings = [r for r in _readings(letters) if typed <= r.bounds]
    if not readings:
        return None, False
    lex = lexicon()
    if previous is not None and previous not in lex.stopwords:
        # A spaced compound whose second half carries a suffix: `پیام رسانهای`, `گمانه زنیهای`.
        for reading in readings:
            compound = lex.compounds.get(previous + reading.stem) if reading.suffix else None
            if compound and _zwnj_positions(compound) >= {len(previous)}:
                inner = frozenset(p - len(previous) for p in _zwnj_positions(compound) if p > len(previous))
                return (
                    _Reading(
                        inner | {len(reading.stem)},
                        inner | (reading.zwnj & {len(reading.stem)}),
                        reading.rank,
                        reading.quality,
                        reading.stem,
                        reading.suffix,
                    ),
                    True,
                )
    best = readings[0]
    if best.rank >= 3:
        return best, False
    plain = _plain_reading(letters)
    if plain is not None and not _clearly_better(best.quality, plain):
        return None, False
    rival = next((r for r in readings[1:] if r.bounds != best.bounds), None)
    if rival is None or _clearly_better(best.quality, rival.quality):
        return best, False
    # Two stems the dictionary knows equally well. The usual pair is a plural with its ezafe (`مصوب‌های`)
    # against an indefinite after a silent ه (`مصوبه‌ای`): the plural wants a word after it, so before a
    # function word, a punctuation mark or the end it is the indefinite; between two corpus-only stems
    # (`سرویس`/`سرویسه`) it is the plural, by far the commoner ending.
    plural = next((r for r in (best, rival) if r.suffix in _PLURALS), None)
    indefinite = next((r for r in (best, rival) if r.suffix == "ای"), None)
    if plural and indefinite:
        if not (plural.quality[0] or indefinite.quality[0]):
            return plural, False
        if not next_is_word:
            return indefinite, False
    return None, False


def _respell(word: str, reading: _Reading) -> str:
    """`word` with the reading's ZWNJs added; the writer's own ZWNJs are kept."""
    letters = word.replace(ZWNJ, "")
    wanted = reading.zwnj | _zwnj_positions(word)
    return "".join((ZWNJ if i in wanted else "") + c for i, c in enumerate(letters))


_KEPT_AS_TYPED: ContextVar[frozenset[str]] = ContextVar("kept_as_typed", default=frozenset())


@contextmanager
def words_kept_as_typed(names: Iterable[str]) -> Iterator[None]:
    """Within the block, the words of these names (people and outlets from the editorial fixtures) are never
    given a ZWNJ: a surname such as `کوهکن` is also the dictionary's compound `کوه‌کن`, and only the editor's
    list of people can tell the two apart."""
    words = frozenset(w.replace(ZWNJ, "") for name in names for w in name.split())
    token = _KEPT_AS_TYPED.set(words)
    try:
        yield
    finally:
        _KEPT_AS_TYPED.reset(token)


def restore_half_spaces(text: str) -> str:
    """Add the ZWNJs a careful editor types inside joined words (see above). Idempotent; adds only ZWNJs,
    turning a space into one only inside a dictionary compound."""
    words = list(_PERSIAN_WORD.finditer(text))
    if not words:
        return text
    kept = _KEPT_AS_TYPED.get()
    out: list[str] = []
    cursor = 0
    for i, match in enumerate(words):
        word = match.group()
        letters = word.replace(ZWNJ, "")
        if len(letters) < _SHORTEST_JOINED or letters in kept or not _readings(letters):
            continue  # most words: the dictionary annotates them, or no reading applies
        before = text[words[i - 1].end() : match.start()] if i else None
        previous = words[i - 1].group() if before == " " else None
        if previous is not None and (ZWNJ in previous or previous in kept):
            previous = None
        after_gap = text[match.end() : words[i + 1].start()] if i + 1 < len(words) else None
        next_is_word = after_gap == " " and words[i + 1].group() not in _FUNCTION_WORDS
        reading, join = _choose(letters, _zwnj_positions(word), previous, next_is_word)
        if reading is None:
            continue
        respelled = _respell(word, reading)
        if respelled == word and not join:
            continue
        start = match.start() - 1 if join else match.start()
        out.append(text[cursor:start])
        out.append((ZWNJ if join else "") + respelled)
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out)


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


# The same table as a list indexed by code point (each unmapped character maps to itself): `str.translate`
# looks every character up, and a dict answers most of them with a miss, handled as an exception inside
# CPython; a list answers at once. 1.4 → 0.5 µs a word; 0.5 MB (and the ints above 256) per process. A
# character past the list (an emoji) is an IndexError there, which translate treats as unmapped: kept.
_FOLD_LIST: list[int | str | None] = [_FOLD_TABLE.get(code, code) for code in range(max(_FOLD_TABLE) + 1)]


def fold(text: str) -> str:
    """Search form: one letter form, no diacritics/tatweel/ZWNJ, ASCII digits, lowercase Latin."""
    return text.translate(_FOLD_LIST)


def hazm_words() -> dict[str, tuple[int, tuple[str, ...]]]:
    """hazm's dictionary (word → (frequency, part-of-speech tags)), as the Normalizer already loaded it."""
    return _normalizer()._words or {}


def hazm_verb_forms() -> frozenset[str]:
    """The conjugated verb forms hazm knows ("می‌کنند", "خواهد"), as the Normalizer already loaded them."""
    return frozenset(_normalizer()._verbs or ())
