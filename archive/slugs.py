"""Article slugs that cannot break a page: never empty, never shared, always within the column.

A slug comes from the file name (`002_telegram.txt` → `002-telegram`), else from the title, else from a hash
of the file name (a file named `###.txt` with no title letters); a slug another article holds gets a number
(`page_1.txt` and `page-1.txt` → `page-1`, `page-1-2`). Used by the importer and by the migration that
repairs slugs already in a database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import PurePath

from django.utils.text import slugify

MAX_LENGTH = 120  # Article.slug's column
_SUFFIX_ROOM = 8  # "-" and a number, or "-" and a short hash


def base_slug(source_file: str, title: str = "") -> str:
    """The slug an article would have with no other article in the way."""
    room = MAX_LENGTH - _SUFFIX_ROOM
    for text in (PurePath(source_file).stem.replace("_", "-"), title):
        slug = slugify(text, allow_unicode=True)[:room].strip("-_")
        if slug:
            return slug
    return "page-" + hashlib.sha1(source_file.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[:8]


def unique_slug(source_file: str, title: str, taken: Callable[[str], bool]) -> str:
    """`base_slug`, or it with the first number from 2 that `taken(slug)` says no other article holds."""
    slug = base = base_slug(source_file, title)
    number = 2
    while taken(slug):
        slug = f"{base}-{number}"
        number += 1
    return slug
