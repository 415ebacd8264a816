"""Load generated pages through the real import pipeline, then build the search index; report rates and memory.

Runs in its own process (`python -m bench.loading ...`, started by bench.run) so that its peak memory and
its database are its own. With `--procs 2` the page list is split in two and each half goes through
`archive.ingest.loader.import_paths` in a forked process: the same code `manage.py import_pages` runs,
writing to the same SQLite database (WAL, busy timeout) as two importers would.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


_LIVE = True  # whether import_paths keeps the index current (off: one rebuild_index afterwards)


def live_indexing(enabled: bool) -> None:
    """Switch the search app's per-article index updates (its save signals) on or off in this process.

    Off is the bulk path: the same importer, then one `rebuild_index`, instead of one Whoosh commit per
    page. The signals' own entry point is replaced, so nothing else about the import changes.
    """
    try:
        from archive.search import signals
    except ImportError:
        return
    global _LIVE
    _LIVE = enabled
    original = getattr(signals, "_bench_original_schedule", signals.schedule)
    signals._bench_original_schedule = original
    signals.schedule = original if enabled else (lambda article_ids, *args, **kwargs: None)


def _import_share(paths: list[str], fixtures: str) -> dict:
    from archive.ingest.loader import import_paths

    started = time.perf_counter()
    results = import_paths([Path(p) for p in paths], Path(fixtures), index=_LIVE)
    failed = [f"{r.path.name}: {r.message}" for r in results if r.status == "failed"]
    return {"seconds": time.perf_counter() - started, "count": len(results), "failed": failed}


def _child(paths: list[str], fixtures: str, queue) -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's SQLite connection across fork
    try:
        queue.put(_import_share(paths, fixtures))
    except Exception as error:  # reported, not swallowed: the parent fails the run
        queue.put({"error": repr(error)})


def import_pages(paths: list[Path], fixtures: Path, procs: int) -> dict:
    from django.db import connections

    from archive.ingest import editorial

    # Fixtures first, once, so the workers' own sync finds every row in place and only reads.
    editorial.sync_outlets_and_people(fixtures)
    connections.close_all()
    started = time.perf_counter()
    if procs == 1:
        shares = [_import_share([str(p) for p in paths], str(fixtures))]
    else:
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        workers = [
            ctx.Process(target=_child, args=([str(p) for p in paths[i::procs]], str(fixtures), queue))
            for i in range(procs)
        ]
        for w in workers:
            w.start()
        shares = [queue.get() for _ in workers]
        for w in workers:
            w.join()
        errors = [s["error"] for s in shares if "error" in s]
        if errors:
            raise RuntimeError("import worker failed: " + "; ".join(errors))
    seconds = time.perf_counter() - started
    failed = [f for s in shares for f in s["failed"]]
    return {"import_seconds": seconds, "imported": len(paths) - len(failed), "failed": failed[:20]}


def build_index() -> dict:
    """`manage.py rebuild_index`, when the search app provides it."""
    from django.core.management import call_command, get_commands

    if "rebuild_index" not in get_commands():
        return {"index_seconds": None, "index_note": "rebuild_index not available (archive.search not built yet)"}
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        call_command("rebuild_index", stdout=sink)
    return {"index_seconds": time.perf_counter() - started}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: what the work cost, whatever else the machine ran."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def folder_size(path: Path) -> int:
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def counts() -> dict:
    from archive.models import Article, Comment, Paragraph, Statement

    return {
        "articles": Article.objects.count(),
        "paragraphs": Paragraph.objects.count(),
        "statements": Statement.objects.count(),
        "comments": Comment.objects.count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--fixtures", type=Path, required=True)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="import only the first N pages")
    parser.add_argument("--no-index", action="store_true")
    parser.add_argument(
        "--index-only", action="store_true", help="import nothing: build the index of the database already loaded"
    )
    parser.add_argument(
        "--live-index", action="store_true", help="keep per-page index updates on (as import_pages runs today)"
    )
    args = parser.parse_args(argv)

    _setup_django()
    live_indexing(args.live_index)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    paths = sorted(p for p in args.pages.iterdir() if p.suffix == ".txt")
    if args.limit:
        paths = paths[: args.limit]
    out = {"procs": args.procs, "pages": len(paths), "live_index": args.live_index}
    if args.index_only:
        from archive.models import Article

        out["imported"] = Article.objects.count()
    else:
        cpu_before = cpu_seconds()
        out.update(import_pages(paths, args.fixtures, args.procs))
        out["import_cpu_seconds"] = cpu_seconds() - cpu_before
        # Pages per CPU-second: the rate one quiet core would give (the import waits on nothing but the CPU).
        out["import_docs_per_cpu_s"] = (
            out["imported"] / out["import_cpu_seconds"] if out["import_cpu_seconds"] else None
        )
        out["import_docs_per_s"] = out["imported"] / out["import_seconds"] if out["import_seconds"] else None
        out["import_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["import_children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if not args.no_index:
        cpu_before = cpu_seconds()
        out.update(build_index())
        out["index_cpu_seconds"] = cpu_seconds() - cpu_before
        if out.get("index_seconds"):
            out["index_docs_per_s"] = out["imported"] / out["index_seconds"]
            out["index_docs_per_cpu_s"] = out["imported"] / out["index_cpu_seconds"]
            if "import_seconds" in out:
                out["build_docs_per_s"] = out["imported"] / (out["import_seconds"] + out["index_seconds"])
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["index_bytes"] = folder_size(Path(settings.SEARCH_INDEX_DIR))
    db = Path(settings.DATABASES["default"]["NAME"])
    out["db_bytes"] = sum(folder_size(db.with_name(db.name + s)) for s in ("", "-wal", "-shm"))
    out.update(counts())
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
