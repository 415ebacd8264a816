"""Restore the archive from an export_archive document (the restore half of a backup).

    counts = restore_archive(read_export(path), settings.FIXTURES_DIR, pages_dir)

Everything happens in one transaction: a document that fails half-way changes nothing. Restoring the same
document twice changes nothing the second time, and `export_archive` afterwards gives back the document's own
records. Raw pages are not in an export, only their SHA-256: they are recovered from a folder of pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from archive.attribution.store import attribution_suspended
from archive.ingest.editorial import sync_outlets_and_people
from archive.ingest.loader import outlet_named
from archive.jalali import DateSpec
from archive.models import Appearance, Article, ArticleSource, Comment, Origin, Outlet, Paragraph, Person, Statement

log = logging.getLogger("archive.ingest")


class ExportFormatError(ValueError):
    """The file is not an export_archive document; the message says where and why."""


def _person(name: str, origin: str | None = None) -> Person:
    """The person of that name; one created here keeps the origin it was exported with (found / confirmed)."""
    person = Person.objects.filter(name=name).first()
    if person is None:
        defaults = {"name": name, "origin": origin or Origin.CONFIRMED}
        person, _ = Person.objects.get_or_create(
            slug=slugify(name, allow_unicode=True)[:70] or "person", defaults=defaults
        )
    return person


def _date(published: dict[str, Any] | None) -> DateSpec | None:
    if not published:
        return None
    return DateSpec(
        jalali=published["jalali"],
        precision=published["precision"],
        basis=published["basis"],
        until_jalali=published.get("until_jalali"),
    )


def _raw_pages(folder: Path | None) -> dict[str, str]:
    """sha256 → text of every readable page under `folder`: the raw page is not in the export, only its hash."""
    pages: dict[str, str] = {}
    if folder is None:
        return pages
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            pages[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return pages


def _restore_article(record: dict[str, Any], raw_by_hash: dict[str, str]) -> Article:
    article = Article.objects.filter(source_file=record["source_file"]).first() or Article(
        source_file=record["source_file"]
    )
    article.slug = record["slug"]
    article.sha256 = record["sha256"]
    # Keep a raw page we already hold when its hash matches; else take one from --pages; else leave it empty.
    if not (article.raw and hashlib.sha256(article.raw.encode()).hexdigest() == record["sha256"]):
        article.raw = raw_by_hash.get(record["sha256"], "")
        # An empty signature makes the next import_pages re-parse the page instead of trusting this record.
        article.import_signature = ""
    article.url = record["url"] or ""
    existed = not record["outlet"] or Outlet.objects.filter(name=record["outlet"]).exists()
    article.outlet = outlet_named(record["outlet"])
    if not existed and record.get("outlet_origin"):  # created from the name: it keeps its exported origin
        article.outlet.origin = record["outlet_origin"]
        article.outlet.save(update_fields=["origin"])
    article.kicker, article.title, article.lead = record["kicker"], record["title"], record["lead"]
    article.news_code = record.get("news_code") or ""
    article.published_time = record.get("published_time") or ""
    article.needs_editor = bool(record.get("needs_editor"))
    # The export leaves out an inferred date's confidence and note: keep ours when the exported part agrees.
    date = _date(record["published"])
    current = article.date_spec
    if (
        date is None
        or current is None
        or (current.jalali, current.precision, current.basis, current.until_jalali)
        != (
            date.jalali,
            date.precision,
            date.basis,
            date.until_jalali,
        )
    ):
        article.set_date(date)
    article.save()

    article.paragraphs.all().delete()
    article.sources.all().delete()
    article.comments.all().delete()
    article.statements.all().delete()
    article.appearances.all().delete()
    subheads = set(record.get("subheads", []))
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(article=article, position=i, text=text, subhead=i in subheads)
        for i, text in enumerate(record["paragraphs"])
    )
    for position, name in enumerate(record["sources"]):
        ArticleSource.objects.create(article=article, outlet=outlet_named(name), position=position)
    for entry in record["people"]:
        Appearance.objects.create(
            article=article,
            person=_person(entry["name"], entry.get("origin")),
            role=entry["role"],
            quoted=entry["quoted"],
        )
    for entry in record.get("statements", []):
        Statement.objects.create(
            article=article,
            person=_person(entry["person"]),
            paragraph=paragraphs[entry["paragraph"]] if entry["paragraph"] is not None else None,
            part=entry["part"],
            start=entry["start"],
            end=entry["end"],
            text=entry["text"],
        )
    by_n: dict[int, Comment] = {}
    for entry in sorted(record["comments"], key=lambda c: c["n"]):
        posted = (
            dt.datetime.strptime(entry["posted_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            if entry["posted_utc"]
            else None
        )
        by_n[entry["n"]] = Comment.objects.create(
            article=article,
            position=entry["n"],
            author=entry["author"],
            posted=posted,
            body=entry["body"],
            parent=by_n[entry["parent"]] if entry["parent"] is not None else None,
        )
    return article


def restore_archive(document: Any, fixtures_dir: Path, pages_dir: Path | None = None) -> dict[str, int]:
    """Make the archive hold exactly the document's articles, in one transaction, and rebuild the search index
    once when it commits; returns counts of what was done. ExportFormatError (nothing changed) for a document
    that is not an export.

    The statements and appearances are the export's own: saving the fixture people and the export's people
    re-attributes nothing (as an import attributes each page itself)."""
    with attribution_suspended(), _index_once():
        return _restore(document, fixtures_dir, pages_dir)


def read_export(path: Path) -> Any:
    """The JSON document in the file at `path`; ExportFormatError when it cannot be read as one."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ExportFormatError(f"cannot read: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportFormatError(f"not a JSON export: {error}") from None


@contextmanager
def _index_once() -> Iterator[None]:
    """Suppress the per-article index work while the restore writes, and rebuild the whole index once after it
    commits (a restore rewrites every article: one rebuild costs less than one update each, and it did both).

    The save signals still collect what changed (archive.search.signals.deferred_indexing): that is dropped,
    as the rebuild reads it all. A restore that fails changed nothing, so it leaves the index alone."""
    from archive.search.signals import deferred_indexing

    with deferred_indexing() as touched:
        before = set(touched)  # collected by an enclosing block, if any: still theirs to index
        try:
            yield
        finally:
            touched.intersection_update(before)
    transaction.on_commit(_rebuild_index)  # at once when no transaction encloses the restore


def _rebuild_index() -> None:
    """The index rebuilt as `manage.py rebuild_index` does it (worker processes for a large archive)."""
    report = io.StringIO()
    call_command("rebuild_index", stdout=report)
    log.info("restore: %s", report.getvalue().strip())


@transaction.atomic
def _restore(document: Any, fixtures_dir: Path, pages_dir: Path | None) -> dict[str, int]:
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise ExportFormatError('expected an object with an "articles" list (the output of export_archive)')
    sync_outlets_and_people(fixtures_dir)
    raw_by_hash = _raw_pages(pages_dir)
    wanted = set()
    for index, record in enumerate(document["articles"]):
        try:
            wanted.add(_restore_article(record, raw_by_hash).pk)
        except (KeyError, TypeError, ValueError, IndexError, IntegrityError) as error:
            name = record.get("source_file", f"#{index}") if isinstance(record, dict) else f"#{index}"
            raise ExportFormatError(f"article {name}: {type(error).__name__}: {error}") from None
    removed, _ = Article.objects.exclude(pk__in=wanted).delete()
    without_raw = Article.objects.filter(raw="").count()
    return {"articles": len(wanted), "removed": removed, "without_raw": without_raw}
