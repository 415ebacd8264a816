"""manage.py load_archive FILE [--pages DIR] [--fixtures DIR]: restore the archive from an export_archive file.

The restore itself (one transaction, idempotent, the index rebuilt once) is archive.ingest.restore; this
command reads its arguments and reports.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.editorial import FixtureError
from archive.ingest.restore import ExportFormatError, read_export, restore_archive


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
            counts = restore_archive(read_export(path), options["fixtures"], options["pages"])
        except (ExportFormatError, FixtureError) as error:
            raise CommandError(f"{path}: {error}; nothing was changed") from None
        self.stdout.write(
            f"loaded {counts['articles']} articles from {path.name}; removed {counts['removed']} objects "
            f"not in the file; {counts['without_raw']} articles without their raw page; search index rebuilt"
        )
