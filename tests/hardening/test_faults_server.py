"""The index deleted under a running multi-worker server (gunicorn, a file database, generated pages).

Every search answers a 503 with Retry-After (or, once repaired, the right answer) until the index is back,
then the right answer again; it is rebuilt once, in the background of the worker that found it missing (the
others skip the repair lock and answer 503); no request waits past gunicorn's timeout and no worker is killed
for it. The default run uses SERVER_FAULT_ARTICLES=30 pages to stay well under a minute; the operator's case
is 600 (`SERVER_FAULT_ARTICLES=600`), the same mechanism. SEARCH_BACKEND chooses the engine, as for the app.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bench.generator import generate
from bench.web import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = int(os.environ.get("SERVER_FAULT_ARTICLES", "30"))
TIMEOUT = 20  # gunicorn's worker timeout here: a request must never wait longer
PATIENCE = 180  # seconds the index may take to come back before the test gives up


def _get(url: str) -> tuple[int, dict, str]:
    """(status, headers, body) of a GET; a request past gunicorn's timeout raises (and fails the test)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


@pytest.fixture
def server(tmp_path, pytestconfig):
    engine = pytestconfig.getoption("--search-backend") or os.environ.get("SEARCH_BACKEND", "whoosh")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "BAYEGAN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        BAYEGAN_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        SEARCH_BACKEND=engine,
        API_RATE_LIMIT="0",
        GUNICORN_WORKERS="2",
        GUNICORN_TIMEOUT=str(TIMEOUT),
    )
    generate(ARTICLES, tmp_path / "generated")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["import_pages", str(tmp_path / "generated" / "pages"),
                                                "--fixtures", str(tmp_path / "generated" / "fixtures")]):  # fmt: skip
        done = subprocess.run(manage + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/api/schema")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield base, tmp_path / "index", tmp_path / "gunicorn.log", tmp_path / "generated" / "pages"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _a_word(pages: Path) -> str:
    """A long word of the first generated page's first line (its title or kicker): found, whatever the seed."""
    first = sorted(pages.iterdir())[0].read_text(encoding="utf-8").splitlines()
    line = next(line for line in first if len(line.split()) > 2)
    return max(line.split(), key=len)


def _search(base: str, q: str) -> tuple[int, dict, dict | None]:
    status, headers, body = _get(base + "/api/search?" + urllib.parse.urlencode({"q": q}))
    return status, headers, json.loads(body) if body.startswith("{") else None


def test_a_deleted_index_answers_503_until_it_is_back_then_right(server):
    base, index, log, pages = server
    word = _a_word(pages)
    status, _, before = _search(base, word)
    assert status == 200 and before["total"] > 0, (word, status, before)

    shutil.rmtree(index)

    statuses = []
    deadline = time.monotonic() + PATIENCE
    answered_right = 0
    while answered_right < 4:  # both workers, twice each (most likely): the index is back for all of them
        assert time.monotonic() < deadline, f"the index did not come back: {statuses[-20:]}"
        status, headers, found = _search(base, word)
        statuses.append(status)
        if status == 503:
            assert headers.get("Retry-After", "").isdigit() and "error" in found
            page_status, page_headers, page = _get(base + "/search?" + urllib.parse.urlencode({"q": word}))
            assert page_status in (200, 503)
            if page_status == 503:
                assert "در حال بازسازی" in page and page_headers.get("Retry-After", "").isdigit()
            answered_right = 0
            time.sleep(0.2)
        else:
            assert status == 200, statuses
            # Never a silent empty answer: the same total and facets (scores may move by a hair: the index was
            # built in import batches before, in one rebuild now).
            assert (found["total"], found["facets"]) == (before["total"], before["facets"])
            answered_right += 1
    assert 503 in statuses  # the index was really gone, and nobody rebuilt it inside a request
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "WORKER TIMEOUT" not in text
    assert text.count("rebuilding it in the background") >= 1
    assert text.count("rebuilt") <= 2  # once (a second only if a worker found it empty after the first)
