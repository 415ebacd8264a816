"""Who said what: reported-speech passages attributed to people, and who is named in an article.

News prose reports speech as "<subject> ... <speech verb>: <words>". The subject names the speaker in full,
by an alias (surname, spelling variant), by a pronoun (وی / او → the last speaker) or by a title alone
("معاون فناوری مرکز ملی فضای مجازی"), which counts only for a person the same article names. A kicker that
ends in ":" and names someone gives them the title. Anything else is narration and stays unattributed.
Matching runs on the search form of the text (`fold`, spaces removed between words), so every spelling the
search would match (`سیدصالحی` / `سید صالحی`, ZWNJ or not, Arabic ي/ك) matches here too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.ingest import lexicon
from archive.persian import fold

PRONOUNS = ("وی", "او", "ایشان")


@dataclass(frozen=True)
class PersonEntry:
    key: str  # a stable identifier (the slug)
    names: tuple[str, ...]  # full name and aliases
    titles: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()  # (title, start, end)


@dataclass
class Attribution:
    person: str  # PersonEntry.key
    part: str  # "paragraph", "lead", "kicker", "title"
    paragraph: int | None  # 0-based index when part == "paragraph"
    start: int
    end: int
    text: str
    verb: str
    via: str  # "name", "pronoun", "title", "kicker"


@dataclass
class ArticleAttribution:
    statements: list[Attribution] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)  # person keys, in order of first mention


def _squash(text: str) -> str:
    """Search form with spaces dropped, for matching multi-word names in any spacing."""
    return re.sub(r"\s+", "", fold(text))


class _Matcher:
    """Finds names and titles in a text, returning (start, end) in the original text."""

    def __init__(self, phrases: dict[str, list[str]]) -> None:
        # phrase (squashed) → keys; longest first so "معاون وزیر ارتباطات" beats "وزیر ارتباطات".
        self._phrases = sorted(
            ((_squash(p), keys) for p, keys in phrases.items() if _squash(p)), key=lambda x: -len(x[0])
        )

    def find_all(self, text: str) -> list[tuple[int, int, list[str]]]:
        squashed, index = _squash_with_index(text)
        taken = [False] * len(squashed)
        hits: list[tuple[int, int, list[str]]] = []
        for phrase, keys in self._phrases:
            for match in re.finditer(re.escape(phrase), squashed):
                s, e = match.span()
                if any(taken[s:e]) or not _at_word_edges(text, index[s], index[e - 1] + 1):
                    continue
                taken[s:e] = [True] * (e - s)
                hits.append((index[s], index[e - 1] + 1, keys))
        return sorted(hits)


def _squash_with_index(text: str) -> tuple[str, list[int]]:
    """Squashed text and, for each of its characters, the offset of the character it came from."""
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        for f in fold(c):
            if not f.isspace():
                chars.append(f)
                index.append(i)
    return "".join(chars), index


def _at_word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "\u200c") and not (after.isalnum() or after == "\u200c")


_SPEECH = re.compile(
    r"(?P<verb>" + "|".join(re.escape(v).replace(r"\ ", r"[\s\u200c]+") for v in lexicon.SPEECH_VERBS) + r")\s*:"
)
_PRONOUN_START = re.compile(r"^\s*(?:" + "|".join(PRONOUNS) + r")(?=[\s،,])")


class Attributor:
    """Attributes the statements of one article; build once per import with the people known then."""

    def __init__(self, people: list[PersonEntry]) -> None:
        names: dict[str, list[str]] = {}
        titles: dict[str, list[str]] = {}
        for person in people:
            for name in person.names:
                names.setdefault(name, []).append(person.key)
            for title, _, _ in person.titles:
                titles.setdefault(title, []).append(person.key)
        self._names = _Matcher(names)
        self._titles = _Matcher(titles)

    def attribute(self, kicker: str, title: str, lead: str, paragraphs: list[str]) -> ArticleAttribution:
        result = ArticleAttribution()
        units = [("kicker", None, kicker), ("title", None, title), ("lead", None, lead)]
        units += [("paragraph", i, text) for i, text in enumerate(paragraphs)]
        named: list[str] = []
        for _, _, text in units:
            for _, _, keys in self._names.find_all(text):
                if len(keys) == 1 and keys[0] not in named:
                    named.append(keys[0])
        result.mentioned = list(named)

        # A kicker "X در گفتگوی ...:" gives X the title.
        if kicker.rstrip().endswith(":"):
            speaker = self._first_named(kicker, named)
            if speaker:
                result.statements.append(Attribution(speaker, "title", None, 0, len(title), title, "", "kicker"))

        last_speaker: str | None = None
        for part, index, text in units:
            if part in ("kicker", "title"):
                continue
            clauses = list(_SPEECH.finditer(text))
            for k, clause in enumerate(clauses):
                sentence_start = _sentence_start(text, clause.start())
                subject = text[sentence_start : clause.start()]
                speaker, via = self._speaker(subject, named, last_speaker)
                if speaker is None:
                    continue
                start = clause.end()
                end = clauses[k + 1].start() if k + 1 < len(clauses) else len(text)
                end = _sentence_start(text, end) if k + 1 < len(clauses) else end
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end <= start:
                    continue
                verb = re.sub(r"[\s\u200c]+", " ", clause.group("verb"))
                result.statements.append(Attribution(speaker, part, index, start, end, text[start:end], verb, via))
                last_speaker = speaker
        return result

    def _first_named(self, text: str, named: list[str]) -> str | None:
        for _, _, keys in self._names.find_all(text):
            if len(keys) == 1:
                return keys[0]
        for _, _, keys in self._titles.find_all(text):
            candidates = [k for k in keys if k in named]
            if len(candidates) == 1:
                return candidates[0]
        return None

    def _speaker(self, subject: str, named: list[str], last: str | None) -> tuple[str | None, str]:
        """The speaker named in a speech clause's subject, and how they were named."""
        # A pronoun opening the subject is the subject; names after it are what the speaker talks about.
        if _PRONOUN_START.match(subject):
            return last, "pronoun"
        hits = self._names.find_all(subject)
        if hits and len(hits[0][2]) == 1:
            return hits[0][2][0], "name"
        for _, _, keys in self._titles.find_all(subject):
            candidates = [k for k in keys if k in named]
            if len(candidates) == 1:
                return candidates[0], "title"
        return None, ""


def _sentence_start(text: str, position: int) -> int:
    """Offset where the sentence holding `position` begins."""
    best = 0
    for match in re.finditer(r"[.!؟?…]+[»\")]*\s+", text[:position]):
        best = match.end()
    return best
