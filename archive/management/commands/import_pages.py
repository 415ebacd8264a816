"""manage.py import_pages [PATH ...]: import captured pages (default: seeds/), idempotently."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.editorial import FixtureError
from archive.ingest.loader import ImportResult, import_paths


class Command(BaseCommand):
    help = "Import captured news pages (files or folders; default seeds/). Unchanged pages are skipped."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="page files or folders of pages")
        parser.add_argument("--fixtures", type=Path, default=settings.FIXTURES_DIR, help="editorial fixtures folder")

    def handle(self, *args, **options):
        paths = options["paths"] or [settings.SEEDS_DIR]
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise CommandError("no such file or folder: " + ", ".join(map(str, missing)))

        def progress(result: ImportResult) -> None:
            if result.status == "failed":
                self.stderr.write(self.style.ERROR(f"failed     {result.path}: {result.message}"))
            else:
                title = result.article.title if result.article else ""
                self.stdout.write(f"{result.status:<10} {result.path.name}  {title}")

        try:
            results = import_paths(paths, options["fixtures"], progress)
        except FixtureError as error:
            raise CommandError(f"fixtures: {error}") from None
        failed = [r for r in results if r.status == "failed"]
        counts = {s: sum(r.status == s for r in results) for s in ("created", "updated", "unchanged", "failed")}
        self.stdout.write(", ".join(f"{n} {s}" for s, n in counts.items()))
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(results)} files failed: " + ", ".join(r.path.name for r in failed)
            )
