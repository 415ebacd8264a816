"""Editorial facts kept as data in `fixtures/`: outlets, people with dated roles, and per-page facts.

Files:
* `outlets.json`: `[{"slug", "name", "kind", "aliases": [..], "url", "description"}]`
* `people.json`: `[{"slug", "name", "aliases": [..], "roles": [{"title", "organisation", "aliases": [..],
  "start": "1395-02", "end": "1396-05", "note"}]}]` (Jalali year-month or year-month-day; null = unknown)
* `pages.json`: `{"<file name>": {"url", "date": {"jalali", "until_jalali", "precision", "basis",
  "confidence", "note"}}}`: what the page itself cannot tell. A date the page states wins over this one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from archive import jalali
from archive.ingest.citations import KnownOutlet
from archive.jalali import DateSpec
from archive.models import Origin, Outlet, Person, Role


class FixtureError(ValueError):
    """A fixture file that cannot be read; the message names the file and the entry."""


@dataclass
class PageFacts:
    url: str = ""
    date: DateSpec | None = None


def _load(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{path}: missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path}: not valid UTF-8 JSON ({error})") from None


def _role_bound(text: str | None, end: bool) -> dt.date | None:
    if not text:
        return None
    year, month, day = jalali.parse_jalali(text)
    return jalali.to_gregorian(year, month, day or (jalali.month_length(year, month) if end else 1))


def load_page_facts(fixtures_dir: Path) -> dict[str, PageFacts]:
    path = fixtures_dir / "pages.json"
    if not path.exists():
        return {}
    facts: dict[str, PageFacts] = {}
    data = _load(path)
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: expected an object keyed by file name")
    for name, entry in data.items():
        try:
            date = DateSpec(**entry["date"]) if entry.get("date") else None
        except (TypeError, ValueError) as error:
            raise FixtureError(f"{path}: {name}: bad date ({error})") from None
        facts[name] = PageFacts(url=entry.get("url") or "", date=date)
    return facts


def _write_if_changed[T: models.Model](model: type[T], defaults: dict[str, Any], **lookup: Any) -> T:
    """Create the record, or update it only where a value differs.

    An import re-reads the fixtures every time; saving unchanged people and outlets would fire the signals that
    re-attribute and re-index every article naming them (minutes on a large archive, for nothing).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults)
    changed = [field for field, value in defaults.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, defaults[field])
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def sync_outlets_and_people(fixtures_dir: Path) -> None:
    """Create or update the fixture outlets and people (matched by slug); records not in fixtures stay."""
    outlets = _load(fixtures_dir / "outlets.json")
    for entry in outlets:
        try:
            _write_if_changed(
                Outlet,
                slug=entry["slug"],
                defaults={
                    "name": entry["name"],
                    "kind": entry.get("kind", Outlet.Kind.OTHER),
                    "aliases": entry.get("aliases", []),
                    "url": entry.get("url", ""),
                    "description": entry.get("description", ""),
                },
            )
        except KeyError as error:
            raise FixtureError(f"outlets.json: entry {entry!r} lacks {error}") from None
    people = _load(fixtures_dir / "people.json")
    for entry in people:
        try:
            person = _write_if_changed(
                Person,
                slug=entry["slug"],
                defaults={
                    "name": entry["name"],
                    "aliases": entry.get("aliases", []),
                    "description": entry.get("description", ""),
                },
            )
            wanted = []
            for role in entry.get("roles", []):
                obj = _write_if_changed(
                    Role,
                    person=person,
                    title=role["title"],
                    defaults={
                        "organisation": role.get("organisation", ""),
                        "aliases": role.get("aliases", []),
                        "start": _role_bound(role.get("start"), end=False),
                        "end": _role_bound(role.get("end"), end=True),
                        "note": role.get("note", ""),
                    },
                )
                wanted.append(obj.pk)
            person.roles.exclude(pk__in=wanted).delete()
        except (KeyError, ValueError) as error:
            raise FixtureError(f"people.json: entry {entry.get('slug', entry)!r}: {error}") from None


def known_outlets() -> list[KnownOutlet]:
    """Every outlet the parser may recognise, rejected ones included (so a name an editor rejected is read as
    that outlet, and the loader leaves it out)."""
    return [known_outlet(o) for o in Outlet.objects.all()]


def known_outlet(outlet: Outlet) -> KnownOutlet:
    return KnownOutlet(outlet.name, tuple(outlet.aliases), outlet.kind, found=outlet.origin != Origin.CONFIRMED)
