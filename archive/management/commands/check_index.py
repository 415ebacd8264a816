"""`manage.py check_index [--dry-run]`: compare the search index with the database and repair the difference."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.search import sync


class Command(BaseCommand):
    help = (
        "Finish index work an interrupted process left (the outbox), then compare every article in the database "
        "with what the search index holds for it and reindex only those that differ."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report the difference, repair nothing")

    def handle(self, *args, **options) -> None:
        repair = not options["dry_run"]
        if repair:
            resumed = sync.drain()
            if resumed:
                self.stdout.write(f"finished index work left for {resumed} articles")
        elif sync.pending():
            self.stdout.write(f"index work recorded and not yet done: {sync.pending()} articles")
        try:
            difference = sync.check(repair=repair) if repair else sync.compare()
        except NotImplementedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(difference.describe())
        if difference:
            self.stdout.write(f"reindexed {len(difference.articles)} articles" if repair else "nothing repaired")
            if not repair:
                raise CommandError("the index and the database disagree")
