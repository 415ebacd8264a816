"""Figures beside their targets: a terminal summary and a section of BENCHMARKS.md per N.

Each run replaces only its own section (between `<!-- bench N=... -->` markers), so a 1,000, a 10,000 and a
100,000 run stand side by side and the hand-written notes around them stay.
"""

from __future__ import annotations

import re
from pathlib import Path


def _fmt(value, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value}{unit}"


def _mb(value) -> str:
    return "—" if value is None else f"{value / 1e6:,.1f} MB"


def _loads(values) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "?"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _get(d: dict | None, *keys):
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def targets(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) rows."""
    app, fts = r.get("app") or {}, r.get("fts5") or {}
    web = r.get("web") or {}
    rows = []
    median, p95, fts_p95 = app.get("median_ms"), app.get("p95_ms"), fts.get("p95_ms")
    cpu = f" (CPU {_fmt(app.get('cpu_median_ms'), ' ms')})" if app.get("cpu_median_ms") is not None else ""
    rows.append(("search median (highlights + facets)", _fmt(median, " ms") + cpu, "≤ 25 ms",
                 _verdict(None if median is None else median <= 25)))  # fmt: skip
    cpu95 = f" (CPU {_fmt(app.get('cpu_p95_ms'), ' ms')})" if app.get("cpu_p95_ms") is not None else ""
    rows.append(("search p95", _fmt(p95, " ms") + cpu95, "≤ 100 ms", _verdict(None if p95 is None else p95 <= 100)))
    rows.append(("search p95 vs SQLite FTS5 p95", f"{_fmt(p95, ' ms')} vs {_fmt(fts_p95, ' ms')}", "≤ FTS5",
                 _verdict(None if p95 is None or fts_p95 is None else p95 <= fts_p95)))  # fmt: skip
    index_rate = _get(r, "load", "index_docs_per_s")
    index_cpu = _get(r, "load", "index_docs_per_cpu_s")
    measured = _fmt(index_rate, " docs/s") + (f" ({_fmt(index_cpu, ' per CPU-s')})" if index_cpu else "")
    rows.append(("full index build (rebuild_index)", measured, "≥ 420 docs/s",
                 _verdict(None if index_rate is None else index_rate >= 420)))  # fmt: skip
    edit = r.get("edit") or {}
    for way, label in (("admin", "edited article searchable after (admin save)"),
                       ("reimport", "edited article searchable after (page re-imported, warm importer)")):  # fmt: skip
        e = edit.get(way) if "admin" in edit else (edit if way == "reimport" and edit else None)
        seconds = (e or {}).get("seconds")
        shown = _fmt(seconds, " s", 2) if seconds else ((e or {}).get("note") or "—")
        if seconds and (e or {}).get("importer_setup_seconds"):
            shown += f" (+ {_fmt(e['importer_setup_seconds'], ' s', 1)} once per importer process)"
        rows.append((label, shown, "≤ 1 s", _verdict(None if not e else (seconds is not None and seconds <= 1))))
    rss = web.get("worker_peak_rss_mb")
    rows.append(("web worker memory (peak RSS after load)", _fmt(rss, " MB"), "≤ 300 MB",
                 _verdict(None if rss is None else rss <= 300)))  # fmt: skip
    article, minimal = _get(web, "pages", "article", "rps"), _get(web, "pages", "minimal", "rps")
    share = article / minimal if article and minimal else None
    rows.append(("article page req/s ÷ minimal view req/s", _fmt(share * 100 if share else None, " %"), "≥ 50 %",
                 _verdict(None if share is None else share >= 0.5)))  # fmt: skip
    p99, label = _page_p99(web)
    rows.append((label, _fmt(p99, " ms"), "≤ 200 ms", _verdict(None if p99 is None else p99 <= 200)))
    return rows + tantivy_targets(r)


def _page_p99(web: dict) -> tuple[float | None, str]:
    """The search page's p99 under load: distinct queries when measured (a page cache answers one repeated
    URL), else the one repeated query; and its label."""
    key = "search, distinct queries" if _get(web, "pages", "search, distinct queries", "p99_ms") else "search"
    conns = _get(web, "pages", key, "connections")
    label = f"search page p99 at {conns or 50} connections" + (" (distinct queries)" if "distinct" in key else "")
    return _get(web, "pages", key, "p99_ms"), label


def tantivy_targets(r: dict) -> list[tuple[str, str, str, str]]:
    """The tantivy backend's targets (the app's own search on `SEARCH_BACKEND=tantivy`), when it was run."""
    app = r.get("app_tantivy") or {}
    if not app or "skipped" in app:
        return []
    bare_p95 = _get(r, "tantivy", "p95_ms")
    median, p95 = app.get("median_ms"), app.get("p95_ms")
    times_bare = p95 / bare_p95 if p95 and bare_p95 else None
    rate, cpu = app.get("build_articles_per_s"), app.get("build_cpu_seconds")
    per_cpu = app["articles"] / cpu if cpu and app.get("articles") else None
    web = r.get("web_tantivy") or {}
    p99, label = _page_p99(web)
    rss, anon = web.get("worker_peak_rss_mb"), web.get("worker_anon_mb")
    memory = _fmt(rss, " MB") + (f" ({_fmt(anon, ' MB')} its own, the rest mapped files)" if anon else "")
    if web.get("worker_pss_mb"):
        memory += f"; Pss {_fmt(web.get('worker_pss_mb'), ' MB')}"
    return [
        ("tantivy backend: search median (highlights + facets)",
         _fmt(median, " ms") + f" (CPU {_fmt(app.get('cpu_median_ms'), ' ms')})", "≤ 25 ms",
         _verdict(None if median is None else median <= 25)),
        ("tantivy backend: search p95", f"{_fmt(p95, ' ms')} = {_fmt(times_bare, '×', 2)} bare tantivy's "
         f"{_fmt(bare_p95, ' ms')}", "≤ 100 ms and ≤ 3× bare",
         _verdict(None if p95 is None or times_bare is None else p95 <= 100 and times_bare <= 3)),
        ("tantivy backend: full index build", f"{_fmt(rate, ' articles/s')} ({_fmt(per_cpu, ' per CPU-s')}, "
         f"{app.get('processes')} analysing processes)", "≥ 1,000 articles/s",
         _verdict(None if rate is None else rate >= 1000)),
        (f"tantivy backend: {label}", _fmt(p99, " ms"), "≤ 200 ms", _verdict(None if p99 is None else p99 <= 200)),
        ("tantivy backend: web worker memory (peak RSS after load)", memory, "≤ 300 MB",
         _verdict(None if rss is None else rss <= 300)),
    ]  # fmt: skip


def _table(header: list[str], rows: list) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def section(r: dict) -> str:
    n = r["n"]
    m = r.get("machine") or {}
    load, load1 = r.get("load") or {}, r.get("load_1proc") or {}
    lines = [f"<!-- bench N={n} -->", f"## N = {n:,}{' (quick mode)' if r.get('quick') else ''}", ""]
    versions = ", ".join(f"{k} {v}" for k, v in (m.get("versions") or {}).items())
    lines += [
        f"- **Run**: `{r['command']}` (seed {r['seed']}), {r.get('started')} → {r.get('finished')} UTC",
        f"- **Machine**: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('memory_gb', '?')} GB; "
        f"{m.get('os', '')}",
        f"- **Versions**: {versions}",
        f"- **Load average** (1/5/15 min) at start {_loads(r.get('load_average_start'))}, at end "
        f"{_loads(r.get('load_average_end'))}: other work on this 2-core machine inflates every time below",
        f"- **Corpus**: {load.get('articles', 0):,} articles, {load.get('paragraphs', 0):,} paragraphs, "
        f"{load.get('statements', 0):,} statements, {load.get('comments', 0):,} comments → "
        f"{r.get('documents', 0):,} search documents; raw pages {_mb(r.get('pages_bytes'))}",
        "",
        "### Targets",
        "",
    ]  # fmt: skip
    lines += _table(["figure", "measured", "target", "verdict"], targets(r))
    lines += ["", "### Loading", ""]
    live1, live2 = r.get("load_live_1") or {}, r.get("load_live_2") or {}

    def per_cpu(stage: dict, key: str = "import_docs_per_cpu_s") -> str:
        return _fmt(stage.get(key), " docs/CPU-s")

    rows = [
        ("import as `import_pages` runs it (index updated per page), 1 process",
         _fmt(live1.get("import_docs_per_s"), " docs/s"),
         f"{_fmt(live1.get('pages'))} pages in {_fmt(live1.get('import_seconds'), ' s')}",
         _fmt(live1.get("import_peak_rss_mb"), " MB"), per_cpu(live1)),
        ("import as `import_pages` runs it, 2 processes", _fmt(live2.get("import_docs_per_s"), " docs/s"),
         f"{_fmt(live2.get('pages'))} pages in {_fmt(live2.get('import_seconds'), ' s')}",
         _fmt(live2.get("import_children_peak_rss_mb"), " MB (largest worker)"), per_cpu(live2)),
        ("bulk import (per-page index updates off), 1 process", _fmt(load1.get("import_docs_per_s"), " docs/s"),
         f"{_fmt(load1.get('pages'))} pages in {_fmt(load1.get('import_seconds'), ' s')}",
         _fmt(load1.get("import_peak_rss_mb"), " MB"), per_cpu(load1)),
        (f"bulk import, {load.get('procs')} processes", _fmt(load.get("import_docs_per_s"), " docs/s"),
         f"{_fmt(load.get('pages'))} pages in {_fmt(load.get('import_seconds'), ' s')}",
         _fmt(load.get("import_children_peak_rss_mb"), " MB (largest worker)"), per_cpu(load)),
        ("rebuild_index", _fmt(load.get("index_docs_per_s"), " docs/s"),
         load.get("index_note") or f"{_fmt(load.get('index_seconds'), ' s')}", _fmt(load.get("peak_rss_mb"), " MB"),
         per_cpu(load, "index_docs_per_cpu_s")),
        ("bulk import + rebuild_index", _fmt(load.get("build_docs_per_s"), " docs/s"), "", "", ""),
    ]  # fmt: skip
    lines += _table(["stage", "rate (wall)", "work", "peak memory (RSS)", "rate per CPU-second"], rows)
    lines += ["", "Rate per CPU-second = pages ÷ CPU seconds the stage used (its processes' user + system time): "
              "what one otherwise idle core would give, since these stages wait on nothing but the CPU."]  # fmt: skip
    lines += ["", f"Database {_mb(load.get('db_bytes'))}; Whoosh index {_mb(load.get('index_bytes'))}; "
              f"FTS5 {_mb(_get(r, 'fts5', 'bytes'))}; tantivy {_mb(_get(r, 'tantivy', 'bytes'))}.", ""]  # fmt: skip

    lines += ["### Search: the app beside SQLite FTS5 and tantivy (same documents, same queries)", ""]
    engines = [("app (Whoosh)", r.get("app") or {}), ("SQLite FTS5", r.get("fts5") or {}),
               ("tantivy", r.get("tantivy") or {})]  # fmt: skip
    beside = [("app (tantivy backend)", r["app_tantivy"])] if "median_ms" in (r.get("app_tantivy") or {}) else []
    lines += ["Every query is timed afresh (the backend's kept results forgotten first); the app's figures for "
              "the same queries asked again are in the last column.", ""]  # fmt: skip
    repeated = r.get("app_repeated") or {}
    header = ["", *[name for name, _ in engines], "app ÷ FTS5", "app ÷ tantivy", "app, asked again"]
    header += [name for name, _ in beside] + [f"{name}, asked again" for name, _ in beside]
    rows = []
    labels = (("median_ms", "median"), ("p95_ms", "p95"), ("max_ms", "max"), ("cpu_median_ms", "median, CPU time"),
              ("cpu_p95_ms", "p95, CPU time"))  # fmt: skip
    for key, label in labels:
        values = [e.get(key) for _, e in engines]
        ratios = [_fmt(values[0] / v if values[0] and v else None, "×", 2) for v in values[1:]]
        others = [_fmt(e.get(key), " ms") for _, e in beside]
        others += [_fmt(_get(e, "repeated", key), " ms") for _, e in beside]
        rows.append((label, *[_fmt(v, " ms") for v in values], *ratios, _fmt(repeated.get(key), " ms"), *others))
    built = [_fmt(e.get("build_seconds"), " s") for _, e in beside] + ["" for _ in beside]
    rows.append(("build", "(see Loading)", *[_fmt(e.get("build_seconds"), " s") for _, e in engines[1:]], "", "", "",
                 *built))  # fmt: skip
    lines += _table(header, rows)
    engines += beside
    skipped = [f"{name}: {e['skipped']}" for name, e in engines if "skipped" in e]
    if skipped:
        lines += ["", "Not measured: " + "; ".join(skipped)]
    lines += ["", "Per query (median ms / total hits):", ""]
    qrows = []
    for q in r.get("queries", []):
        label = q["label"]
        cells = []
        for _, e in engines:
            pq = _get(e, "per_query", label)
            cells.append(f"{_fmt(pq['median_ms'], '')} / {_fmt(pq['total'])}" if pq else "—")
        extra = " ".join(x for x in (f"speaker={q['speaker']}" if q["speaker"] else "",
                                     f"{q['from']}..{q['to']}" if q["from"] else "") if x)  # fmt: skip
        qrows.append((label, f"`{q['text']}` {extra}".strip(), *cells))
    lines += _table(["query", "text", *[name for name, _ in engines]], qrows)

    for key, backend in (("web", "Whoosh backend"), ("web_tantivy", "tantivy backend")):
        lines += _web_lines(r.get(key), backend)

    breakdown = _get(r, "import_profile", "breakdown")
    if breakdown:
        lines += ["", f"### Import cost per page ({breakdown['pages']} pages, 1 process)", ""]
        lines += _table(["stage", "ms / page"], [(k, _fmt(v, "", 2)) for k, v in breakdown["ms_per_page"].items()])
    for title, prof in (("import", _get(r, "import_profile", "profile")), ("query path", r.get("query_profile"))):
        if prof and prof.get("self"):
            lines += ["", f"### Profile: {title} (pyinstrument, {prof['seconds']:.1f} s sampled)", ""]
            rows = [(f"`{x['function']}`", f"{x['share'] * 100:.1f} %") for x in prof["inclusive"][:8]]
            lines += ["Own code, inclusive:", "", *_table(["function", "share"], rows), ""]
            rows = [(f"`{x['function']}`", f"{x['share'] * 100:.1f} %") for x in prof["self"][:8]]
            lines += ["Self time (where the CPU is):", "", *_table(["function", "share"], rows)]
    lines += ["", f"<!-- /bench N={n} -->"]
    return "\n".join(lines)


def _web_lines(web: dict | None, backend: str) -> list[str]:
    if not web:
        return []
    lines = ["", f"### Web, {backend} (gunicorn, 2 workers, 127.0.0.1; wrk -t2)", ""]
    if "skipped" in web:
        return [*lines, f"Not measured: {web['skipped']}"]
    rows = []
    for name, p in web["pages"].items():
        rows.append((name, f"`{p.get('path')}`", _fmt(p.get("rps"), "", 1), _fmt(p.get("p50_ms"), " ms"),
                     _fmt(p.get("p99_ms"), " ms"), _fmt(p.get("bytes")), _fmt(p.get("first_ms"), " ms"),
                     p.get("errors") or p.get("error") or ""))  # fmt: skip
    lines += _table(["page", "path", "req/s", "p50", "p99", "bytes", "first request", "errors"], rows)
    load_of = web["pages"].get("minimal", {})
    lines += ["", f"Worker RSS after the load: {_fmt(web.get('worker_rss_mb'), ' MB')} "
              f"(peak {_fmt(web.get('worker_peak_rss_mb'), ' MB')}), of which {_fmt(web.get('worker_anon_mb'), ' MB')} "
              f"the worker's own memory (RssAnon) and {_fmt(web.get('worker_file_mb'), ' MB')} mapped files (RssFile: "
              "the index, libraries; shared between workers and given back under memory pressure); its share of "
              "the machine (Pss, each shared page split between the processes mapping it) "
              f"{_fmt(web.get('worker_pss_mb'), ' MB')}; "
              f"{load_of.get('connections', '')} connections, {load_of.get('seconds', '')} s per page."]  # fmt: skip
    return lines


def summary(r: dict) -> str:
    rows = targets(r)
    width = max(len(row[0]) for row in rows)
    out = [f"Bayegan bench, N={r['n']:,}"]
    out += [f"  {a:<{width}}  {b:>22}  target {c:<14} {d}" for a, b, c, d in rows]
    for key in ("app", "app_repeated", "fts5", "tantivy"):
        e = r.get(key) or {}
        out.append(f"  {key:<12} median {_fmt(e.get('median_ms'), ' ms')}, p95 {_fmt(e.get('p95_ms'), ' ms')}, "
                   f"max {_fmt(e.get('max_ms'), ' ms')} {e.get('skipped', '')}")  # fmt: skip
    load = r.get("load") or {}
    out.append(f"  import {_fmt(load.get('import_docs_per_s'), ' docs/s')} ({load.get('procs')} procs), "
               f"index {_fmt(load.get('index_docs_per_s'), ' docs/s')}")  # fmt: skip
    return "\n".join(out)


HEADER = """# Benchmarks

Measured by `make bench N=...` (the suite in `bench/`, see its docstrings); never by timed tests. Each
section below is one run, written by the suite itself; the notes above the sections are the maintainers'.
"""


def update_markdown(path: Path, r: dict) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    new = section(r)
    pattern = re.compile(rf"<!-- bench N={r['n']} -->.*?<!-- /bench N={r['n']} -->", re.S)
    found = pattern.search(text)
    text = pattern.sub(lambda _: new, text) if found else text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text, encoding="utf-8")
