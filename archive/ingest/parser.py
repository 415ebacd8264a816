"""Raw captured page → ParsedPage. Pure: no database, no file names; the rules hold for any page."""

from __future__ import annotations

from collections.abc import Iterable

from archive.ingest import citations, comments, dates, structure
from archive.ingest.citations import KnownOutlet
from archive.ingest.page import PageError, ParsedPage
from archive.persian import clean_line


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
    """Parse one captured page. Raises PageError for a page with no title or a malformed comment block."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    comment_start = comments.find_comment_start(lines)
    article_lines = lines if comment_start is None else lines[:comment_start]
    comment_lines = [] if comment_start is None else lines[comment_start:]

    sk = structure.build_skeleton(article_lines)
    if not sk.title:
        raise PageError("no title found (the page has no headline line before its text)")
    notes = list(sk.notes)

    body = structure.drop_repeats(sk.body, [sk.kicker, sk.title], notes)
    ceiling = structure.line_ceiling(body)
    paragraphs = structure.join_paragraphs(body, ceiling)
    if ceiling:
        notes.append(f"hard-wrapped at ~{ceiling} characters: lines joined into {len(paragraphs)} paragraphs")
        paragraphs = [piece for p in paragraphs for piece in structure.split_lost_breaks(p)]
    paragraphs = [clean_line(p) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise PageError("no article text under the title")
    lead, paragraphs = paragraphs[0], paragraphs[1:]
    paragraphs = [p for p in paragraphs if not structure.same_text(p, lead)]

    page = ParsedPage(
        title=clean_line(sk.title),
        kicker=clean_line(sk.kicker),
        lead=lead,
        paragraphs=paragraphs,
        declared_comment_count=sk.declared_comment_count,
        truncated=not structure.TERMINAL.search((paragraphs or [lead])[-1]),
        notes=notes,
    )

    matcher = citations.OutletMatcher(list(outlets))
    texts = [page.kicker, page.lead, *page.paragraphs]
    header_name, header_url = sk.print_header or (None, "")
    page.outlet, page.outlet_known = citations.find_publisher(matcher, header_name, page.lead, page.paragraphs)
    page.sources = citations.find_sources(matcher, texts, [clean_line(s) for s in sk.source_lines], page.outlet)
    if header_url:
        page.notes.append(f"print header names site {header_url}")

    if comment_lines:
        page.comments = comments.parse_comments(comment_lines, first_line_number=comment_start + 1)
    if page.declared_comment_count is not None and page.declared_comment_count != len(page.comments):
        page.notes.append(f"page says {page.declared_comment_count} comments, found {len(page.comments)}")
    return page


def with_stated_date(page: ParsedPage, editorial_years: list[int]) -> ParsedPage:
    """Fill `stated_date` from the text; years come from the comments first, then the editor's date."""
    hints = dates.comment_years([c.posted for c in page.comments])
    hints += [y for y in editorial_years if y not in hints]
    page.stated_date, notes = dates.find_stated_date([page.lead, *page.paragraphs], hints)
    page.notes.extend(notes)
    return page
