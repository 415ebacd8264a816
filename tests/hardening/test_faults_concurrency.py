"""Concurrent writers on one SQLite file: two import processes, admin edits, and a database held locked.

Real processes on a real database file (the test database is in memory and private to pytest): nothing may
fail with "database is locked", no page may be imported twice or half, and no admin edit may be lost.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite's one-writer locking is the subject"
)

EDITOR = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone
    from archive.models import Comment

    rounds = int(sys.argv[1])
    user, _ = User.objects.get_or_create(username="editor", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    comment = Comment.objects.select_related("article").order_by("article__source_file", "position").first()
    statuses = []
    for i in range(rounds):
        comment.refresh_from_db()
        posted = timezone.localtime(comment.posted)
        data = {
            "article": comment.article_id, "position": comment.position, "author": comment.author,
            "posted_0": posted.strftime("%Y-%m-%d"), "posted_1": posted.strftime("%H:%M:%S"),
            "body": f"ویرایش شماره {i}", "parent": comment.parent_id or "", "_save": "ذخیره",
        }
        response = client.post(f"/admin/archive/comment/{comment.pk}/change/", data)
        statuses.append(response.status_code)
    comment.refresh_from_db()
    print(json.dumps({"pk": comment.pk, "body": comment.body, "statuses": statuses}))
    """
)

LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # the write lock, as a long admin save or another importer would hold it
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.execute("COMMIT")
    """
)


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite file holding the seeds, and the environment that points manage.py at it."""
    folder = tmp_path_factory.mktemp("concurrency")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'archive.sqlite3'}",
        SEARCH_INDEX_DIR=str(folder / "index"),
        DJANGO_SETTINGS_MODULE="archive.settings",
        BAYEGAN_VAR_DIR=str(folder),
    )
    for args in (["migrate", "--noinput", "-v0"], ["import_pages"]):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
    env["FOLDER"] = str(folder)
    return env


def new_pages(folder: Path, copies: int) -> Path:
    """Pages the archive does not hold yet: the seeds under new file names (so new articles)."""
    pages = folder / "incoming"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir()
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, pages / f"copy{n}_{seed.name}")
    return pages


def start(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def sql(env: dict[str, str], query: str) -> list[tuple]:
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


def test_two_importers_and_admin_edits_at_once_under_a_held_lock(archive_db):
    path = archive_db["DATABASE_URL"].removeprefix("sqlite:///")
    pages = new_pages(Path(archive_db["FOLDER"]), copies=1)
    # Everyone starts while another connection holds the write lock for 3 s: they must wait, not fail.
    locker = start(archive_db, "-c", LOCKER, path, "3")
    assert locker.stdout.readline().strip() == "locked"
    started = time.monotonic()
    importers = [start(archive_db, "manage.py", "import_pages", str(pages)) for _ in range(2)]
    editor = start(archive_db, "-c", EDITOR, "12")
    results = [finish(p) for p in importers]
    code, out, err = finish(editor)
    assert finish(locker)[0] == 0
    assert time.monotonic() - started >= 3

    for status, _stdout, stderr in results:
        assert status == 0, stderr
        assert "database is locked" not in stderr
    assert code == 0, err
    edit = json.loads(out.strip().splitlines()[-1])
    assert set(edit["statuses"]) == {302}, edit["statuses"]  # every admin save went through
    assert edit["body"] == "ویرایش شماره 11"  # the last edit is the one stored: none lost

    # Each new page exactly once, whole: the same number of comments as its seed has.
    counts = dict(
        sql(
            archive_db,
            "SELECT a.source_file, COUNT(c.id) FROM archive_article a LEFT JOIN archive_comment c "
            "ON c.article_id = a.id GROUP BY a.source_file",
        )
    )
    copies = {name.split("_", 1)[1]: n for name, n in counts.items() if name.startswith("copy0_")}
    assert copies == {seed.name: counts[seed.name] for seed in SEEDS.glob("*.txt")}
    assert len(counts) == 2 * len(copies)


@pytest.mark.urls("tests.hardening.locked_urls")
def test_a_lock_held_past_the_busy_timeout_is_a_503_not_a_500(db, client):
    """Beyond the busy timeout SQLite gives up; the reader gets 'try again', never a server error."""
    client.raise_request_exception = False
    page = client.get("/save/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "try again" in page.content.decode()
    api = client.get("/api/save")
    assert api.status_code == 503 and api.json()["error"] == "busy"
    # Any other database error is not dressed up as "busy": it stays a server error, logged with its trace.
    assert client.get("/broken/").status_code == 500


def test_busy_timeout_and_immediate_transactions_are_configured():
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["timeout"] >= 5 and options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]


def test_readers_keep_reading_while_a_writer_holds_the_lock(archive_db):
    """WAL: a long write does not stop the site from serving pages."""
    path = archive_db["DATABASE_URL"].removeprefix("sqlite:///")
    locker = start(archive_db, "-c", LOCKER, path, "3")
    assert locker.stdout.readline().strip() == "locked"
    reader_result: dict = {}

    def read():
        started = time.monotonic()
        rows = sql(archive_db, "SELECT COUNT(*) FROM archive_article")
        reader_result.update(rows=rows, seconds=time.monotonic() - started)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=10)
    finish(locker)
    assert reader_result["rows"][0][0] >= 5 and reader_result["seconds"] < 1.0
