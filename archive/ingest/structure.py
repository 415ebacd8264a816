"""Page structure: lines into blocks, boilerplate off, headline found, hard wraps joined into paragraphs.

Works on the raw lines (display cleaning comes after), with rules about the shape of captured news pages:
menus are runs of short label lines, comment forms are known labels, hard-wrapped text has a line-length
ceiling, a paragraph ends at sentence-final punctuation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from archive.attribution import lexicon as speech_lexicon
from archive.ingest import lexicon, metadata
from archive.persian import fold, latin_digits

TERMINAL = re.compile(r"[.!؟?…][»\")\]']*\s*$")
_SENTENCE_BOUNDARY = re.compile(r"[.!؟?…]+[»\")\]]*\s+")
_INVISIBLE = re.compile("[\u00a0\u2000-\u200b\u200e\u200f\u202a-\u202f\u2060\ufeff\t]")


def plain(line: str) -> str:
    """A line with odd spaces made plain and edges stripped, for judging its shape."""
    return _INVISIBLE.sub(" ", line).strip()


def same_text(a: str, b: str) -> bool:
    """Two texts that differ only in spelling, spacing or final punctuation."""
    return _key(a) == _key(b)


def _key(text: str) -> str:
    return _NOT_WORD.sub("", fold(text))


_NOT_WORD = re.compile(r"[\W_]+")
text_key = _key  # what same_text compares, for callers that compare one text with many


@dataclass
class Block:
    """Lines between blank lines; `first` is the page line (0-based) the block starts on."""

    lines: list[str]
    first: int = 0
    subhead: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class Skeleton:
    kicker: str = ""
    title: str = ""
    body: list[Block] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)  # "منبع: ..." metadata
    print_header: tuple[str, str] | None = None  # (outlet name, site URL)
    declared_comment_count: int | None = None
    news_code: str = ""
    # Dates read from metadata lines, each with what it is: "labelled", "dateline" (a plain date by the
    # headline) or "frame" (the site's today, an update, a fetch: never the publication).
    dates: list[metadata.LineDate] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # furniture lines taken out of the text
    notes: list[str] = field(default_factory=list)


def split_blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """(line number, line) pairs into blocks; a blank line ends a block."""
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    for number, line in lines:
        text = plain(line)
        if text:
            if not current:
                first = number
            current.append(text)
        elif current:
            blocks.append(Block(current, first))
            current = []
    if current:
        blocks.append(Block(current, first))
    return blocks


_LABEL_EDGES = re.compile(r"^[\s*:]+|[\s*:]+$")


def is_form_label(line: str) -> bool:
    """A comment-form label or button, with or without its stars and colon ("* نظر:", "نام :")."""
    text = plain(line)
    bare = _LABEL_EDGES.sub("", text)
    return (
        text in lexicon.FORM_LABELS
        or bare in lexicon.FORM_LABELS
        or bare.startswith(lexicon.FORM_LABEL_PREFIXES)
        or bool(lexicon.COUNTER.match(text))
    )


def _is_menu_line(text: str) -> bool:
    return len(text) <= 30 and len(text.split()) <= 4 and not re.search(r"[.،؛:!؟?]", text)


def _menu_run(blocks: list[Block]) -> tuple[int, int]:
    """(blocks, lines) in the leading run of blocks made only of short label lines."""
    count = lines = 0
    for block in blocks:
        if not all(_is_menu_line(line) for line in block.lines):
            break
        count += 1
        lines += len(block.lines)
    return count, lines


def _strip_menus(blocks: list[Block], notes: list[str], dropped: list[str]) -> list[Block]:
    """4+ short label lines in a row at the top or bottom (one per block or one block of them) are a menu."""
    start, lines = _menu_run(blocks)
    if lines >= 4:
        notes.append(f"navigation menu dropped ({lines} items)")
        dropped.extend(line for block in blocks[:start] for line in block.lines)
    else:
        start = 0
    end, lines = _menu_run(blocks[start:][::-1])
    if lines >= 4:
        notes.append(f"trailing menu dropped ({lines} items)")
        dropped.extend(line for block in blocks[len(blocks) - end :] for line in block.lines)
        return blocks[start : len(blocks) - end]
    return blocks[start:]


_HEADLINE_END = re.compile(r"[.…][»\")\]']*\s*$")  # a headline may end in ؟ or !, never in a full stop
MAX_HEADLINE = 200


def is_prose(text: str) -> bool:
    """A line of article text, not a label: a sentence, or long enough to be one."""
    return len(text) > 120 or (len(text.split()) >= 8 and bool(TERMINAL.search(text)))


def is_sentence(text: str) -> bool:
    """A long line or one that ends in a full stop (a comment list cannot start above the first of them;
    a headline may end in "؟" or "!", never in a full stop)."""
    return len(text) > 120 or bool(_HEADLINE_END.search(text))


def _is_headline(text: str) -> bool:
    """Short, not ending in a full stop; a question or exclamation only when it is short too."""
    if len(text) > MAX_HEADLINE or _HEADLINE_END.search(text):
        return False
    return not (TERMINAL.search(text) and len(text) > 100)


def _outlet_dateline_line(text: str) -> bool:
    """A line holding only an outlet dateline ("رسانه کلیک -", "آفتاب یزد –گروه سیاسی:"): it opens the lead."""
    return len(text) <= 60 and bool(re.search(r"(?:\s[-–—]\s*|[-–—])\s*(?:(?:گروه|سرویس)\s[^:]{1,30}:)?\s*$", text))


def _drop_widget_labels(blocks: list[Block], dropped: list[str]) -> list[Block]:
    """Lines that are a widget's label alone ("فیلم بیشتر »»", "۰", "اشتراک گذاری") wherever they stand."""
    out: list[Block] = []
    for block in blocks:
        lines = []
        for line in block.lines:
            meta = metadata.classify(line) if _is_menu_line(line) else None
            if meta is not None and meta.widget:
                dropped.append(line)
            else:
                lines.append(line)
        if lines:
            out.append(Block(lines, block.first + block.lines.index(lines[0]), block.subhead))
    return out


def build_skeleton(lines: list[str]) -> Skeleton:
    """Everything above the comment list: boilerplate removed, kicker and title found, body blocks left."""
    sk = Skeleton()
    kept: list[tuple[int, str]] = []
    date_lines: list[tuple[int, metadata.LineDate]] = []
    after_end = seen_prose = False
    for number, line in enumerate(lines):
        text = plain(line)
        if not text:
            kept.append((number, ""))
            continue
        counter = lexicon.COUNTER.match(text)
        if counter:
            if counter.group("label") in lexicon.PUBLISHED_COUNTER_LABELS:
                sk.declared_comment_count = int(latin_digits(counter.group("n")))
            continue
        if lexicon.END_MARKER.match(text):
            after_end = True
            continue
        header = lexicon.PRINT_HEADER.match(text)
        if header and sk.print_header is None:
            sk.print_header = (header.group("name").strip(), header.group("url") or "")
            continue
        source = lexicon.SOURCE_LINE.match(text)
        if source:
            sk.source_lines.append(text)
            continue
        if lexicon.BACK_LINK.match(text) or is_form_label(text):
            continue
        meta = metadata.classify(text)
        if meta is not None and meta.ends_body and seen_prose:
            after_end = True
        elif meta is not None and meta.widget and not (meta.dates or meta.news_code) and _is_menu_line(text):
            meta = None  # a menu's label: left to the menu rule (it needs the whole run), dropped after it
        if meta is not None:
            # A metadata line is not text, and it parts the lines around it (a title, its dateline, the lead).
            sk.news_code = sk.news_code or meta.news_code
            date_lines.extend((number, d) for d in meta.dates)
            sk.notes.extend(f"line {number + 1}: {note}" for note in meta.notes)
            if meta.widget:
                sk.dropped.append(text)
            kept.append((number, ""))
            continue
        if after_end:
            # After the end marker only related-link headlines and widgets remain.
            sk.notes.append(f"dropped after end marker: {text[:60]}")
            sk.dropped.append(text)
            continue
        seen_prose = seen_prose or is_prose(text)
        kept.append((number, line))

    all_text = [number for number, line in kept if line.strip()]
    blocks = _strip_menus(split_blocks(kept), sk.notes, sk.dropped)

    # Headline: the leading single-line blocks that are not sentences. Two of them = kicker + title; a first
    # line ending in ":" is a kicker too. A headline printed twice is kept once. A capture that starts at the
    # lead has none: the title stays empty (the page is flagged for an editor).
    heads: list[str] = []
    head_lines: list[int] = []
    while blocks and len(heads) < 2:
        block = blocks[0]
        if not heads and len(block.lines) > 1 and all(_is_menu_line(line) for line in block.lines):
            # A few label lines above the headline (a site's name and its menu button): not a headline.
            sk.dropped.extend(block.lines)
            blocks = blocks[1:]
            continue
        if len(block.lines) == 1 and _is_menu_line(block.text) and (meta := metadata.classify(block.text)):
            sk.dropped.append(block.text)  # a widget's label above or between the headlines ("فیلم بیشتر »»")
            blocks = blocks[1:]
            continue
        if len(block.lines) > 1 and _is_headline(block.lines[0]) and is_prose(block.lines[1]):
            # A headline with no blank line under it: the rest of the block is the lead.
            blocks[0] = Block(block.lines[1:], block.first + 1)
            block = Block(block.lines[:1], block.first)
        else:
            blocks = blocks[1:]
        if len(block.lines) != 1 or not _is_headline(block.text):
            blocks.insert(0, block)
            break
        if heads and same_text(block.text, heads[-1]):
            sk.notes.append(f"headline printed twice, kept once: {block.text[:60]}")
            continue
        heads.append(block.text)
        head_lines.append(block.first)
    if len(heads) == 2:
        sk.kicker, sk.title = heads
    elif len(heads) == 1:
        sk.title = heads[0]

    # An outlet dateline standing on its own line opens the lead, as it does on most pages.
    if len(blocks) >= 2 and len(blocks[0].lines) == 1 and _outlet_dateline_line(blocks[0].text):
        blocks = [Block([f"{blocks[0].text} {blocks[1].lines[0]}", *blocks[1].lines[1:]], blocks[0].first), *blocks[2:]]
    sk.body = _drop_widget_labels(blocks, sk.dropped)
    sk.dates = _place_dates(date_lines, head_lines, blocks[0].first if blocks else None, all_text)
    return sk


def _place_dates(
    date_lines: list[tuple[int, metadata.LineDate]], head_lines: list[int], lead_line: int | None, text_lines: list[int]
) -> list[metadata.LineDate]:
    """Say of each plain date line whether it is the page's dateline: no text stands between it and the
    headline (or the lead, on a page without one). Any other plain date is the site's frame."""
    anchors = set(head_lines) | ({lead_line} if lead_line is not None else set())
    placed = []
    for number, date in date_lines:
        kind = date.kind
        if kind == metadata.PLAIN:
            at = bisect.bisect_left(text_lines, number)
            before = text_lines[at - 1] if at > 0 else None
            after = text_lines[at] if at < len(text_lines) else None
            by_head = after in anchors or (before in head_lines and before is not None)
            kind = "dateline" if by_head else metadata.FRAME
        placed.append(metadata.LineDate(date.year, date.month, date.day, date.time, kind, date.text))
    return placed


def line_ceiling(blocks: list[Block]) -> int | None:
    """The wrap width of a hard-wrapped page, or None when lines run to their paragraph's end.

    Hard wrapping shows as a ceiling: lines never exceed ~W characters, and most lines come close to it.
    """
    lengths = [len(line) for block in blocks for line in block.lines]
    if len(lengths) < 4:
        return None
    width = max(lengths)
    if width > 200 or width < 50:  # a column narrower than 50 characters is a list of short lines, not a wrap
        return None
    full = sum(1 for n in lengths if n >= 0.7 * width)
    return width if full >= 0.5 * len(lengths) else None


_PULL_QUOTE_MAX = 80
_PROBE = 8  # characters of a pull-quote's key looked up at each place of the other blocks' text


def _pull_quote_candidate(block: Block) -> bool:
    text = block.text
    return (
        len(block.lines) == 1 and len(text) < _PULL_QUOTE_MAX and len(text.split()) >= 3 and not TERMINAL.search(text)
    )


def _found_elsewhere(candidates: dict[str, set[int]], keys: list[str]) -> set[str]:
    """The candidate keys that occur inside some block other than their own.

    Linear in the page: the candidates are indexed by their first _PROBE characters, each block's key is read
    once, and at each place only the candidate lengths sharing that prefix are tried (fewer than
    _PULL_QUOTE_MAX). A key owned by two blocks is found in the other one at once.
    """
    found = {key for key, owners in candidates.items() if len(owners) > 1}
    by_prefix: dict[str, set[int]] = {}
    for key in candidates:
        if key not in found and len(key) >= _PROBE:
            by_prefix.setdefault(key[:_PROBE], set()).add(len(key))
    if not by_prefix:
        return found
    for index, text in enumerate(keys):
        for at in range(len(text) - _PROBE + 1):
            lengths = by_prefix.get(text[at : at + _PROBE])
            if not lengths:
                continue
            for length in lengths:
                piece = text[at : at + length]
                owners = candidates.get(piece)
                if owners and piece not in found and index not in owners:
                    found.add(piece)
    return found


def drop_repeats(blocks: list[Block], head: list[str], notes: list[str]) -> list[Block]:
    """Drop a block that repeats the title/kicker, and short pull-quotes repeated from the body (also one
    glued to the paragraph after it: "… تمکین کنبه گزارش خبرنگار …")."""
    head_keys = {_key(h) for h in head if h}
    keys = [_key(block.text) for block in blocks]
    candidates: dict[str, set[int]] = {}
    glued: dict[int, tuple[str, int]] = {}  # block → (key of the glued pull-quote, where the paragraph starts)
    for i, block in enumerate(blocks):
        if _pull_quote_candidate(block) and keys[i]:
            candidates.setdefault(keys[i], set()).add(i)
        elif len(block.lines) == 1 and (cue := lexicon.GLUED_CUE.search(block.text, 0, _PULL_QUOTE_MAX + 2)):
            before = block.text[: cue.start("cue")]
            if len(before.split()) >= 3 and (key := _key(before)):
                glued[i] = (key, cue.start("cue"))
                candidates.setdefault(key, set()).add(i)
    repeated = _found_elsewhere(candidates, keys)

    out: list[Block] = []
    for i, block in enumerate(blocks):
        text = block.text
        if keys[i] in head_keys and keys[i]:
            notes.append(f"repeated headline dropped: {text[:60]}")
            continue
        if i in glued and glued[i][0] in repeated:
            notes.append(f"pull-quote glued to a paragraph split off and dropped: {text[: glued[i][1]][:60]}")
            out.append(Block([text[glued[i][1] :]], block.first))
            continue
        if i not in glued and keys[i] in repeated:
            notes.append(f"pull-quote dropped: {text[:60]}")
            continue
        out.append(block)
    return out


def mark_subheads(blocks: list[Block], ceiling: int | None) -> None:
    """A short line of its own between two paragraphs, not a sentence, is a subhead ("سهامدار سروش کیست؟")."""
    limit = min(80, int(0.6 * ceiling)) if ceiling else 80
    for before, block, after in zip(blocks, blocks[1:], blocks[2:], strict=False):
        text = block.text
        if (
            len(block.lines) == 1
            and len(text) <= limit
            and len(text.split()) >= 2
            and not re.search(r"[.،,:؛…]\s*$", text)
            and TERMINAL.search(before.text)
            and is_prose(after.text)
        ):
            block.subhead = True


def join_paragraphs(blocks: list[Block], ceiling: int | None) -> list[tuple[str, bool]]:
    """Blocks into (paragraph, is a subhead) pairs.

    Without hard wrapping, every line is a paragraph. With it, the lines of a block are one text, and a
    block that does not end a sentence runs on into the next (captures put blank lines inside sentences).
    A subhead is always a paragraph of its own.
    """
    if ceiling is None:
        return [(line, block.subhead) for block in blocks for line in block.lines]
    paragraphs: list[tuple[str, bool]] = []
    carry = ""
    for block in blocks:
        if block.subhead:
            if carry:
                paragraphs.append((carry, False))
                carry = ""
            paragraphs.append((block.text, True))
            continue
        text = f"{carry} {block.text}".strip() if carry else block.text
        if TERMINAL.search(text):
            paragraphs.append((text, False))
            carry = ""
        else:
            carry = text
    if carry:
        paragraphs.append((carry, False))
    return paragraphs


def _opens_with_speech(sentence: str) -> bool:
    """A sentence that opens a reported-speech turn: "<subject> ... <verb>:" early in the sentence."""
    if sentence.startswith("به گزارش"):
        return True
    colon = sentence.find(":")
    if colon < 0 or colon > 160:
        return False
    before = sentence[:colon].rstrip()
    return any(before.endswith(verb) for verb in speech_lexicon.SPEECH_VERBS)


def sentences(text: str) -> list[str]:
    """Sentences with their end marks, split after . ! ؟ ? … followed by a space (so "2.5" stays whole)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_BOUNDARY.finditer(text):
        out.append(text[start : match.end()].strip())
        start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def split_lost_breaks(paragraph: str, min_length: int = 400) -> list[str]:
    """Restore paragraph breaks a capture lost: in news prose each speech turn opens a paragraph."""
    if len(paragraph) < min_length:
        return [paragraph]
    groups: list[list[str]] = [[]]
    for sentence in sentences(paragraph):
        if groups[-1] and _opens_with_speech(sentence):
            groups.append([])
        groups[-1].append(sentence)
    return [" ".join(group) for group in groups]
