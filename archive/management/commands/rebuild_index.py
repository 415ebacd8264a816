"""`manage.py rebuild_index`: index the whole archive afresh (after a bulk change made without signals)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the database."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        count = rebuild_index()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"indexed {count} documents in {elapsed:.2f}s into {settings.SEARCH_INDEX_DIR}")
