"""Page structure: lines into blocks, boilerplate off, headline found, hard wraps joined into paragraphs.

Works on the raw lines (display cleaning comes after), with rules about the shape of captured news pages:
menus are runs of short label lines, comment forms are known labels, hard-wrapped text has a line-length
ceiling, a paragraph ends at sentence-final punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest import lexicon
from archive.persian import fold

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
    return re.sub(r"[\W_]+", "", fold(text))


@dataclass
class Block:
    """Lines between blank lines."""

    lines: list[str]

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
    notes: list[str] = field(default_factory=list)


def split_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines:
        text = plain(line)
        if text:
            current.append(text)
        elif current:
            blocks.append(Block(current))
            current = []
    if current:
        blocks.append(Block(current))
    return blocks


def is_form_label(line: str) -> bool:
    text = plain(line)
    return (
        text in lexicon.FORM_LABELS or text.startswith(lexicon.FORM_LABEL_PREFIXES) or bool(lexicon.COUNTER.match(text))
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


def _strip_menus(blocks: list[Block], notes: list[str]) -> list[Block]:
    """4+ short label lines in a row at the top or bottom (one per block or one block of them) are a menu."""
    start, lines = _menu_run(blocks)
    if lines >= 4:
        notes.append(f"navigation menu dropped ({lines} items)")
    else:
        start = 0
    end, lines = _menu_run(blocks[start:][::-1])
    if lines >= 4:
        notes.append(f"trailing menu dropped ({lines} items)")
        return blocks[start : len(blocks) - end]
    return blocks[start:]


def build_skeleton(lines: list[str]) -> Skeleton:
    """Everything above the comment list: boilerplate removed, kicker and title found, body blocks left."""
    sk = Skeleton()
    kept: list[str] = []
    after_end = False
    for line in lines:
        text = plain(line)
        if not text:
            kept.append("")
            continue
        counter = lexicon.COUNTER.match(text)
        if counter:
            if counter.group("label") in lexicon.PUBLISHED_COUNTER_LABELS:
                from archive.persian import latin_digits

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
        if after_end:
            # After the end marker only related-link headlines and widgets remain.
            sk.notes.append(f"dropped after end marker: {text[:60]}")
            continue
        kept.append(line)

    blocks = _strip_menus(split_blocks(kept), sk.notes)

    # Headline: the leading single-line blocks that are not sentences. Two of them = kicker + title;
    # a first line ending in ":" is a kicker too.
    heads: list[str] = []
    while blocks and len(heads) < 2:
        block = blocks[0]
        if len(block.lines) != 1 or len(block.text) > 160 or TERMINAL.search(block.text):
            break
        heads.append(block.text)
        blocks = blocks[1:]
    if len(heads) == 2:
        sk.kicker, sk.title = heads
    elif len(heads) == 1:
        sk.title = heads[0]
    sk.body = blocks
    return sk


def line_ceiling(blocks: list[Block]) -> int | None:
    """The wrap width of a hard-wrapped page, or None when lines run to their paragraph's end.

    Hard wrapping shows as a ceiling: lines never exceed ~W characters, and most lines come close to it.
    """
    lengths = [len(line) for block in blocks for line in block.lines]
    if len(lengths) < 4:
        return None
    width = max(lengths)
    if width > 200:
        return None
    full = sum(1 for n in lengths if n >= 0.7 * width)
    return width if full >= 0.5 * len(lengths) else None


def drop_repeats(blocks: list[Block], head: list[str], notes: list[str]) -> list[Block]:
    """Drop a block that repeats the title/kicker, and short pull-quotes repeated from the body."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        text = block.text
        if any(h and same_text(text, h) for h in head):
            notes.append(f"repeated headline dropped: {text[:60]}")
            continue
        if len(block.lines) == 1 and len(text) < 80 and len(text.split()) >= 3 and not TERMINAL.search(text):
            key = _key(text)
            others = (_key(b.text) for j, b in enumerate(blocks) if j != i)
            if key and any(key in other for other in others):
                notes.append(f"pull-quote dropped: {text[:60]}")
                continue
        out.append(block)
    return out


def join_paragraphs(blocks: list[Block], ceiling: int | None) -> list[str]:
    """Blocks into paragraphs.

    Without hard wrapping, every line is a paragraph. With it, the lines of a block are one text, and a
    block that does not end a sentence runs on into the next (captures put blank lines inside sentences).
    """
    if ceiling is None:
        return [line for block in blocks for line in block.lines]
    paragraphs: list[str] = []
    carry = ""
    for block in blocks:
        text = f"{carry} {block.text}".strip() if carry else block.text
        if TERMINAL.search(text):
            paragraphs.append(text)
            carry = ""
        else:
            carry = text
    if carry:
        paragraphs.append(carry)
    return paragraphs


def _opens_with_speech(sentence: str) -> bool:
    """A sentence that opens a reported-speech turn: "<subject> ... <verb>:" early in the sentence."""
    if sentence.startswith("به گزارش"):
        return True
    colon = sentence.find(":")
    if colon < 0 or colon > 160:
        return False
    before = sentence[:colon].rstrip()
    return any(before.endswith(verb) for verb in lexicon.SPEECH_VERBS)


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
