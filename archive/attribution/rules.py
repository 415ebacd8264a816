"""Who said what: reported-speech passages attributed to people, and who is named in an article.

Each part of an article (title, lead, paragraphs) is split into sentences with hazm's SentenceTokenizer. A
sentence reports speech when it holds a speech clause: "<subject> ... <speech verb>: <words>", "<subject> ...
<verb> که <words>", "<subject> <verb> <words>" (finite verb, known subject), or the postposed "<words>،
<subject> <verb>.". The subject names the speaker

* in full or by an alias (surname alone, spelling variants),
* by a pronoun (وی / او / ایشان) or "این مقام مسئول": the person the text was last about,
* by a title alone ("معاون فناوری مرکز ملی فضای مجازی", "این نماینده مجلس"): a role from the people fixtures,
  held on the article's date by a person the same article names. Two named people with one title: the one the
  page introduced with that title ("<name> <title>"), else the one who spoke or was the subject last.

The words run from the speech clause to the end of the sentence, and on over the following sentences of the
paragraph until another speech clause, a report cue ("به گزارش") or a sentence opening with a person. Words
reported indirectly count too: "با بیان اینکه <words>، افزود" and "به گفته <person>، <words>". Headlines:
"<person or title>: <words>", and a kicker "X در گفتگوی ...:" gives X the title. A speech clause whose subject
resolves to no one is left unattributed (and a following "وی" then refers to no one): nothing is guessed.

Matching runs on the search form of the text (`fold`; spaces ignored inside names and titles), so every
spelling the search would match (`سیدصالحی` / `سید صالحی`, ZWNJ or not, Arabic ي/ك, تأکید / تاکید) matches here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from archive.attribution import lexicon
from archive.persian import fold

PRONOUNS = tuple(lexicon.PRONOUNS)
# Bump when the rules change: the importer then re-attributes pages whose bytes did not change.
RULES_VERSION = "4"


@dataclass(frozen=True)
class PersonEntry:
    key: str  # a stable identifier (the slug)
    names: tuple[str, ...]  # full name first, then aliases
    titles: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()  # (title, start, end)
    # Found in text, not yet confirmed by an editor: the surname alone or the title alone count only in an
    # article that names them in full (another "کریمی" is not this one).
    found: bool = False


@dataclass
class Attribution:
    person: str  # PersonEntry.key
    part: str  # "paragraph", "lead", "kicker", "title"
    paragraph: int | None  # 0-based index when part == "paragraph"
    start: int
    end: int
    text: str
    verb: str
    via: str  # "name", "alias", "pronoun", "title", "kicker", "headline"


@dataclass
class ArticleAttribution:
    statements: list[Attribution] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)  # person keys, in order of first mention


# ---------------------------------------------------------------------------------------------------------
# Text helpers


@lru_cache(maxsize=1)
def _sentence_tokenizer():
    """hazm's SentenceTokenizer, built once per process."""
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, as hazm splits it, located in the text itself."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in _sentence_tokenizer().tokenize(text):
        words = sentence.split()
        # hazm joins line breaks with a space; find the sentence again with any whitespace between words.
        pattern = r"\s+".join(re.escape(w) for w in words)
        match = re.compile(pattern).search(text, position)
        if match is None:  # cannot happen with hazm's rules; keep the rest whole rather than lose words
            spans.append((position, len(text.rstrip())))
            return spans
        spans.append(match.span())
        position = match.end()
    return spans


def _squash(text: str) -> str:
    """Search form with spaces dropped, for matching multi-word names in any spacing."""
    return re.sub(r"\s+", "", fold(text))


@lru_cache(maxsize=1)
def _folded_away() -> frozenset[str]:
    """Characters `fold` deletes (ZWNJ, diacritics, tatweel, invisibles); every other one folds to one character."""
    candidates = [*range(0x3000), *range(0xFE00, 0x10000)]  # where Arabic marks and invisible controls live
    return frozenset(c for c in map(chr, candidates) if not fold(c))


def _squash_with_index(text: str) -> tuple[str, list[int]]:
    """Squashed text and, for each of its characters, the offset of the character it came from."""
    away = _folded_away()
    index = [i for i, c in enumerate(text) if c not in away and not c.isspace()]
    return fold("".join(text[i] for i in index)), index


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    """Folded text (spaces kept) and the original offset of each folded character, plus one past the end."""
    away = _folded_away()
    index = [i for i, c in enumerate(text) if c not in away]
    folded = fold(text)
    index.append(len(text))
    return folded, index


def _at_word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "\u200c") and not (after.isalnum() or after == "\u200c")


def _words_pattern(phrases: list[str]) -> str:
    """Alternation of folded phrases, words separated by any spacing (or none: ZWNJ folds away)."""
    alternatives = sorted({r"\s*".join(re.escape(w) for w in fold(p).split()) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(alternatives) + ")"


class _Matcher:
    """Finds phrases (names, titles) in a text in any spacing, returning (start, end, phrase) in the text.

    Phrases are indexed by their first two characters (squashed), and the text is scanned once from the right
    end of each hit, taking the longest phrase that starts at a position and stands between word edges: the
    cost grows with the text, not with the number of people known."""

    def __init__(self, phrases: list[str]) -> None:
        self._by_prefix: dict[str, list[tuple[str, str]]] = {}
        self.add(phrases)

    def add(self, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            squashed = _squash(phrase)
            if len(squashed) < 2:
                continue
            bucket = self._by_prefix.setdefault(squashed[:2], [])
            if all(squashed != known for known, _ in bucket):
                bucket.append((squashed, phrase))
                bucket.sort(key=lambda item: -len(item[0]))  # "معاون وزیر ارتباطات" before "معاون وزیر"

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        squashed, index = _squash_with_index(text)
        hits: list[tuple[int, int, str]] = []
        i = 0
        while i < len(squashed) - 1:
            for phrase, original in self._by_prefix.get(squashed[i : i + 2], ()):
                end = i + len(phrase)
                if squashed.startswith(phrase, i) and _at_word_edges(text, index[i], index[end - 1] + 1):
                    hits.append((index[i], index[end - 1] + 1, original))
                    i = end - 1
                    break
            i += 1
        return hits


_VERB = re.compile(r"(?<!\w)(?P<verb>" + _words_pattern(lexicon.SPEECH_VERBS) + r")(?!\w)")
_AFTER_VERB = re.compile(r"\s*(?:(?P<colon>:)|،?\s*(?P<ke>که)(?!\w)|(?P<end>[.!؟?»\"]*\s*$)|(?P<comma>[،,؛]))")
_FINITE = tuple(fold(e) for e in lexicon.SPEECH_VERB_FINITE_ENDINGS)
_PRONOUN = re.compile(r"(?<!\w)(?:" + _words_pattern(list(lexicon.PRONOUNS)) + r")(?!\w)")
_DEMONSTRATIVE = re.compile(
    r"(?<!\w)(?:"
    + _words_pattern([*lexicon.DEMONSTRATIVE_REFERENCES, *(f"این {head}" for head in lexicon.ROLE_HEADS)])
    + r")(?!\w)"
)
_INDIRECT = re.compile(r"(?<!\w)(?P<cue>" + _words_pattern(lexicon.INDIRECT_SPEECH_CUES) + r")(?!\w)")
_ACCORDING = re.compile(r"^\s*(?P<cue>" + _words_pattern(lexicon.ACCORDING_TO) + r")\s+")
_REPORT_CUE = re.compile(r"\s*(?:به\s*گزارش|به\s*نقل\s*از)[^،؛:]{0,120}[،؛]\s*")
_DATELINE = re.compile(lexicon.DATELINE.pattern.removeprefix("^"))  # matched at a sentence's start
_LEAD_INS = re.compile(r"(?<!\w)" + _words_pattern(lexicon.NARRATION_OPENERS) + r"(?!\w)")
_PUNCTUATION_ONLY = re.compile(r"[\s،,؛:\-–—«»\"()]*")
_CLAUSE_BOUNDARY = re.compile(r"[،؛,]|(?<!\w)(?:اما|ولی|و)(?!\w)")


@dataclass(frozen=True)
class _Ref:
    """A reference to someone in the text: a name, a title, a pronoun or a demonstrative."""

    start: int
    end: int
    kind: str  # "name", "alias", "title", "pronoun"
    keys: tuple[str, ...] = ()
    phrase: str = ""


@dataclass
class _Clause:
    verb_start: int
    verb_end: int
    content_start: int
    form: str  # "colon", "ke", "bare", "end"
    verb: str


class Attributor:
    """Attributes the statements of one article; build once per import with the people known then."""

    def __init__(self, people: list[PersonEntry], rejected: list[str] = ()) -> None:
        self._name_keys: dict[str, list[str]] = {}
        self._full_names: set[str] = set()
        self._title_holders: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        self._found: set[str] = set()
        self._rejected = {_squash(name) for name in rejected}
        self._names = _Matcher([])
        self._titles = _Matcher([])
        self.add(people)

    def add(self, people: list[PersonEntry]) -> None:
        """Know these people too (a person found in a page is known to the pages imported after it)."""
        for person in people:
            for i, name in enumerate(person.names):
                keys = self._name_keys.setdefault(_squash(name), [])
                if person.key not in keys:
                    keys.append(person.key)
                if i == 0:
                    self._full_names.add(_squash(name))
            for title, start, end in person.titles:
                holders = self._title_holders.setdefault(_squash(title), [])
                if (person.key, start, end) not in holders:
                    holders.append((person.key, start, end))
            if person.found:
                self._found.add(person.key)
            else:
                self._found.discard(person.key)
            self._names.add(person.names)
            self._titles.add([t for t, _, _ in person.titles])

    def key_for(self, name: str) -> str | None:
        """The person known by exactly this name (in any spelling or spacing), or else the one whose full name
        holds it or is held in it ("سیدعباس عراقچی" = "عباس عراقچی"; a name an editor lengthened), or None."""
        squashed = _squash(name)
        keys = self._name_keys.get(squashed, [])
        if keys:
            return keys[0] if len(keys) == 1 else None
        within = [full for full in self._full_names if squashed in full or full in squashed]
        holding = {k for full in within for k in self._name_keys[full]}
        return holding.pop() if len(holding) == 1 else None

    def key_by_surname_and_title(self, surnames: list[str], titles: list[str]) -> str | None:
        """The one person known by one of these surnames who also holds one of these titles: a page writing
        "عباس آسوشه معاون فناوری ..." means the known آسوشه with that post, whatever his name is now."""
        by_surname = {k for s in surnames for k in self._name_keys.get(_squash(s), [])}
        holders = {k for t in titles for k, _, _ in self._title_holders.get(_squash(t), [])}
        both = by_surname & holders
        return both.pop() if len(both) == 1 else None

    def knows(self, name: str) -> bool:
        """Whether anyone is known by this name."""
        return _squash(name) in self._name_keys

    def is_found(self, key: str) -> bool:
        """Whether the person was found in text and not yet confirmed."""
        return key in self._found

    def is_rejected(self, name: str) -> bool:
        """Whether an editor said this name is not a person."""
        return _squash(name) in self._rejected

    # -- finding references -------------------------------------------------------------------------------

    def _refs(self, text: str) -> list[_Ref]:
        refs: list[_Ref] = []
        taken: list[tuple[int, int]] = []
        for s, e, phrase in self._names.find_all(text):
            squashed = _squash(phrase)
            kind = "name" if squashed in self._full_names else "alias"
            refs.append(_Ref(s, e, kind, tuple(dict.fromkeys(self._name_keys[squashed])), phrase))
            taken.append((s, e))
        for s, e, phrase in self._titles.find_all(text):
            if not any(s < te and ts < e for ts, te in taken):
                refs.append(_Ref(s, e, "title", phrase=phrase))
                taken.append((s, e))
        folded, index = _fold_with_index(text)
        for pattern in (_DEMONSTRATIVE, _PRONOUN):
            for match in pattern.finditer(folded):
                s, e = index[match.start()], index[match.end()]
                # "این نماینده مجلس" is a title; a demonstrative only where no title or name stands.
                if not any(s < te and ts < e for ts, te in taken):
                    refs.append(_Ref(s, e, "pronoun"))
                    taken.append((s, e))
        return sorted(refs, key=lambda r: r.start)

    # -- the article ----------------------------------------------------------------------------------------

    def attribute(
        self, kicker: str, title: str, lead: str, paragraphs: list[str], day: dt.date | None = None
    ) -> ArticleAttribution:
        """Statements and mentioned people of one article; `day` (its date) picks who held a title then."""
        return _ArticleRun(self, kicker, title, lead, paragraphs, day).run()


class _ArticleRun:
    """One pass over one article, in reading order, carrying who the text is about."""

    def __init__(
        self, attributor: Attributor, kicker: str, title: str, lead: str, paragraphs: list[str], day: dt.date | None
    ) -> None:
        self.a = attributor
        self.day = day
        self.units: list[tuple[str, int | None, str]] = [("kicker", None, kicker), ("title", None, title)]
        self.units += [("lead", None, lead)]
        self.units += [("paragraph", i, text) for i, text in enumerate(paragraphs)]
        self.refs = [attributor._refs(text) for _, _, text in self.units]
        if attributor._found:
            self.refs = self._without_strangers(self.refs)
        self.result = ArticleAttribution()
        # People the article names by a name only they bear, in order of first mention.
        self.named: list[str] = []
        for refs in self.refs:
            for ref in refs:
                if ref.kind in ("name", "alias") and len(ref.keys) == 1 and ref.keys[0] not in self.named:
                    self.named.append(ref.keys[0])
        self.result.mentioned = list(self.named)
        self.bindings = self._apposition_bindings()
        self.about: str | None = None  # whom "وی" now refers to
        self.recent: list[str] = []  # people referred to so far, most recent last

    def _without_strangers(self, units: list[list[_Ref]]) -> list[list[_Ref]]:
        """A found person's surname or alias counts only where the article names them in full."""
        found = self.a._found
        named_in_full = {k for refs in units for r in refs if r.kind == "name" for k in r.keys}
        kept: list[list[_Ref]] = []
        for refs in units:
            unit: list[_Ref] = []
            for ref in refs:
                if ref.kind == "alias":
                    keys = tuple(k for k in ref.keys if k not in found or k in named_in_full)
                    if not keys:
                        continue
                    if keys != ref.keys:
                        ref = _Ref(ref.start, ref.end, ref.kind, keys, ref.phrase)
                unit.append(ref)
            kept.append(unit)
        return kept

    def _apposition_bindings(self) -> dict[str, str]:
        """Titles the page itself gives a named person: "<name> <title>" or "<title> <name>"."""
        bindings: dict[str, str] = {}
        for (_, _, text), refs in zip(self.units, self.refs, strict=True):
            for left, right in itertools.pairwise(refs):
                if text[left.end : right.start].strip(" ،,") != "":
                    continue
                for name, title in ((left, right), (right, left)):
                    if name.kind in ("name", "alias") and len(name.keys) == 1 and title.kind == "title":
                        bindings[_squash(title.phrase)] = name.keys[0]
        return bindings

    # -- resolving a reference --------------------------------------------------------------------------------

    def _latest(self, candidates: list[str]) -> str | None:
        for key in reversed(self.recent):
            if key in candidates:
                return key
        return None

    def resolve(self, ref: _Ref) -> tuple[str | None, str]:
        if ref.kind == "pronoun":
            return self.about, "pronoun"
        if ref.kind in ("name", "alias"):
            if len(ref.keys) == 1:
                return ref.keys[0], ref.kind
            candidates = [k for k in ref.keys if k in self.named]
            if len(candidates) == 1:
                return candidates[0], ref.kind
            return self._latest(candidates), ref.kind
        squashed = _squash(ref.phrase)
        holders = self.a._title_holders.get(squashed, [])
        dated = [k for k, start, end in holders if self._holds(start, end)]
        candidates = [k for k in dict.fromkeys(dated) if k in self.named]
        bound = self.bindings.get(squashed)
        if len(candidates) == 1:
            return candidates[0], "title"
        if not candidates:
            # The page calls a named person by this title although the fixtures date the role elsewhere.
            if bound in self.named:
                return bound, "title"
            if fold(ref.phrase).startswith("این "):
                return self.about, "pronoun"  # "این نماینده مجلس" of someone else: the one the text is about
            return None, "title"
        if bound in candidates:
            return bound, "title"
        return self._latest(candidates), "title"

    def _holds(self, start: dt.date | None, end: dt.date | None) -> bool:
        if self.day is None:
            return True
        return (start is None or start <= self.day) and (end is None or self.day <= end)

    def _note(self, key: str | None) -> None:
        if key is not None:
            if key in self.recent:
                self.recent.remove(key)
            self.recent.append(key)

    # -- the pass -----------------------------------------------------------------------------------------------

    def run(self) -> ArticleAttribution:
        kicker_text = self.units[0][2]
        title_given = False
        if kicker_text.rstrip().endswith(":"):
            ref = self._first_ref(0, 0, len(kicker_text))
            speaker = self.resolve(ref)[0] if ref and ref.kind != "pronoun" else None
            title_text = self.units[1][2]
            if speaker and title_text.strip():
                self._add(speaker, 1, 0, len(title_text), "", "kicker")
                title_given = True
        for u, (part, _, text) in enumerate(self.units):
            if not text.strip() or (part == "kicker" and title_given):
                continue
            if part == "kicker":
                self._headline(u)  # a kicker that quotes: "وزیر ارتباطات: اینترنت قطع نمی‌شود"
                continue
            if part == "title":
                if not title_given:
                    self._headline(u)
                continue
            self._unit(u)
        self.result.statements.sort(key=lambda s: (_PART_ORDER[s.part], s.paragraph or 0, s.start))
        return self.result

    def _first_ref(self, u: int, start: int, end: int) -> _Ref | None:
        for ref in self.refs[u]:
            if start <= ref.start < end:
                return ref
        return None

    def _headline(self, u: int) -> None:
        """A title "<person or title>: <words>" (Persian headlines attribute with a bare colon)."""
        text = self.units[u][2]
        colon = text.find(":")
        if colon < 0 or len(text[:colon].split()) > 8 or _VERB.search(fold(text[:colon])):
            self._unit(u)
            return
        ref = self._first_ref(u, 0, colon)
        if ref is None or ref.kind == "pronoun" or text[: ref.start].strip():
            return
        speaker, _ = self.resolve(ref)
        start, end = _trim(text, colon + 1, len(text))
        if speaker and end > start:
            self._add(speaker, u, start, end, "", "headline")

    def _add(self, person: str, u: int, start: int, end: int, verb: str, via: str) -> Attribution:
        part, index, text = self.units[u]
        statement = Attribution(person, part, index, start, end, text[start:end], verb, via)
        self.result.statements.append(statement)
        self._note(person)
        return statement

    def _unit(self, u: int) -> None:
        text = self.units[u][2]
        open_quote: list[Attribution] = []  # the statements the next sentence may continue
        for ss, se in sentence_spans(text):
            clause = self._clause(text, ss, se)
            if clause is not None:
                body_start = _body_start(text, ss, clause.verb_start)
                ref = self._subject(u, body_start, clause.verb_start)
                if open_quote and clause.form != "colon" and ref is None:
                    self._extend(open_quote, text, se)  # "... دولت اعلام کرد که ..." inside the quote
                    self._after_sentence()
                    continue
                if clause.form == "end":
                    open_quote = []
                    self._postposed(u, ss, clause, ref)
                    self._after_sentence()
                    continue
                if clause.form == "bare" and (ref is None or self.resolve(ref)[0] is None):
                    clause = None  # "گفت" running on with no known subject is not clearly speech
                else:
                    open_quote = self._speech(u, ss, se, body_start, clause, ref)
                    self._after_sentence()
                    continue
            if not self._plain_sentence(u, ss, se, open_quote):
                open_quote = []
            self._after_sentence()

    def _plain_sentence(self, u: int, ss: int, se: int, open_quote: list[Attribution]) -> bool:
        """A sentence with no speech clause: more of an open quote (returns True), words "به گفته X", or
        narration."""
        text = self.units[u][2]
        if not open_quote and self._according_to(u, ss, se) is not None:
            return False
        opener = self._opening_ref(u, ss, se)
        if open_quote and opener is None and not _REPORT_CUE.match(text, ss, se):
            self._extend(open_quote, text, se)
            return True
        if opener is not None:  # narration about someone: "وی" now means them
            self.about = None if self._compound(u, opener, se) else self.resolve(opener)[0]
        return False

    def _compound(self, u: int, ref: _Ref, se: int) -> bool:
        """ "X و Y ...": two people open the sentence, so a later "وی" could be either."""
        text = self.units[u][2]
        following = self._first_ref(u, ref.end, se)
        return following is not None and fold(text[ref.end : following.start]).strip() == "و"

    def _after_sentence(self) -> None:
        """Whom the text is about after a sentence is the latest subject (a mere mention does not count)."""
        self._note(self.about)

    def _clause(self, text: str, ss: int, se: int) -> _Clause | None:
        """The speech clause of a sentence: the first with a colon, else the first "که" or running one."""
        sentence = text[ss:se]
        folded, index = _fold_with_index(sentence)
        found: list[_Clause] = []
        for match in _VERB.finditer(folded):
            after = _AFTER_VERB.match(folded, match.end())
            verb_folded = match.group("verb")
            finite = verb_folded.endswith(_FINITE) and not re.search(r"(?<!\w)می\w", verb_folded)
            if after is None:
                form = "bare" if finite and not re.match(r"\s+و(?!\w)", folded[match.end() :]) else ""
                content = match.end()
            elif after.group("colon"):
                form, content = "colon", after.end()
            elif after.group("ke"):
                form, content = "ke", after.end()
            elif after.group("end") is not None:
                form, content = "end", after.end()
            else:
                form, content = "", after.end()
            if not form:
                continue
            if form in ("ke", "bare", "end") and re.search(r"(?<!\w)را\s*$", folded[: match.start()]):
                continue  # "<object> را اعلام کرد": a transitive verb with its object, no words reported
            verb_text = re.sub(r"[\s\u200c]+", " ", sentence[index[match.start()] : index[match.end()]]).strip()
            found.append(
                _Clause(ss + index[match.start()], ss + index[match.end()], ss + index[content], form, verb_text)
            )
        colon = [c for c in found if c.form == "colon"]
        if colon:
            return colon[0]
        return found[0] if found else None

    def _subject(self, u: int, start: int, end: int) -> _Ref | None:
        """Who a clause is about: a reference opening it, else one opening its last co-ordinate part."""
        text = self.units[u][2]
        refs = [r for r in self.refs[u] if start <= r.start < end]
        if not refs:
            return None
        if _only_lead_ins(text[start : refs[0].start]):
            return refs[0]
        chosen = None
        for ref in refs:
            lead_in = text[start : ref.start]
            boundaries = list(_CLAUSE_BOUNDARY.finditer(lead_in))
            if boundaries and _only_lead_ins(lead_in[boundaries[-1].end() :]):
                chosen = ref
        return chosen

    def _opening_ref(self, u: int, ss: int, se: int) -> _Ref | None:
        """A person opening a sentence (after a report cue or a word like "همچنین"): the sentence is about them."""
        text = self.units[u][2]
        start = _body_start(text, ss, se)
        ref = self._first_ref(u, start, se)
        if ref is None or not _only_lead_ins(text[start : ref.start]):
            return None
        if ref.kind == "pronoun" and fold(text[ref.start : ref.end]) == "او":
            return None  # "او" opens sentences inside quotes too ("او به ما گفت")
        return ref

    def _speech(
        self, u: int, ss: int, se: int, body_start: int, clause: _Clause, ref: _Ref | None
    ) -> list[Attribution]:
        """The statement(s) of a speech clause: one per speaker ("X و Y گفتند" has two), words indirect first."""
        text = self.units[u][2]
        speaker, via = self.resolve(ref) if ref is not None else (None, "")
        self.about = speaker  # unresolved: "وی" after it refers to no one we know
        if speaker is None or ref is None:
            return []
        speakers = [(speaker, via)]
        if fold(clause.verb).endswith("ند") and re.match(r"\s+و\s", text[ref.end : clause.verb_start]):
            # "X و Y گفتند": both say the words; "X و همکارانش گفتند": not X alone, and not guessed.
            partner = self._first_ref(u, ref.end, clause.verb_start) if self._compound(u, ref, se) else None
            partner_key, partner_via = self.resolve(partner) if partner else (None, "")
            self.about = None  # "وی" after two speakers could be either
            if partner_key is None:
                return []
            speakers.append((partner_key, partner_via))
        folded, index = _fold_with_index(text[body_start : clause.verb_start])
        indirect = _INDIRECT.search(folded)
        if indirect:
            cue_end = body_start + index[indirect.end()]
            cue = re.sub(r"\s+", " ", text[body_start + index[indirect.start()] : cue_end])
            comma = max(text.rfind(mark, cue_end, clause.verb_start) for mark in "،,؛")
            start, end = _trim(text, cue_end, comma if comma > cue_end else clause.verb_start)
            if end > start:
                for person, person_via in speakers:
                    self._add(person, u, start, end, cue, person_via)
        start, end = _trim(text, clause.content_start, se)
        if end <= start:
            return []
        return [self._add(person, u, start, end, clause.verb, person_via) for person, person_via in speakers]

    def _postposed(self, u: int, ss: int, clause: _Clause, ref: _Ref | None) -> None:
        """ "<words>، وی افزود." — the words before the comma, when a known subject opens the closing part."""
        text = self.units[u][2]
        comma = max(text.rfind("،", ss, clause.verb_start), text.rfind(",", ss, clause.verb_start))
        if comma < 0:
            if ref is not None:
                self.about = self.resolve(ref)[0]
                self._note(self.about)
            return
        closing = self._first_ref(u, comma + 1, clause.verb_start)
        if closing is None or text[comma + 1 : closing.start].strip():
            return
        if len(text[closing.end : clause.verb_start].split()) > 3:
            return
        speaker, via = self.resolve(closing)
        self.about = speaker
        start, end = _trim(text, _body_start(text, ss, comma), comma)
        if speaker and len(text[start:end].split()) >= 4:
            self._add(speaker, u, start, end, clause.verb, via)

    def _according_to(self, u: int, ss: int, se: int) -> Attribution | None:
        """ "به گفته <person>، <words>": the words are the person's."""
        text = self.units[u][2]
        start = _body_start(text, ss, se)
        cue = _ACCORDING.match(fold(text[start:se]))
        if not cue:
            return None
        ref = self._first_ref(u, start, se)
        if ref is None or ref.kind == "pronoun" or text[start + cue.end() : ref.start].strip():
            return None
        comma = text.find("،", ref.end, se)
        if comma < 0:
            return None
        speaker, via = self.resolve(ref)
        content_start, content_end = _trim(text, comma + 1, se)
        if speaker is None or content_end <= content_start:
            return None
        self.about = speaker
        verb = re.sub(r"\s+", " ", text[start : start + cue.end()]).strip()
        return self._add(speaker, u, content_start, content_end, verb, via)

    def _extend(self, statements: list[Attribution], text: str, se: int) -> None:
        for statement in statements:
            _, end = _trim(text, statement.start, se)
            statement.end = end
            statement.text = text[statement.start : end]


_PART_ORDER = {"kicker": 0, "title": 1, "lead": 2, "paragraph": 3}


def _body_start(text: str, ss: int, end: int) -> int:
    """Where a sentence's own words begin: after a report cue ("به گزارش مهر،") or a dateline ("تهران - ")."""
    cue = _REPORT_CUE.match(text, ss, end) or _DATELINE.match(text, ss, end)
    return cue.end() if cue else ss


def _only_lead_ins(text: str) -> bool:
    """Whether `text` holds nothing but words that may precede a subject ("روز گذشته", "دکتر") and punctuation."""
    return _PUNCTUATION_ONLY.fullmatch(_LEAD_INS.sub(" ", fold(text))) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
