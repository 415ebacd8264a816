"""`manage.py search "QUERY" [--speaker ..] [--outlet ..] [--from ..] [--to ..] [--kind ..] [--sort ..] [--page ..]
[--json]`: the same search as the page and the API, from the shell."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError

from archive.search import SORTS, SearchParameterError, search

_MARK = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = "Search the archive (same query language and JSON as GET /api/search)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--speaker", action="append")
        parser.add_argument("--outlet", action="append")
        parser.add_argument("--from", dest="date_from", help="Jalali date: 1397-03-07, ۱۳۹۷/۰۳/۰۷ or 1397-03")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--kind", action="append", help="article, comment or statement")
        parser.add_argument("--sort", default="relevance", choices=SORTS)
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--per-page", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, **options) -> None:
        try:
            results = search(
                options["query"],
                speaker=options["speaker"],
                outlet=options["outlet"],
                date_from=options["date_from"],
                date_to=options["date_to"],
                kind=options["kind"],
                sort=options["sort"],
                page=options["page"],
                per_page=options["per_page"],
            )
        except SearchParameterError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{results.total} hits (page {results.page} of {results.pages})")
        for note in results.notes:
            self.stdout.write(f"  note: {note}")
        if results.suggestion:
            self.stdout.write(f"  did you mean: {results.suggestion}")
        for hit in results.hits:
            where = f"¶{hit.paragraph}" if hit.paragraph is not None else (f"#{hit.comment}" if hit.comment else "")
            self.stdout.write(f"{hit.score:7.2f}  {hit.kind:9} {hit.article} {where}")
            self.stdout.write(f"         {_MARK.sub('|', hit.snippet)}")
