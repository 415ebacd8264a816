"""Raw captured page → ParsedPage. Pure: no database, no file names; the rules hold for any page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from archive.ingest import citations, comments, dates, lexicon, structure
from archive.ingest.citations import KnownOutlet
from archive.ingest.page import PageError, ParsedPage
from archive.persian import clean_line, latin_digits


def decode_page(data: bytes) -> str:
    """Bytes of a captured page → text, or PageError saying why it cannot be a page."""
    if not data.strip():
        raise PageError("empty file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise PageError("UTF-16 text (save the page as UTF-8)")
    if b"\x00" in data[:65536]:
        raise PageError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PageError(f"not UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r})") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\r\t")
    if controls > 0.01 * min(len(text), 65536):
        raise PageError("binary file (too many control characters)")
    return text.removeprefix("\ufeff")


def parse_page(text: str, outlets: Iterable[KnownOutlet] = ()) -> ParsedPage:
    """Parse one captured page. Any page with text parses; what could not be read is flagged, not fatal."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A comment list starts below the article's first sentence (a dateline under the headline looks like a
    # comment time); a page with no sentence at all may be comments alone.
    first_sentence = next((i for i, line in enumerate(lines) if structure.is_sentence(structure.plain(line))), None)
    comment_start = comments.find_comment_start(lines, after=0 if first_sentence is None else first_sentence + 1)
    article_lines = lines if comment_start is None else lines[:comment_start]
    comment_lines = [] if comment_start is None else lines[comment_start:]

    sk = structure.build_skeleton(article_lines)
    notes = list(sk.notes)
    needs_editor: list[str] = []
    if not sk.title:
        needs_editor.append("no headline found: the capture starts at the lead; title left empty")

    body = structure.drop_repeats(sk.body, [sk.kicker, sk.title], notes)
    ceiling = structure.line_ceiling(body)
    structure.mark_subheads(body, ceiling)
    pieces = structure.join_paragraphs(body, ceiling)
    if ceiling:
        notes.append(f"hard-wrapped at ~{ceiling} characters: lines joined into {len(pieces)} paragraphs")
        pieces = [(p, sub) for text_, sub in pieces for p in ([text_] if sub else structure.split_lost_breaks(text_))]
    pieces = [(clean_line(p), sub) for p, sub in pieces]
    pieces = [(p, sub) for p, sub in pieces if p]
    lead = ""
    if pieces:
        (lead, _), pieces = pieces[0], pieces[1:]
    lead_key = structure.text_key(lead)
    pieces = [(p, sub) for p, sub in pieces if structure.text_key(p) != lead_key]
    if not lead:
        needs_editor.append("no article text")

    paragraphs = [p for p, _ in pieces]
    page = ParsedPage(
        title=clean_line(sk.title),
        kicker=clean_line(sk.kicker),
        lead=lead,
        paragraphs=paragraphs,
        subheads=[i for i, (_, sub) in enumerate(pieces) if sub],
        declared_comment_count=sk.declared_comment_count,
        truncated=bool(lead) and not structure.TERMINAL.search((paragraphs or [lead])[-1]),
        news_code=sk.news_code,
        line_dates=list(sk.dates),
        dropped=list(sk.dropped),
        needs_editor=needs_editor,
        notes=notes,
    )
    if page.truncated:
        page.guessed.append("the text ends mid-sentence: marked truncated")

    matcher = citations.OutletMatcher(list(outlets))
    texts = [page.kicker, page.lead, *page.paragraphs]
    header_name, header_url = sk.print_header or (None, "")
    page.outlet_ref = citations.publisher_ref(matcher, header_name, page.lead, page.paragraphs)
    page.outlet = page.outlet_ref.name if page.outlet_ref else None
    page.outlet_known = bool(page.outlet_ref and page.outlet_ref.known)
    page.sources = citations.find_sources(matcher, texts, [clean_line(s) for s in sk.source_lines], page.outlet)
    if header_url:
        page.notes.append(f"print header names site {header_url}")

    for line in comment_lines:  # the list's own counter ("انتشار یافته: ۳") may stand under its header
        counter = lexicon.COUNTER.match(structure.plain(line))
        if (
            counter
            and counter.group("label") in lexicon.PUBLISHED_COUNTER_LABELS
            and page.declared_comment_count is None
        ):
            page.declared_comment_count = int(latin_digits(counter.group("n")))
    if comment_lines:
        comment_notes: list[str] = []
        page.comments = comments.parse_comments(comment_lines, comment_start + 1, comment_notes)
        page.notes.extend(comment_notes)
        if comment_notes:
            page.needs_editor.append(f"the comment list needs a look ({len(comment_notes)} notes)")
        if any(c.parent for c in page.comments):
            page.guessed.append("replies placed under the comment they answer, from the comments' order and times")
    if page.declared_comment_count is not None and page.declared_comment_count != len(page.comments):
        page.notes.append(f"page says {page.declared_comment_count} comments, found {len(page.comments)}")
    return page


def with_stated_date(page: ParsedPage, editorial_years: list[int], today: dt.date | None = None) -> ParsedPage:
    """Fill `stated_date` (and `stated_time`) from the page: its labelled publication line, else its dateline,
    else a date its text ties to the day ("امروز ..."). Years for a date without one come from the comments
    first, then the editor's date. A date in the site's frame is only a bound; see dates.choose_stated."""
    times = [c.posted for c in page.comments if c.posted is not None]
    hints = dates.comment_years(times)
    hints += [y for y in editorial_years if y not in hints]
    in_text, notes = dates.find_stated_date([page.lead, *page.paragraphs], hints)
    page.notes.extend(notes)
    chosen = dates.choose_stated(page.line_dates, in_text, times, today)
    page.stated_date, page.stated_time = chosen.date, chosen.time
    page.notes.extend(chosen.notes)
    page.guessed.extend(chosen.guessed)
    return page
