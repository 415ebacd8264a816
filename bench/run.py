"""The benchmark suite's one entry point: `python -m bench --n 100000` (or `make bench N=100000`).

Generates N pages, loads them through the real importer and index build, times the query set through the
app's search function and through SQLite FTS5 and tantivy, serves the app with gunicorn and loads it with
wrk, profiles import and queries, and writes the figures beside their targets into BENCHMARKS.md.
Everything it builds lives in a temporary folder that is removed afterwards (unless --keep).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def _log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _env(var_dir: Path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BAYEGAN_VAR_DIR": str(var_dir),
        "SEARCH_INDEX_DIR": str(var_dir / "index"),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


def _subprocess_json(module: str, args: list[str], var_dir: Path, env: dict | None = None) -> dict:
    var_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **_env(var_dir), **(env or {})},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout)
    out["wall_seconds"] = time.perf_counter() - started
    return out


def _poll(search, word: str, started: float, timeout: float) -> dict:
    polls = 0
    while True:
        polls += 1
        total = search(word).to_json().get("total")
        elapsed = time.perf_counter() - started
        if total:
            return {"seconds": elapsed, "polls": polls}
        if elapsed > timeout:
            return {"seconds": None, "note": f"not found within {timeout:.0f} s ({polls} polls)"}
        time.sleep(0.02)


def edited_article_latency(fixtures: Path, pages: Path, timeout: float = 10.0) -> dict:
    """Seconds from saving an edit to the app's search finding it, two ways an editor edits.

    * admin: a paragraph's text changed and saved in a transaction, as the admin saves it;
    * re-import: the page file changed and imported again with `PageImporter.import_file`. Building the
      importer syncs the fixtures first, and the first page a process parses loads hazm's word lists; both
      are timed apart (`importer_setup_seconds`, the search signals off) as the once-per-process cost they
      are, so the figure is what one more edited page costs a running importer.
    """
    from django.db import transaction

    from archive.ingest.loader import PageImporter
    from archive.models import Article, Paragraph
    from archive.persian import clean_line
    from bench.loading import live_indexing

    try:
        from archive.search import search
    except ImportError:
        return {"seconds": None, "note": "archive.search not available"}
    out: dict = {}
    paragraph = Paragraph.objects.order_by("article_id", "position").last()
    started = time.perf_counter()
    with transaction.atomic():
        paragraph.text = f"{paragraph.text} سنجشویرایش"
        paragraph.save()
    out["admin"] = _poll(search, "سنجشویرایش", started, timeout)

    word = "سنجشواژه"
    for article in Article.objects.order_by("pk")[:50]:
        path = pages / article.source_file
        lines = path.read_text(encoding="utf-8").split("\n")
        if article.title in lines:
            break
    else:
        out["reimport"] = {"seconds": None, "note": "no page whose raw title line equals its stored title"}
        return out
    lines[lines.index(article.title)] = f"{article.title} {word}"
    path.write_text("\n".join(lines), encoding="utf-8")
    live_indexing(False)
    setup_started = time.perf_counter()
    importer = PageImporter(fixtures)
    clean_line("گرم کردن")  # hazm's Normalizer loads its word lists on first use: once per importer process
    setup = time.perf_counter() - setup_started
    live_indexing(True)
    started = time.perf_counter()
    status = importer.import_file(path).status
    imported = time.perf_counter() - started
    out["reimport"] = {**_poll(search, word, started, timeout), "import_seconds": imported, "status": status,
                       "importer_setup_seconds": setup}  # fmt: skip
    out["seconds"] = out["admin"].get("seconds")
    return out


def query_profile(run, queries) -> dict | None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    from bench.profiling import top_costs

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(3):
        for q in queries:
            run(q)
    profiler.stop()
    return top_costs(profiler)


def web_pages(words: list[str] | None = None) -> dict[str, str | list[str]]:
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from archive.models import Article

    pages: dict[str, str | list[str]] = {"minimal": reverse("bench_minimal"), "home": reverse("home")}
    # A typical article: the median comment count among the first thousand.
    sample = list(Article.objects.annotate(n=Count("comments")).order_by("pk").values_list("slug", "n")[:1000])
    if sample:
        slug = sorted(sample, key=lambda s: s[1])[len(sample) // 2][0]
        pages["article"] = reverse("article", args=[slug])
    with contextlib.suppress(NoReverseMatch):
        pages["search"] = reverse("search") + "?q=" + "%D8%AA%D9%84%DA%AF%D8%B1%D8%A7%D9%85"  # تلگرام
        if words:
            # Distinct queries, so the page cache cannot answer them: what a search page costs uncached.
            pages["search, distinct queries"] = [reverse("search") + "?q=" + quote(w) for w in words]
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of generated articles")
    parser.add_argument("--seed", type=int, default=1397, help="generator seed (same seed, same pages)")
    parser.add_argument("--procs", type=int, default=2, help="import processes for the full load")
    parser.add_argument("--single-limit", type=int, default=10000, help="pages for the 1-process import rate")
    parser.add_argument("--live-limit", type=int, default=300, help="pages for the per-page-indexing import rates")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query set")
    parser.add_argument("--web-seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="test mode: no 1-process run, no web, no profiles")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md", help="Markdown file to update")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--resume", action="store_true", help="reuse the load saved in --workdir (load.json)")
    parser.add_argument(
        "--no-subset-loads", action="store_true", help="skip the 1-process, per-page-indexing and profiled imports"
    )
    parser.add_argument("--no-tantivy-backend", action="store_true", help="time the app on Whoosh only")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bayegan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    results: dict = {"n": args.n, "seed": args.seed, "command": command, "quick": args.quick}
    results["started"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_average_start"] = os.getloadavg()
    try:
        _run(args, work, results)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_average_end"] = os.getloadavg()

    from bench import report

    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(report.summary(results))
    if not args.no_report:
        report.update_markdown(args.report, results)
        _log(f"wrote {args.report}")
    return 0


def _run(args, work: Path, results: dict) -> None:
    from bench import generator

    _log(f"generating {args.n} pages in {work}")
    started = time.perf_counter()
    corpus = generator.generate(args.n, work, seed=args.seed)
    pages, fixtures = work / "pages", work / "fixtures"
    results["generate_seconds"] = time.perf_counter() - started
    results["pages_bytes"] = sum(p.stat().st_size for p in pages.iterdir())

    var = work / "var"
    load = ["--pages", str(pages), "--fixtures", str(fixtures)]
    saved = work / "load.json"
    if args.resume and saved.exists():
        _log(f"resuming: the load in {var} is reused ({saved})")
        results["load"] = json.loads(saved.read_text(encoding="utf-8"))
        if results["load"].get("index_seconds") is None:  # the pages were imported, the index never built
            _log("building the index of the loaded database")
            indexed = _subprocess_json("bench.loading", [*load, "--index-only"], var)
            keep = ("index_seconds", "index_cpu_seconds", "index_docs_per_s", "index_docs_per_cpu_s", "index_bytes")
            results["load"].update({key: indexed[key] for key in keep if key in indexed})
            results["load"]["index_peak_rss_mb"] = indexed.get("peak_rss_mb")
            if results["load"].get("import_seconds") and results["load"].get("index_seconds"):
                results["load"]["build_docs_per_s"] = results["load"]["imported"] / (
                    results["load"]["import_seconds"] + results["load"]["index_seconds"]
                )
            saved.write_text(json.dumps(results["load"]), encoding="utf-8")
    else:
        _log(f"bulk load: import with {args.procs} processes (per-page index updates off), then rebuild_index")
        results["load"] = _subprocess_json("bench.loading", [*load, "--procs", str(args.procs)], var)
        saved.write_text(json.dumps(results["load"]), encoding="utf-8")
    _log(f"load: {json.dumps(results['load'], default=str)}")
    if not args.quick and not args.no_subset_loads:
        limit = min(args.n, args.single_limit)
        _log(f"bulk import of {limit} pages with 1 process (scratch database)")
        results["load_1proc"] = _subprocess_json(
            "bench.loading", [*load, "--procs", "1", "--limit", str(limit), "--no-index"], work / "var1"
        )
        shutil.rmtree(work / "var1", ignore_errors=True)
        live = min(args.n, args.live_limit)
        for procs in (1, 2):
            _log(f"import as import_pages runs it (index updated per page): {live} pages, {procs} process(es)")
            results[f"load_live_{procs}"] = _subprocess_json(
                "bench.loading",
                [*load, "--procs", str(procs), "--limit", str(live), "--no-index", "--live-index"],
                work / "var-live",
            )
            shutil.rmtree(work / "var-live", ignore_errors=True)
        _log("profiling the importer")
        results["import_profile"] = _subprocess_json(
            "bench.profiling", [*load, "--limit", str(min(150, max(args.n // 2, 1)))], work / "var-profile"
        )
        shutil.rmtree(work / "var-profile", ignore_errors=True)

    os.environ.update(_env(var))
    import django

    django.setup()
    from bench import baselines, queries

    query_list = queries.query_set(corpus)
    results["queries"] = [{"label": q.label, "text": q.text, "speaker": q.speaker,
                           "from": q.date_from, "to": q.date_to} for q in query_list]  # fmt: skip
    rounds = 2 if args.quick else args.rounds
    app = queries.app_runner()
    timing = ["--seed", str(args.seed), "--rounds", str(rounds)]
    if app is not None and results["load"].get("index_seconds") is not None:
        _log("timing the app's search in a new process, afresh and asked again (results kept by the backend)")
        results["app"] = _subprocess_json("bench.queries", timing, var)
        results["app_repeated"] = results["app"].pop("repeated")
    else:
        results["app"] = {"skipped": "archive.search (search function / rebuild_index) not available"}
    if app is not None and not args.no_tantivy_backend:
        results["app_tantivy"] = tantivy_backend(var, args.procs)
        if "skipped" not in results["app_tantivy"]:
            _log("timing the app's search on tantivy in a new process")
            results["app_tantivy"].update(_subprocess_json("bench.queries", timing, var, tantivy_env(var)))

    docs = list(baselines.documents())
    results["documents"] = len(docs)
    for key, engine in (("fts5", lambda: baselines.Fts5(work / "fts5.sqlite3")),
                        ("tantivy", lambda: baselines.Tantivy(work / "tantivy"))):  # fmt: skip
        try:
            built = engine()
        except ImportError as error:
            results[key] = {"skipped": f"not installed ({error.name}; pip install -r requirements-bench.txt)"}
            continue
        _log(f"building and timing {built.name}")
        built.build(docs)
        results[key] = {"build_seconds": built.build_seconds, "bytes": built.size()}
        results[key].update(queries.time_queries(built.search, query_list, rounds))
    del docs

    if app is not None and "skipped" not in results["app"]:
        _log("edited article: re-import and poll")
        results["edit"] = edited_article_latency(fixtures, pages)
        if not args.quick:
            results["query_profile"] = query_profile(app, query_list)

    if not args.quick:
        _log("serving with gunicorn and loading with wrk")
        from bench import web

        # Every word of Zipf ranks 50–2,050 (about 2,000 URLs): with 500 (every fourth), a load above 50 requests
        # a second repeated URLs within its 10 s, and the page cache answered them (4 Dec: 126 and 331 req/s
        # reported on the same index where the uncached first run gave 70).
        words = [w for w in corpus.words[50:2050] if len(w) > 2]
        results["web"] = web.serve_and_load(_env(var), web_pages(words), args.web_seconds, args.connections)
        if "app_tantivy" in results and "skipped" not in results["app_tantivy"]:
            _log("serving with gunicorn on the tantivy backend and loading with wrk")
            results["web_tantivy"] = web.serve_and_load(
                {**_env(var), **tantivy_env(var)}, web_pages(words), args.web_seconds, args.connections
            )
    results["machine"] = machine()


def tantivy_env(var: Path) -> dict:
    return {"SEARCH_BACKEND": "tantivy", "SEARCH_INDEX_DIR": str(var / "index-tantivy")}


def tantivy_backend(var: Path, procs: int) -> dict:
    """The tantivy backend's full index build (`sync.rebuild`, as `manage.py rebuild_index`, with `procs`
    analysing processes) of the loaded database; the query set is then timed on it in a new process, as on Whoosh."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return {"skipped": "tantivy is not installed (pip install -r requirements.txt)"}
    from django.conf import settings

    from archive.models import Article
    from archive.search import sync

    saved = settings.SEARCH_BACKEND, settings.SEARCH_INDEX_DIR
    settings.SEARCH_BACKEND, settings.SEARCH_INDEX_DIR = "tantivy", var / "index-tantivy"
    try:
        _log(f"building the tantivy backend's index ({procs} analysing processes)")
        cpu = os.times()
        started = time.perf_counter()
        documents = sync.rebuild(processes=procs)  # as manage.py rebuild_index: the import's queued work done
        seconds = time.perf_counter() - started
        after = os.times()
        articles = Article.objects.count()
        out = {
            "build_seconds": seconds,
            "build_cpu_seconds": (after.user + after.system + after.children_user + after.children_system)
            - (cpu.user + cpu.system + cpu.children_user + cpu.children_system),
            "articles": articles,
            "documents": documents,
            "build_articles_per_s": articles / seconds if seconds else None,
            "processes": procs,
        }
        _log(f"the tantivy backend's build: {json.dumps(out)}")
        return out
    finally:
        settings.SEARCH_BACKEND, settings.SEARCH_INDEX_DIR = saved


def machine() -> dict:
    import platform
    import sqlite3
    from importlib import metadata

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("Django", "whoosh-reloaded", "hazm", "gunicorn", "tantivy", "pyinstrument"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    try:
        versions["wrk"] = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    except (OSError, IndexError):
        versions["wrk"] = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "versions": versions,
    }
