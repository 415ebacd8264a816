"""Where the time goes: pyinstrument over the import and the query path, and a per-page cost breakdown.

`python -m bench.profiling --pages DIR --fixtures DIR --limit N` runs in its own process on a scratch
database (bench.run sets BAYEGAN_VAR_DIR) and prints JSON: the importer's per-page cost split into parsing
(of which hazm's Normalizer), attribution and the database, and the top costs as pyinstrument saw them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path


def top_costs(profiler, limit: int = 12) -> dict:
    """Self time by function (where the CPU is) and inclusive time of the project's own functions (why)."""
    root = profiler.last_session.root_frame()
    if root is None:
        return {"self": [], "inclusive": [], "seconds": 0}
    total = root.time or 1e-9
    self_time: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)

    def walk(frame, active: frozenset[str]) -> None:
        name = (
            f"{frame.function} ({frame.file_path_short}:{frame.line_no})" if frame.file_path_short else frame.function
        )
        if frame.total_self_time:
            self_time[name] += frame.total_self_time
        own = frame.file_path and "/archive/" in frame.file_path and "site-packages" not in frame.file_path
        if own and name not in active:
            inclusive[name] += frame.time  # counted once per stack, so recursion does not double it
            active = active | {name}
        for child in frame.children:
            walk(child, active)

    walk(root, frozenset())

    def ranked(table: dict[str, float]) -> list[dict]:
        rows = sorted(table.items(), key=lambda kv: -kv[1])[:limit]
        return [{"function": k, "seconds": v, "share": v / total} for k, v in rows]

    return {"seconds": total, "self": ranked(self_time), "inclusive": ranked(inclusive)}


class _Timer:
    """Wraps a function so its cumulative time is counted (outermost calls only)."""

    def __init__(self, owner, name: str) -> None:
        self.owner, self.name, self.original = owner, name, getattr(owner, name)
        self.seconds, self.calls, self.depth = 0.0, 0, 0
        timer = self

        def wrapper(*args, **kwargs):
            timer.depth += 1
            started = time.perf_counter()
            try:
                return timer.original(*args, **kwargs)
            finally:
                timer.depth -= 1
                if timer.depth == 0:
                    timer.seconds += time.perf_counter() - started
                    timer.calls += 1

        setattr(owner, name, wrapper)

    def restore(self) -> None:
        setattr(self.owner, self.name, self.original)


def import_breakdown(paths: list[Path], fixtures: Path) -> dict:
    """Per-page milliseconds of the importer's stages, measured on the real `PageImporter.import_file`."""
    import hazm

    from archive.attribution.rules import Attributor
    from archive.ingest import loader, parser
    from archive.persian import _normalizer

    importer = loader.PageImporter(fixtures)
    _normalizer()  # built once per process: keep its one-off cost out of the per-page figures
    timers = {
        "total import_file": _Timer(loader.PageImporter, "import_file"),
        "parse_page (structure, comments, citations, display cleaning)": _Timer(loader, "parse_page"),
        "  of which hazm Normalizer.normalize": _Timer(hazm.Normalizer, "normalize"),
        "stated date": _Timer(loader, "with_stated_date"),
        "save to database (incl. attribution)": _Timer(loader.PageImporter, "_save"),
        "  of which Attributor.attribute": _Timer(Attributor, "attribute"),
        "  of which attribute_article (attribution + its queries)": _Timer(loader, "attribute_article"),
    }
    try:
        import archive.search

        # The search signals re-index each article when its import transaction commits.
        timers["search index update on commit (reindex_articles)"] = _Timer(archive.search, "reindex_articles")
    except ImportError:
        pass
    del parser
    started = time.perf_counter()
    for path in paths:
        importer.import_file(path)
    wall = time.perf_counter() - started
    for t in timers.values():
        t.restore()
    n = max(len(paths), 1)
    return {
        "pages": len(paths),
        "ms_per_page": {name: t.seconds * 1000 / n for name, t in timers.items()},
        "docs_per_s": len(paths) / wall if wall else None,
    }


def profile_import(paths: list[Path], fixtures: Path) -> dict:
    from pyinstrument import Profiler

    from archive.ingest import loader

    importer = loader.PageImporter(fixtures)
    profiler = Profiler(interval=0.001)
    profiler.start()
    for path in paths:
        importer.import_file(path)
    profiler.stop()
    return top_costs(profiler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--fixtures", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    paths = sorted(p for p in args.pages.iterdir() if p.suffix == ".txt")[: args.limit * 2]
    out = {"breakdown": import_breakdown(paths[: args.limit], args.fixtures)}
    try:
        out["profile"] = profile_import(paths[args.limit :], args.fixtures)
    except ImportError:
        out["profile"] = None  # pyinstrument is a bench-only dependency (requirements-bench.txt)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
