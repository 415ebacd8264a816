"""`manage.py rebuild_index`: index the whole archive afresh (after a bulk change made without signals)."""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.search import sync

# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_FROM_ARTICLES = 2000


def default_processes() -> int:
    """One worker per core for a large archive, one process for a small one."""
    from archive.models import Article

    if Article.objects.count() < PARALLEL_FROM_ARTICLES:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Rebuild the search index from the database."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help=f"worker processes analysing documents (default: one per core from {PARALLEL_FROM_ARTICLES} "
            "articles up, else 1)",
        )

    def handle(self, *args, **options) -> None:
        processes = options["processes"] if options["processes"] is not None else default_processes()
        if processes < 1:
            raise CommandError("--processes must be 1 or more")
        started = time.perf_counter()
        count = sync.rebuild(processes=processes)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"indexed {count} documents in {elapsed:.2f}s into {settings.SEARCH_INDEX_DIR}"
            + (f" ({processes} processes)" if processes > 1 else "")
        )
