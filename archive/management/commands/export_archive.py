"""manage.py export_archive: the whole archive as JSON (UTF-8) on stdout."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from archive.exporting import export_archive


class Command(BaseCommand):
    help = "Write the whole archive as JSON to stdout (UTF-8, stable schema)."

    def add_arguments(self, parser):
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args, **options):
        text = json.dumps(export_archive(), ensure_ascii=False, indent=options["indent"] or None)
        self.stdout.write(text)
