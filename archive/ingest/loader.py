"""Parsed pages into the database: one transaction per page, idempotent, updating in place."""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils.text import slugify

from archive.attribution.rules import RULES_VERSION as ATTRIBUTION_RULES
from archive.attribution.store import (
    attribute_article,
    attribution_suspended,
    current_attributor,
    person_entries,
    reattribute,
)
from archive.database_busy import database_busy
from archive.ingest import editorial
from archive.ingest.page import PageError, ParsedPage, SourceRef
from archive.ingest.parser import decode_page, parse_page, with_stated_date
from archive.models import Article, ArticleSource, Comment, Origin, Outlet, Paragraph
from archive.persian import TEXT_POLICY_VERSION, words_kept_as_typed
from archive.search import sync
from archive.slugs import unique_slug

log = logging.getLogger("archive.ingest")

# Bump when parsing rules change, so the next import refreshes pages whose bytes did not change.
PARSER_VERSION = "3"
# Seconds one page may take (parse, attribution, save) before it is failed and the import goes on.
PAGE_TIMEOUT = 60.0


# A captured news page is tens of kilobytes (10,000 comments ≈ 1 MB); anything far larger is not a page, and
# reading and parsing it would only cost memory and minutes.
MAX_PAGE_BYTES = 5 * 1024 * 1024
# Pages imported between two search-index commits (see import_paths).
INDEX_BATCH = 200
# Writes that meet a momentarily locked database (another importer, an admin save) are retried.
WRITE_ATTEMPTS = 4


@dataclass
class ImportResult:
    path: Path
    status: str  # "created", "updated", "unchanged", "failed"
    article: Article | None = None
    message: str = ""
    report: dict | None = None  # the page's import report (read / guessed / dropped), when it was parsed


class PageTimeout(Exception):
    """A page took longer than the importer's per-page budget."""


@contextmanager
def time_budget(seconds: float | None):
    """Raise PageTimeout in this block after `seconds` of this process's CPU time (main thread only: elsewhere
    there is no timer signal).

    CPU time, not the wall clock, so a loaded machine never fails a page that is merely waiting for a core. The
    block must be pure computation: the exception arrives between any two bytecodes, and one landing inside a
    lock held by logging or the database driver would leave it held.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise PageTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _signature(data: bytes, facts: editorial.PageFacts | None) -> str:
    digest = hashlib.sha256(data)
    digest.update(PARSER_VERSION.encode())
    digest.update(ATTRIBUTION_RULES.encode())  # new attribution rules re-attribute pages whose bytes did not change
    digest.update(TEXT_POLICY_VERSION.encode())  # a new display policy re-cleans them
    if facts:
        digest.update(json.dumps([facts.url, facts.date and facts.date.__dict__], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def outlet_named(name: str | None) -> Outlet | None:
    """The outlet of that name; one the fixtures do not know is created from the name (the importer and
    load_archive share this, so a page and its restored export get the same outlet)."""
    if not name:
        return None
    outlet = Outlet.objects.filter(name=name).first()
    if outlet is None:
        # Named by the page but not in the fixtures: kept, so an editor can complete it in the admin.
        name = _fitted(Outlet, "name", name, "outlet name", [])
        outlet, _ = Outlet.objects.get_or_create(slug=_outlet_slug(name), defaults={"name": name})
    return outlet


def _outlet_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70] or "outlet"
    slug, n = base, 2
    while Outlet.objects.filter(slug=slug).exclude(name=name).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def outlet_read(ref: SourceRef | None, article: Article) -> Outlet | None:
    """The outlet a page names: a known one as it is (none if an editor rejected it: «not an outlet»), or a
    new one found in text with the kind its cue word gives, its name with and without the cue word, and the
    sentence it was read from. A found outlet seen again with a cue word learns its kind."""
    if ref is None:
        return None
    outlet = Outlet.objects.filter(name=ref.name).first()
    if outlet is None:
        outlet = Outlet.objects.create(
            slug=_outlet_slug(ref.name),
            name=ref.name,
            kind=ref.kind or Outlet.Kind.OTHER,
            aliases=[a for a in ref.aliases if a and a != ref.name],
            origin=Origin.FOUND,
            found_sentence=ref.sentence,
            found_in=article,
        )
    elif outlet.origin == Origin.FOUND and ref.kind and outlet.kind == Outlet.Kind.OTHER:
        outlet.kind = ref.kind
        outlet.save(update_fields=["kind"])
    return None if outlet.origin == Origin.REJECTED else outlet


class PageImporter:
    """Imports pages with the fixtures and people known when it was built."""

    def __init__(self, fixtures_dir: Path, page_timeout: float | None = PAGE_TIMEOUT) -> None:
        self.page_timeout = page_timeout
        # Saving the fixture people must not re-attribute every article per person (see archive.people); pages
        # this import leaves unchanged are re-attributed here when the people did change.
        with attribution_suspended():
            before = person_entries()
            editorial.sync_outlets_and_people(fixtures_dir)
        self.facts = editorial.load_page_facts(fixtures_dir)
        self.outlets = editorial.known_outlets()
        people = person_entries()
        # People's names are spelled as the editor's fixtures spell them: never given a ZWNJ (the surname
        # `کوهکن` is not the dictionary's `کوه‌کن`).
        self.names = [name for person in people for name in person.names]
        self.people_changed = sorted(people, key=lambda p: p.key) != sorted(before, key=lambda p: p.key)
        self.attributor = current_attributor()

    def import_file(self, path: Path) -> ImportResult:
        refusal = _unstorable_name(path.name)
        if refusal:
            return ImportResult(path, "failed", message=refusal)
        try:
            size = path.stat().st_size
            if size > MAX_PAGE_BYTES:
                return ImportResult(
                    path, "failed", message=f"too large for a page ({size:,} bytes; the limit is {MAX_PAGE_BYTES:,})"
                )
            data = path.read_bytes()
        except OSError as error:
            return ImportResult(path, "failed", message=f"cannot read: {error.strerror or error}")
        facts = self.facts.get(path.name)
        signature = _signature(data, facts)
        existing = Article.objects.filter(source_file=path.name).first()
        if existing and existing.import_signature == signature:
            if self.people_changed:
                reattribute([existing], self.attributor)
            return ImportResult(path, "unchanged", existing)
        try:
            # The parse is where a pathological page costs; the save is bounded by the database's own timeout.
            with time_budget(self.page_timeout), words_kept_as_typed(self.names):
                text = decode_page(data)
                if "\x00" in text:
                    # Checked on the whole file (decode_page looks at its start): PostgreSQL cannot store a NUL
                    # at all, SQLite can, and both databases must accept the same pages.
                    raise PageError(f"binary file (a NUL byte at byte {data.index(0):,}; a text page has none)")
                page = parse_page(text, self.outlets)
                editor_years = [int(facts.date.jalali[:4])] if facts and facts.date else []
                with_stated_date(page, editor_years)
            article, status = self._save_with_retry(path.name, data, page, facts, signature)
        except PageError as error:
            return ImportResult(path, "failed", message=str(error))
        except PageTimeout:
            log.error("%s: stopped after %s s", path.name, self.page_timeout)
            return ImportResult(
                path,
                "failed",
                message=(
                    f"took longer than {self.page_timeout:g} s of CPU time to read (--page-timeout): "
                    "stopped, nothing of it was saved"
                ),
            )
        except DatabaseError as error:
            # The page's transaction rolled back whole; report it and go on with the other files.
            log.exception("%s: database error while saving", path.name)
            return ImportResult(path, "failed", message=f"database error, nothing of this page was saved: {error}")
        if (not page.outlet_known and page.outlet) or any(not s.known for s in page.sources):
            self.outlets = editorial.known_outlets()  # outlets found in this page are known to the next
        for note in page.notes:
            log.info("%s: %s", path.name, note)
        return ImportResult(path, status, article, report=article.import_report)

    def _save_with_retry(
        self, name: str, data: bytes, page: ParsedPage, facts: editorial.PageFacts | None, signature: str
    ) -> tuple[Article, str]:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return self._save(name, data, page, facts, signature)
            except IntegrityError:
                # Another importer created this page between our look-up and our insert: the next attempt
                # finds its row and updates it in place.
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
            except OperationalError as error:
                if not database_busy(error) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                log.warning("%s: database locked, retrying (%d/%d)", name, attempt + 1, WRITE_ATTEMPTS)
                time.sleep(0.25 * 2**attempt)
        raise AssertionError("unreachable")

    @transaction.atomic
    def _save(
        self, name: str, data: bytes, page: ParsedPage, facts: editorial.PageFacts | None, signature: str
    ) -> tuple[Article, str]:
        """The page written, and what that was: "created", "updated", or "unchanged" when another importer
        wrote these very bytes since import_file looked (so two importers of one folder count each page once)."""
        # Looked up again inside the transaction (and locked on PostgreSQL): another process may have written
        # this page since import_file looked.
        existing = Article.objects.select_for_update().filter(source_file=name).first()
        if existing and existing.import_signature == signature:
            return existing, "unchanged"
        article = existing or Article(source_file=name)
        if not article.slug:
            article.slug = unique_slug(
                name, page.title, lambda slug: Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
            )
        article.raw = data.decode("utf-8")
        article.sha256 = hashlib.sha256(data).hexdigest()
        article.import_signature = signature
        article.kicker = _fitted(Article, "kicker", page.kicker, "kicker", page.notes)
        article.title = _fitted(Article, "title", page.title, "title", page.notes)
        article.lead = page.lead
        article.truncated = page.truncated
        article.news_code = page.news_code
        article.needs_editor = bool(page.needs_editor)
        article.url = _fitted(Article, "url", page.url or (facts.url if facts else ""), "url", page.notes)
        article.outlet = outlet_read(page.outlet_ref, article if article.pk else None)
        article.set_date(page.stated_date or (facts.date if facts else None))
        article.published_time = page.stated_time if page.stated_date else ""
        report = page.report()
        if not page.stated_date and facts and facts.date:
            report["read"].append(f"date: from the editor's fixture ({facts.date.basis}, {facts.date.precision})")
        article.import_report = report
        article.save()

        # Children are replaced whole: a page is the unit of truth.
        article.paragraphs.all().delete()
        article.sources.all().delete()
        article.comments.all().delete()
        subheads = set(page.subheads)
        Paragraph.objects.bulk_create(
            Paragraph(article=article, position=i, text=t, subhead=i in subheads) for i, t in enumerate(page.paragraphs)
        )
        sources = [(outlet_read(ref, article), ref.relation) for ref in page.sources]
        for position, (outlet, relation) in enumerate((o, r) for o, r in sources if o is not None):
            ArticleSource.objects.create(article=article, outlet=outlet, position=position, relation=relation)
        if article.outlet is not None and article.outlet.found_in is None and article.outlet.origin == Origin.FOUND:
            Outlet.objects.filter(pk=article.outlet.pk).update(found_in=article)
        by_n: dict[int, Comment] = {}
        for parsed in page.comments:  # parents come before their replies on the page
            by_n[parsed.n] = Comment.objects.create(
                article=article,
                position=parsed.n,
                author=_fitted(Comment, "author", parsed.author, f"comment {parsed.n}'s author", page.notes),
                posted=parsed.posted,
                body=parsed.body,
                parent=by_n.get(parsed.parent) if parsed.parent else None,
            )
        attribute_article(article, self.attributor)
        # The index's outbox row, in this page's transaction: whatever stops the import after the commit, the
        # next drain indexes the page (archive.search.sync).
        sync.record([article.pk])
        return article, "updated" if existing else "created"


def import_paths(
    paths: Iterable[Path],
    fixtures_dir: Path,
    progress: Callable[[ImportResult], None] | None = None,
    page_timeout: float | None = PAGE_TIMEOUT,
    index: bool = True,
) -> list[ImportResult]:
    """Import every page file under `paths` (files, or folders of *.txt), reporting each as it goes.

    The search index follows in batches of INDEX_BATCH pages rather than page by page: one index commit costs
    more than a page's documents, so per-page updates were most of an import's time. Each page's transaction
    records its index work (the outbox), so index work an interrupted import left undone is done first; and
    "unchanged" is never trusted for the index: at the end every article of the run is compared with the
    index and any difference reindexed.

    `index=False` leaves the index alone (a bulk load followed by `rebuild_index`, which does the recorded work).
    """
    from archive.search.analysis import use_bulk_caches
    from archive.search.signals import deferred_indexing, flush_deferred

    if index:
        use_bulk_caches()  # a run of pages is indexed here: their spellings recur
        from archive.search import ensure_index

        ensure_index()  # a missing or broken index is rebuilt here, before pages are indexed into it
    resumed = sync.drain() if index else 0
    if resumed:
        log.warning("indexed %d articles an interrupted run left unindexed", resumed)
    results = []
    seen: list[int] = []
    with deferred_indexing() as touched:
        importer = PageImporter(fixtures_dir, page_timeout)
        for count, path in enumerate(expand(paths), start=1):
            result = importer.import_file(path)
            if progress:
                progress(result)
            if result.article is not None:
                seen.append(result.article.pk)
            results.append(replace(result, article=_light(result.article), report=None))
            if not index:
                touched.clear()
            elif count % INDEX_BATCH == 0:
                flush_deferred()
    if seen and index:
        sync.check(repair=True, article_ids=seen)
    return results


def _unstorable_name(name: str) -> str:
    """Why a file name cannot be stored as an article's source (checked before the database sees it), or ""."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8 (rename the file)"
    limit = Article._meta.get_field("source_file").max_length
    if len(name) > limit:
        return f"the file name is {len(name)} characters long; at most {limit} are kept (rename the file)"
    return ""


def _fitted(model: type, field: str, value: str, what: str, notes: list[str]) -> str:
    """`value` within the column's length: a longer one is cut at a word (the same on SQLite, which would
    keep it whole, and PostgreSQL, which would refuse the page), and the cut noted."""
    limit = model._meta.get_field(field).max_length
    if not value or len(value) <= limit:
        return value
    cut = value[: limit - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    notes.append(f"{what} cut to {len(cut) + 1} of its {len(value):,} characters")
    return cut.rstrip() + "…"


_LIGHT_FIELDS = frozenset({"id", "slug", "title", "source_file"})


def _light(article: Article | None) -> Article | None:
    """The same article holding only its id, slug, title and file name; any other field loads when read.

    A long import keeps one result per page: with the full instances (raw page text, parsed rows) an importer
    grew past 900 MB over 50,000 pages."""
    if article is None:
        return None
    # from_db takes the values in the model's field order.
    names = [f.attname for f in Article._meta.concrete_fields if f.attname in _LIGHT_FIELDS]
    return Article.from_db(article._state.db, names, [getattr(article, name) for name in names])


def expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files
