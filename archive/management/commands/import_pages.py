"""manage.py import_pages [PATH ...]: import captured pages (default: seeds/), idempotently."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.editorial import FixtureError
from archive.ingest.loader import PAGE_TIMEOUT, ImportResult, import_paths


def report_line(result: ImportResult) -> dict:
    """One file's line of `--report`: its status and, for a page, what was read, guessed and dropped."""
    line = {"file": str(result.path), "status": result.status}
    if result.message:
        line["error"] = result.message
    report = result.report
    if report is None and result.article is not None:
        report = result.article.import_report  # an unchanged page: the report of its last import
    if result.article is not None:
        line["slug"] = result.article.slug
    if report:
        line.update(report)
    return line


class Command(BaseCommand):
    help = "Import captured news pages (files or folders; default seeds/). Unchanged pages are skipped."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="page files or folders of pages")
        parser.add_argument("--fixtures", type=Path, default=settings.FIXTURES_DIR, help="editorial fixtures folder")
        parser.add_argument(
            "--report",
            action="store_true",
            help="one JSON line per file: status, what was read, guessed and dropped (instead of progress lines)",
        )
        parser.add_argument(
            "--page-timeout",
            type=float,
            default=PAGE_TIMEOUT,
            metavar="SECONDS",
            help=f"fail a page that takes longer than this and go on (default {PAGE_TIMEOUT:g}; 0 = no limit)",
        )

    def handle(self, *args, **options):
        paths = options["paths"] or [settings.SEEDS_DIR]
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise CommandError("no such file or folder: " + ", ".join(map(str, missing)))

        def progress(result: ImportResult) -> None:
            if options["report"]:
                self.stdout.write(json.dumps(report_line(result), ensure_ascii=False))
                return
            if result.status == "failed":
                self.stderr.write(self.style.ERROR(f"failed     {result.path}: {result.message}"))
            else:
                title = result.article.title if result.article else ""
                self.stdout.write(f"{result.status:<10} {result.path.name}  {title}")

        try:
            results = import_paths(paths, options["fixtures"], progress, options["page_timeout"] or None)
        except FixtureError as error:
            raise CommandError(f"fixtures: {error}") from None
        failed = [r for r in results if r.status == "failed"]
        counts = {s: sum(r.status == s for r in results) for s in ("created", "updated", "unchanged", "failed")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        (self.stderr if options["report"] else self.stdout).write(summary)
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(results)} files failed: " + ", ".join(r.path.name for r in failed)
            )
