"""`manage.py search "QUERY" [--speaker ..] [--outlet ..] [--from ..] [--to ..] [--kind ..] [--sort ..] [--page ..]
[--json]`: the same search as the page and the API, from the shell."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError

from archive.search import read_search_request
from archive.search.vocabulary import DEFAULT_SORT, SORTS

_MARK = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = "Search the archive (same query language, parameters, errors and JSON as GET /api/search)."

    def add_arguments(self, parser) -> None:
        # Values are read by archive.search.parameters, as the page's and the API's are: argparse only collects
        # them (its own type= or choices= checks would answer other errors than the API's for the same input).
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--speaker", action="append")
        parser.add_argument("--outlet", action="append")
        parser.add_argument("--from", dest="from", help="Jalali day, month or year: 1397-03-07, ۱۳۹۷/۰۳ or 1397")
        parser.add_argument("--to", dest="to")
        parser.add_argument("--kind", action="append", help="article, comment or statement")
        parser.add_argument("--sort", help=f"{', '.join(SORTS)} (default {DEFAULT_SORT})")
        parser.add_argument("--page")
        parser.add_argument("--per-page", dest="per_page")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, **options) -> None:
        from archive.search import ensure_index

        wanted, problems = read_search_request({**options, "q": options["query"]})
        if problems:
            raise CommandError("\n".join(problem.message for problem in problems))
        ensure_index()  # a command, not a request: a missing or broken index is rebuilt here first
        results = wanted.search()
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
