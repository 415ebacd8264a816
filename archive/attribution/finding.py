"""People the pages themselves introduce: a name with a role phrase beside it.

News prose introduces an official once, with their post, in one of four shapes:

* «[نام] [سمت] گفت»        "بهزاد رحمانی نژاد سخنگوی صنعت آب اظهار کرد: ..."
* «[نام]، [سمت]، ...»       "فرزانه توکلیان، عضو کمیسیون آموزش مجلس، گفت: ..."
* «[سمت]، [نام]، ...»       "رئیس‌کل گمرک ایران، مهرداد جمالی‌پور، ..."
* «[سمت] [نام] ...»         "وزیر راه و شهرسازی مهندس کامبیز یزدان‌پناه در آیین ... گفت"

as the subject of a speech verb or in a mention ("با حضور ... معاون وزیر نیرو"). A role phrase opens with a
role word (`lexicon.ROLE_HEADS`: وزیر، معاون، رئیس، سخنگوی ...) and runs over the words that complete it until a
preposition, a time word, punctuation, a verb or a name. A name opens with a given name (`GIVEN_NAMES`, after
"سید" if joined) and has a surname after it: a name cannot be told from other words by its letters, so precision
rests on this. Titles of address (`HONORIFICS`: دکتر، مهندس، سردار، حجت‌الاسلام ...) are taken off.

So an organisation or its office ("روابط عمومی سازمان ..."), a title with no name ("وزیر ارتباطات اعلام کرد"), a
reporter ("خبرنگار ما", "گزارش از: ...") or a name with no role is nobody here. Whether a person speaks is the
rules' business (`archive.attribution.rules`), once the person is known.

Pure: text in, candidates out; `find_people` never touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from archive.attribution import lexicon
from archive.persian import fold, hazm_verb_forms, hazm_words

_TOKEN = re.compile(r"[\w\u200c]+|[^\w\s\u200c]")
# A role word somewhere in a part's folded text (ZWNJ folds away): parts with none are not read further.
_HEADS_IN_TEXT = re.compile("|".join(sorted({re.escape(fold(h)) for h in lexicon.ROLE_HEADS}, key=len, reverse=True)))
_NAME_PREFIX = re.compile(r"^(?:" + "|".join(fold(p) for p in lexicon.NAME_PREFIXES) + r")(?=\w)")


@dataclass(frozen=True)
class FoundPerson:
    """A name with a role beside it in one part of an article."""

    name: str  # as written, without titles of address
    role: str  # the role phrase as the page states it
    unit: int  # index of the article part (kicker, title, lead, paragraphs...) it was found in
    start: int  # offsets of the name in that part
    end: int
    sentence: str  # the sentence it was found in, for the editor

    @property
    def key(self) -> str:
        """The name's identity: folded, spaces dropped ("آذریجهرمی" = "آذری جهرمی")."""
        return name_key(self.name)


def name_key(name: str) -> str:
    return re.sub(r"\s+", "", fold(name))


@dataclass(frozen=True)
class _Token:
    text: str
    folded: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    def folded(words: list[str]) -> frozenset[str]:
        return frozenset(fold(w).replace(" ", "") for w in words)

    speech_starts = frozenset(fold(v).split()[0] for v in lexicon.SPEECH_VERBS)
    return {
        "heads": folded(lexicon.ROLE_HEADS),
        "given": folded(lexicon.GIVEN_NAMES),
        "stops": folded(lexicon.ROLE_STOPS) | speech_starts,
        "not_name": folded(lexicon.NOT_NAME_WORDS) | folded(lexicon.ROLE_STOPS) | speech_starts,
        "prefixes": folded(lexicon.NAME_PREFIXES),
        "seats": folded(lexicon.ROLE_SEATS),
        "whole": folded(lexicon.WHOLE_ROLES),
        "of_a_body": folded(lexicon.ROLE_HEADS_OF_A_BODY),
        "bodies": folded(lexicon.BODIES),
    }


@lru_cache(maxsize=1)
def _honorifics() -> dict[str, list[tuple[str, ...]]]:
    """Titles of address as folded token sequences, by their first and by their last token, longest first."""
    sequences = {tuple(t.replace("\u200c", "") for t in fold(h).split()) for h in lexicon.HONORIFICS}
    sequences |= {(fold(h).replace(" ", ""),) for h in lexicon.HONORIFICS}
    by_edge: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sorted(sequences, key=len, reverse=True):
        by_edge.setdefault("^" + sequence[0], []).append(sequence)
        by_edge.setdefault("$" + sequence[-1], []).append(sequence)
    return by_edge


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), fold(m.group()).replace("\u200c", ""), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _honorific_at(tokens: list[_Token], i: int) -> int:
    """How many tokens a title of address takes at `i` (0 when none)."""
    if i >= len(tokens):
        return 0
    for sequence in _honorifics().get("^" + tokens[i].folded, ()):
        if tuple(t.folded for t in tokens[i : i + len(sequence)]) == sequence:
            return len(sequence)
    return 0


def _given(token: _Token) -> bool:
    words = _words()
    if token.folded in words["given"]:
        return True
    bare = _NAME_PREFIX.sub("", token.folded)  # "سیدحسن"
    return bare != token.folded and bare in words["given"]


def looks_like_given_name(word: str) -> bool:
    """Whether `word` is a given name ("رضا", "سیدحسن"): what opens a person's name, not an outlet's."""
    return _given(_Token(word, fold(word).replace("\u200c", ""), 0, len(word)))


def _prefix(token: _Token) -> bool:
    return token.folded in _words()["prefixes"]


def _name_like(token: _Token) -> bool:
    words = _words()
    return (
        token.word
        and len(token.folded) >= 2
        and not token.folded.isdigit()
        and token.folded not in words["not_name"]
        and token.folded not in words["heads"]
        and not _honorific_at([token], 0)
    )


# A word hazm counts this often is an everyday word, not a surname (the commonest surnames and their parts,
# "موسوی", "پور", "نژاد", stay below a tenth of this); tags that no surname has.
_COMMON_WORD_FREQUENCY = 10_000_000
_GRAMMATICAL_TAGS = frozenset({"V", "PRO", "P", "POSTP", "CONJ", "DET", "NUM", "ADV", "CL", "RES", "INT", "PREP"})


@lru_cache(maxsize=1)
def _hazm() -> tuple[dict[str, tuple[int, tuple[str, ...]]], frozenset[str]]:
    return hazm_words(), hazm_verb_forms()


def _everyday_word(token: _Token) -> bool:
    """A verb form, a function word or a very common word: not a surname ("عضو ... داده", "... خواهد")."""
    words, verbs = _hazm()
    entry = words.get(token.text)
    if entry is None and token.text in verbs:
        return True
    return entry is not None and (entry[0] > _COMMON_WORD_FREQUENCY or entry[1][0] in _GRAMMATICAL_TAGS)


def _name_span(tokens: list[_Token], start: int, stop: int) -> tuple[int, int] | None:
    """A name in tokens[start:stop] read left to right: optional "سید", given names, then a surname."""
    i = start
    if i < stop and _prefix(tokens[i]):
        i += 1
    given = i
    while i < stop and _given(tokens[i]) and _name_like(tokens[i]):
        i += 1
    if i == given:
        return None
    surname = i
    while i < stop and i - surname < 2 and _name_like(tokens[i]) and not _given(tokens[i]):
        if _everyday_word(tokens[i]):
            break
        i += 1
    if i == surname:
        return None  # given names alone ("رضا") are no one's full name
    return start, i


def _role_end(tokens: list[_Token], head: int) -> int:
    """One past the last token of the role phrase opened at `head`."""
    words = _words()
    i = head + 1
    end = head + 1
    while i < len(tokens) and i - head < 12:
        token = tokens[i]
        if token.text in "،,":
            # "وزیر صنعت، معدن و تجارت": a list of the organisation's parts continues the role.
            listed = i + 2 < len(tokens) and tokens[i + 2].folded == "و" and _name_like(tokens[i + 1])
            if listed and not _given(tokens[i + 1]):
                i += 3
                continue
            break
        if token.folded == "در" and i + 1 < len(tokens) and tokens[i + 1].folded in words["seats"]:
            i += 1  # "نماینده مردم اراک در مجلس", "معاون وزیر در امور ...": the seat is part of the post
            continue
        if not token.word or token.folded in words["stops"] or _given(token) or _prefix(token):
            break
        if token.text in _hazm()[1] and token.text not in _hazm()[0]:
            break  # a verb ends the post ("... می‌کنند"); "مردم" is a noun too, and stays
        if _honorific_at(tokens, i):
            break
        if token.folded == "و":
            # "معاون وزیر ارتباطات و مدیرعامل شرکت ...": a second post or a longer name of the body.
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is None or not following.word or _given(following) or _prefix(following):
                break
            if following.folded in words["stops"]:
                break
            i += 1
            continue
        i += 1
        end = i
    return end


def _name_before(tokens: list[_Token], head: int) -> tuple[int, int] | None:
    """«[نام] [سمت]» or «[نام]، [سمت]»: the name ending right before the role (a comma between allowed)."""
    end = head
    if end > 0 and tokens[end - 1].text in "،,":
        end -= 1
    first = end
    while first > 0 and end - first < 6 and _name_like(tokens[first - 1]):
        first -= 1
    for start in range(first, end):
        if _given(tokens[start]) or (_prefix(tokens[start]) and start + 1 < end and _given(tokens[start + 1])):
            span = _name_span(tokens, start, end)
            if span and span[1] == end:
                return span
    return None


def _name_after(tokens: list[_Token], role_end: int) -> tuple[int, int] | None:
    """«[سمت]، [نام]،» or «[سمت] [نام]»: the name right after the role, titles of address skipped."""
    i = role_end
    comma = i < len(tokens) and tokens[i].text in "،,"
    if comma:
        i += 1
    i += _honorific_at(tokens, i)
    stop = min(len(tokens), i + 6)
    for j in range(i, stop):
        if not (tokens[j].word and _name_like(tokens[j])):
            stop = j
            break
    span = _name_span(tokens, i, stop)
    if span is None:
        return None
    if comma:
        # "<role>، <name>، ...": the name stands alone between the commas (or before the verb).
        after = tokens[span[1]] if span[1] < len(tokens) else None
        if after is not None and after.word and after.folded not in _words()["stops"]:
            return None
    return span


def _role_text(text: str, tokens: list[_Token], head: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[tokens[head].start : tokens[end - 1].end]).strip()


def find_in_text(text: str) -> list[tuple[int, int, str]]:
    """(name start, name end, role phrase) for each name introduced with a role in `text`."""
    tokens = _tokens(text)
    heads = _words()["heads"]
    found: list[tuple[int, int, str]] = []
    taken_until = 0  # tokens already read as part of a name or role
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i < taken_until or token.folded not in heads:
            i += 1
            continue
        if token.folded in _words()["of_a_body"] and (
            i + 1 >= len(tokens) or tokens[i + 1].folded not in _words()["bodies"]
        ):
            i += 1  # "عضو" of nothing in particular is a limb or a member, not a post
            continue
        end = _role_end(tokens, i)
        if end - i < 2 and token.folded not in _words()["whole"]:  # a role word alone ("معاون گفت") is no post
            i += 1
            continue
        role = _role_text(text, tokens, i, end)
        span = _name_before(tokens, i) if i > taken_until or taken_until == 0 else None
        if span is None:
            span = _name_after(tokens, end)
        if span is not None:
            s, e = span
            found.append((tokens[s].start, tokens[e - 1].end, role))
            taken_until = max(end, e)
        else:
            taken_until = end
        i = max(i + 1, taken_until)
    return found


def find_people(units: list[str]) -> list[FoundPerson]:
    """Every name introduced with a role in the parts of an article (kicker, title, lead, paragraphs)."""
    people: list[FoundPerson] = []
    for u, text in enumerate(units):
        if not text or not _HEADS_IN_TEXT.search(fold(text)):
            continue
        for start, end, role in find_in_text(text):
            name = _clean_name(text[start:end])
            people.append(FoundPerson(name, role, u, start, end, _sentence_around(text, start)))
    return people


def _sentence_around(text: str, position: int) -> str:
    """The sentence holding `position`, for the editor (ends of sentences are enough here)."""
    start = max(text.rfind(mark, 0, position) for mark in ".!؟?") + 1
    ends = [e for mark in ".!؟?" if (e := text.find(mark, position)) >= 0]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def name_variants(name: str) -> list[str]:
    """Other ways a page writes the same person: the surname alone, and the name without "سید"."""
    tokens = _tokens(name)
    variants: list[str] = []
    i = 1 if tokens and _prefix(tokens[0]) else 0
    if i:
        variants.append(" ".join(t.text for t in tokens[1:]))
    elif tokens and _NAME_PREFIX.match(tokens[0].folded) and _given(tokens[0]):
        bare = re.sub(r"^(?:سید|سیده|میر)", "", tokens[0].text)
        if bare != tokens[0].text:
            variants.append(" ".join([bare, *(t.text for t in tokens[1:])]))
    while i < len(tokens) and _given(tokens[i]):
        i += 1
    if 0 < i < len(tokens):
        variants.append(" ".join(t.text for t in tokens[i:]))
    return [v for v in dict.fromkeys(variants) if v and name_key(v) != name_key(name)]


def title_variants(role: str) -> list[str]:
    """The role and the shorter forms pages use for it: before a comma ("معاون بهداشت وزارت بهداشت، درمان و
    آموزش پزشکی" → "معاون بهداشت وزارت بهداشت") and without a trailing scope word ("... گمرک ایران" → "... گمرک")."""
    forms = [role]
    if "،" in role:
        forms.append(role.split("،")[0].strip())
    scope = {fold(w) for w in lexicon.ROLE_SCOPE_WORDS}
    for form in list(forms):
        words = form.split()
        if len(words) > 2 and fold(words[-1]) in scope:
            words = words[:-1]
            if fold(words[-1]) == "در":  # "نماینده مردم اراک در مجلس" → "نماینده مردم اراک"
                words = words[:-1]
            forms.append(" ".join(words))
    return list(dict.fromkeys(forms))
