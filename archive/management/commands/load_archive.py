"""manage.py load_archive FILE: rebuild the archive from an export_archive JSON file (the restore half of a backup).

Everything happens in one transaction: a file that fails half-way changes nothing. Loading the same file twice
changes nothing the second time, and `export_archive` afterwards gives back the file's own records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from archive.ingest.editorial import FixtureError, sync_outlets_and_people
from archive.ingest.loader import outlet_named
from archive.jalali import DateSpec
from archive.models import Appearance, Article, ArticleSource, Comment, Paragraph, Person, Statement


class ExportFormatError(ValueError):
    """The file is not an export_archive document; the message says where and why."""


def _person(name: str) -> Person:
    person = Person.objects.filter(name=name).first()
    if person is None:
        person, _ = Person.objects.get_or_create(
            slug=slugify(name, allow_unicode=True)[:70] or "person", defaults={"name": name}
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


def load_article(record: dict[str, Any], raw_by_hash: dict[str, str]) -> Article:
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
    article.outlet = outlet_named(record["outlet"])
    article.kicker, article.title, article.lead = record["kicker"], record["title"], record["lead"]
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
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(article=article, position=i, text=text) for i, text in enumerate(record["paragraphs"])
    )
    for position, name in enumerate(record["sources"]):
        ArticleSource.objects.create(article=article, outlet=outlet_named(name), position=position)
    for entry in record["people"]:
        Appearance.objects.create(
            article=article, person=_person(entry["name"]), role=entry["role"], quoted=entry["quoted"]
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
        posted = dt.datetime.strptime(entry["posted_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        by_n[entry["n"]] = Comment.objects.create(
            article=article,
            position=entry["n"],
            author=entry["author"],
            posted=posted,
            body=entry["body"],
            parent=by_n[entry["parent"]] if entry["parent"] is not None else None,
        )
    return article


@transaction.atomic
def load_archive(document: Any, fixtures_dir: Path, pages_dir: Path | None = None) -> dict[str, int]:
    """Make the archive hold exactly the document's articles; returns counts of what was done."""
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise ExportFormatError('expected an object with an "articles" list (the output of export_archive)')
    sync_outlets_and_people(fixtures_dir)
    raw_by_hash = _raw_pages(pages_dir)
    wanted = set()
    for index, record in enumerate(document["articles"]):
        try:
            wanted.add(load_article(record, raw_by_hash).pk)
        except (KeyError, TypeError, ValueError, IndexError, IntegrityError) as error:
            name = record.get("source_file", f"#{index}") if isinstance(record, dict) else f"#{index}"
            raise ExportFormatError(f"article {name}: {type(error).__name__}: {error}") from None
    removed, _ = Article.objects.exclude(pk__in=wanted).delete()
    without_raw = Article.objects.filter(raw="").count()
    return {"articles": len(wanted), "removed": removed, "without_raw": without_raw}


class Command(BaseCommand):
    help = "Rebuild the archive from an export_archive JSON file, in one transaction (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a file written by export_archive")
        parser.add_argument(
            "--pages", type=Path, default=None, help="folder of raw pages to restore raw text from (matched by SHA-256)"
        )
        parser.add_argument("--fixtures", type=Path, default=settings.FIXTURES_DIR, help="editorial fixtures folder")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            document = json.loads(path.read_bytes().decode("utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot read: {error.strerror or error}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not a JSON export: {error}") from None
        try:
            counts = load_archive(document, options["fixtures"], options["pages"])
        except (ExportFormatError, FixtureError) as error:
            raise CommandError(f"{path}: {error}; nothing was changed") from None
        self.stdout.write(
            f"loaded {counts['articles']} articles from {path.name}; removed {counts['removed']} objects "
            f"not in the file; {counts['without_raw']} articles without their raw page"
        )
        # The search index follows the database; rebuild it when the search app offers the command.
        if "rebuild_index" in get_commands():
            call_command("rebuild_index", stdout=self.stdout, stderr=self.stderr)
