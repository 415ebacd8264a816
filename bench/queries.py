"""The fixed, mixed query set, and timing it through the app's search function and the baselines.

Words are picked by their rank in the Zipf vocabulary (a very common word, a middling one, a rare one) and
from the seeds' own subject matter, so the set covers both huge and small result lists. Every query asks
for what a results page shows: highlights and facets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.baselines import BenchQuery
from bench.generator import Corpus


def _stopwords() -> set[str]:
    import hazm

    path = Path(hazm.__file__).resolve().parent / "data" / "stopwords.dat"
    return set(path.read_text(encoding="utf-8").split("\n"))


def query_set(corpus: Corpus) -> list[BenchQuery]:
    stop = _stopwords()
    content = [w for w in corpus.words if w not in stop and len(w) > 2]

    def at(rank: int) -> str:
        return content[min(rank, len(content) - 1)]

    speaker = corpus.people[0].name  # the most quoted synthetic official (Zipf-weighted speakers)
    return [
        BenchQuery("1 word, very common", (at(1),)),
        BenchQuery("1 word, middling", (at(300),)),
        BenchQuery("1 word, rare", (at(8000),)),
        BenchQuery("1 word, seed topic", ("تلگرام",)),
        BenchQuery("2 words", (at(5), at(120))),
        BenchQuery("2 words, seed topic", ("پیام", "رسان")),
        BenchQuery("3 words", (at(10), at(60), at(600))),
        BenchQuery("3 words, seed topic", ("مرکز", "ملی", "مجازی")),
        BenchQuery("phrase", ("فضای", "مجازی"), phrase=True),
        BenchQuery("phrase, seed", ("کاربران", "ایرانی"), phrase=True),
        BenchQuery("speaker filter", (at(3),), speaker=speaker),
        BenchQuery("date range (a year)", (at(2),), date_from="1395-01", date_to="1395-12"),
        BenchQuery("typo", ("تلگرم",)),
    ]


def summarise(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": p95,
        "max_ms": ordered[-1],
        "samples": len(ordered),
    }


def time_queries(run: Callable[[BenchQuery], dict], queries: list[BenchQuery], rounds: int) -> dict:
    """Warm once, then `rounds` passes over the set. Returns overall figures and, per query, median and total.

    Wall time is what a user waits; CPU time (this process's) is printed beside it because other work on a
    shared 2-core machine stretches wall time without changing what a query costs.
    """
    for q in queries:
        run(q)
    per_query: dict[str, list[float]] = {q.label: [] for q in queries}
    cpu: list[float] = []
    totals: dict[str, int | None] = {}
    for _ in range(rounds):
        for q in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = run(q)
            per_query[q.label].append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            totals[q.label] = result.get("total")
    everything = [ms for values in per_query.values() for ms in values]
    cpu_figures = summarise(cpu)
    return {
        **summarise(everything),
        "cpu_median_ms": cpu_figures["median_ms"],
        "cpu_p95_ms": cpu_figures["p95_ms"],
        "per_query": {
            label: {"median_ms": statistics.median(v), "max_ms": max(v), "total": totals[label]}
            for label, v in per_query.items()
        },
    }


def app_runner(cached: bool = False) -> Callable[[BenchQuery], dict] | None:
    """The app's own search (what the page, the API and the CLI call), with highlights and facets rendered.

    By default every query is timed afresh: the backend's kept results (a repeated query, the next page) are
    forgotten first, so the figures say what a query nobody asked before costs. `cached=True` leaves them, to
    time queries asked again."""
    try:
        from archive.search import get_backend, search
    except ImportError:
        return None

    def run(q: BenchQuery) -> dict:
        if not cached:
            get_backend().clear_cache()
        results = search(q.text, speaker=q.speaker, date_from=q.date_from, date_to=q.date_to)
        payload = results.to_json()
        total = payload.get("total") if isinstance(payload, dict) else getattr(results, "total", None)
        return {"total": total}

    return run


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.queries --seed S --rounds R`: the query set timed in this new process, on the backend
    and index its environment names (SEARCH_BACKEND, SEARCH_INDEX_DIR), afresh and asked again.

    A new process is what a new web worker is: on 3 Dec 2026 the process that had just built a 100,000-article
    index ran the set 1.7× faster than new ones (not seen again on 4 Dec, cause not found)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--rounds", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench.generator import build_corpus

    queries = query_set(build_corpus(args.seed))
    out = time_queries(app_runner(), queries, args.rounds)
    out["repeated"] = time_queries(app_runner(cached=True), queries, args.rounds)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
