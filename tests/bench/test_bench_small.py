"""The benchmark suite, small, inside the default test run so it never rots. Its figures are printed, never
asserted (speed is measured by `make bench`, not by timed tests); what is asserted is that every stage ran:
every generated page imports, the index is built, the app's search and the baselines answer the query set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# 1,000 is the suite's own small size (`BENCH_TEST_N=1000`); the default run uses fewer pages because today's
# importer costs ~70-300 ms a page (see BENCHMARKS.md), and the default test run must stay well under a minute.
N = int(os.environ.get("BENCH_TEST_N", "150"))


@pytest.mark.bench
def test_bench_suite_runs_end_to_end(tmp_path, capsys):
    figures = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--n", str(N), "--quick", "--no-report", "--json", str(figures),
               "--workdir", str(tmp_path / "work")]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "BAYEGAN_VAR_DIR")}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    with capsys.disabled():
        print("\n" + done.stdout)
    assert done.returncode == 0, done.stderr[-4000:]

    results = json.loads(figures.read_text(encoding="utf-8"))
    load = results["load"]
    assert load["failed"] == [], load["failed"]
    assert load["articles"] == N
    assert load["comments"] > 0 and load["statements"] > 0  # the generator's comments and speech were parsed
    assert load.get("index_seconds") is not None, load.get("index_note")
    labels = {q["label"] for q in results["queries"]}
    for engine in ("app", "fts5"):
        assert set(results[engine]["per_query"]) == labels, results[engine]
    # The seeds' subject matter is in the generated pages: the app finds it.
    assert results["app"]["per_query"]["1 word, seed topic"]["total"] > 0
