"""Concurrent writers on one database: two import processes, admin edits, and a database held locked.

Real processes on a database of their own (tests/hardening/databases.py), SQLite or PostgreSQL: nothing may
fail with "database is locked" (or a lock timeout), no page may be imported twice or half, no admin edit may be
lost, each page is counted once, and the search index ends up agreeing with the database.

The lock held is each engine's own: on SQLite the one write lock (BEGIN IMMEDIATE), on PostgreSQL table locks
that stop every writer of articles and comments (EXCLUSIVE: readers go on), which is what a long admin save or a
restore holding its tables looks like there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.hardening.databases import ON_POSTGRES, ProcessDatabase, process_database

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

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

SQLITE_LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # the write lock, as a long admin save or another importer would hold it
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.execute("COMMIT")
    """
)

POSTGRES_LOCKER = textwrap.dedent(
    """
    import psycopg, sys, time
    with psycopg.connect(sys.argv[1]) as db:
        # Every writer of articles and comments waits; readers (ACCESS SHARE) do not.
        db.execute("LOCK TABLE archive_article, archive_comment IN EXCLUSIVE MODE")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def hold_lock(database: ProcessDatabase, seconds: float) -> subprocess.Popen:
    if ON_POSTGRES:
        locker = database.start("-c", POSTGRES_LOCKER, database.url, str(seconds))
    else:
        locker = database.start("-c", SQLITE_LOCKER, database.url.removeprefix("sqlite:///"), str(seconds))
    assert locker.stdout.readline().strip() == "locked"
    return locker


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory) -> ProcessDatabase:
    """A migrated database of its own holding the seeds, and the environment that points manage.py at it."""
    database = process_database(tmp_path_factory.mktemp("concurrency"))
    result = database.manage("import_pages")
    assert result.returncode == 0, result.stderr
    yield database
    database.drop()


def new_pages(folder: Path, copies: int) -> Path:
    """Pages the archive does not hold yet: the seeds under new file names (so new articles)."""
    pages = folder / "incoming"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir()
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, pages / f"copy{n}_{seed.name}")
    return pages


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def test_two_importers_and_admin_edits_at_once_under_a_held_lock(archive_db):
    pages = new_pages(archive_db.folder, copies=1)
    # Everyone starts while another connection holds the write lock for 3 s: they must wait, not fail.
    locker = hold_lock(archive_db, 3)
    started = time.monotonic()
    importers = [archive_db.start("manage.py", "import_pages", str(pages)) for _ in range(2)]
    editor = archive_db.start("-c", EDITOR, "12")
    results = [finish(p) for p in importers]
    code, out, err = finish(editor)
    assert finish(locker)[0] == 0
    assert time.monotonic() - started >= 3

    created = 0
    for status, stdout, stderr in results:
        assert status == 0, stderr
        assert "database is locked" not in stderr and "lock timeout" not in stderr
        created += int(stdout.strip().splitlines()[-1].split(" created")[0])
    assert created == len(list(pages.iterdir()))  # each page counted "created" by one importer only
    assert code == 0, err
    edit = json.loads(out.strip().splitlines()[-1])
    assert set(edit["statuses"]) == {302}, edit["statuses"]  # every admin save went through
    assert edit["body"] == "ویرایش شماره 11"  # the last edit is the one stored: none lost

    # Each new page exactly once, whole: the same number of comments as its seed has.
    counts = dict(
        archive_db.sql(
            "SELECT a.source_file, COUNT(c.id) FROM archive_article a LEFT JOIN archive_comment c "
            "ON c.article_id = a.id GROUP BY a.source_file",
        )
    )
    copies = {name.split("_", 1)[1]: n for name, n in counts.items() if name.startswith("copy0_")}
    assert copies == {seed.name: counts[seed.name] for seed in SEEDS.glob("*.txt")}
    assert len(counts) == 2 * len(copies)
    # And the index holds exactly what the database holds (on PostgreSQL two importers once left an article's
    # paragraphs out: each had read the article before the other's commit and written it after).
    check = archive_db.manage("check_index", "--dry-run")
    assert check.returncode == 0 and "the index agrees with the database" in check.stdout, check.stdout + check.stderr


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
    """WAL (SQLite), MVCC (PostgreSQL): a long write does not stop the site from serving pages."""
    locker = hold_lock(archive_db, 3)
    reader_result: dict = {}

    def read():
        started = time.monotonic()
        rows = archive_db.sql("SELECT COUNT(*) FROM archive_article")
        reader_result.update(rows=rows, seconds=time.monotonic() - started)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=10)
    finish(locker)
    assert reader_result["rows"][0][0] >= 5 and reader_result["seconds"] < 1.0


def test_a_postgresql_lock_timeout_or_deadlock_is_busy_and_other_errors_are_not():
    from django.db import OperationalError

    from archive.database_busy import database_busy

    class DriverError(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def wrapped(sqlstate: str) -> OperationalError:
        error = OperationalError("canceling statement")
        error.__cause__ = DriverError(sqlstate)
        return error

    assert database_busy(OperationalError("database is locked"))
    assert database_busy(wrapped("55P03")) and database_busy(wrapped("40P01"))
    assert not database_busy(wrapped("42P01"))  # undefined table: broken, not busy
    assert not database_busy(OperationalError("no such table: archive_article"))


RACE = textwrap.dedent(
    """
    import contextlib, sys, threading, django
    django.setup()
    from django.db import connection, transaction
    import archive.search
    from archive.search import sync
    from archive.search.analysis import lexicon
    from archive.search.signals import deferred_indexing
    from archive.models import Article, Paragraph

    if sys.argv[1] == "without-lock":  # the old order, to show what the test catches
        sync.sync_lock = lambda *args, **kwargs: contextlib.nullcontext()
    lexicon(), archive.search.get_backend().document_count()  # loaded before the clock matters
    article = Article.objects.order_by("pk").first()
    real_documents = archive.search.article_documents
    a_has_read, b_committed, b_indexed = threading.Event(), threading.Event(), threading.Event()

    def documents_then_pause(item):
        documents = list(real_documents(item))
        if threading.current_thread().name == "A":  # A has read the article as it was, and is slow to write
            a_has_read.set()
            b_committed.wait(timeout=60)
            b_indexed.wait(timeout=5)  # B's own reindex, unless the lock keeps B waiting for A
        return documents

    archive.search.article_documents = documents_then_pause

    def a():
        sync.reindex([article.pk])
        connection.close()

    def b():  # a re-import of the same page: its paragraphs replaced (new ids), committed while A is slow
        a_has_read.wait(timeout=60)
        with deferred_indexing() as gathered:  # the reindex below is the one after the commit, by hand
            with transaction.atomic():
                texts = list(article.paragraphs.values_list("text", flat=True))
                article.paragraphs.all().delete()
                Paragraph.objects.bulk_create(
                    Paragraph(article=article, position=i, text=t) for i, t in enumerate(texts)
                )
                sync.record([article.pk])
            b_committed.set()
            gathered.clear()
            sync.reindex([article.pk])
            b_indexed.set()
        connection.close()

    threads = [threading.Thread(target=a, name="A"), threading.Thread(target=b, name="B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(sync.compare([article.pk]).describe())
    """
)


def test_of_two_writers_of_one_article_the_last_to_write_read_last(archive_db):
    """The cause of an article's paragraphs missing from the index after two importers on PostgreSQL: one read
    the article, the other replaced its paragraphs, indexed them and committed, then the first wrote what it had
    read (paragraph ids the database no longer has). The index lock is taken before the database is read."""
    race = archive_db.start("-c", RACE, "with-lock")
    out, err = race.communicate(timeout=120)
    assert race.returncode == 0, err
    assert out.strip().splitlines()[-1] == "the index agrees with the database"
