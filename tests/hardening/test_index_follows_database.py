"""The index follows the database whatever stops an import: kill -9 half-way, run again, nothing is lost.

Real processes on a database of the test's own (SQLite file, or a database on the suite's PostgreSQL server):
an importer is killed with SIGKILL after about half of 60 pages committed (none of them indexed yet: the index
follows in batches), then run again. Every page in the database must then be found by a search for a word only
it holds, no hit may point at a row the database does not have, and `check_index` must find nothing to repair.
"""

from __future__ import annotations

import json
import os
import signal
import textwrap
import time
from pathlib import Path

import pytest

from tests.hardening.databases import ProcessDatabase, process_database

PAGES = 60
# Letters that fold to themselves (no ی/ي, ک/ك, ه/ة or آ/ا pairs): made-up names no dictionary stems.
LETTERS = "بپتثجچحخدذرزژسشصضطظعغفقلمن"

SEARCHER = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from archive.models import Article, Comment, Paragraph, Statement
    from archive.search import search, sync

    words = json.loads(sys.stdin.read())
    found = {}
    for word in words:
        results = search(word, per_page=100)
        found[word] = {
            "total": results.total,  # documents the index matched
            "shown": len(results.hits),  # of them, those the database has (a hit on a missing row is dropped)
            "articles": sorted({hit.source_file for hit in results.hits}),
        }
    print(json.dumps({"found": found, "check": sync.compare().describe()}, ensure_ascii=False))
    """
)


def code_word(n: int, salt: int = 0) -> str:
    """A name no other page holds (a factory's made-up brand), from the page number."""
    n = n + 1000 * salt
    letters = []
    for _ in range(3):
        n, digit = divmod(n, len(LETTERS))
        letters.append(LETTERS[digit])
    return "ژ" + "".join(letters) + "گ"


def write_pages(folder: Path, salt: int) -> dict[str, str]:
    """60 short news pages, each naming a factory of its own; returns {file name: its word}."""
    folder.mkdir(parents=True, exist_ok=True)
    words = {}
    for n in range(PAGES):
        word = code_word(n, salt)
        name = f"{n:03d}_karkhane.txt"
        (folder / name).write_text(
            f"بازدید استاندار از کارخانه {word}\n\n"
            f"به گزارش خبرنگار ما، مدير کارخانه {word} روز دوشنبه گفت: توليد این واحد امسال دو برابر شده است.\n\n"
            f"او افزود که کارخانه {word} در سال ۱۳۹۷ با ۱۲۰ کارگر کار خود را آغاز کرده بود.\n",
            encoding="utf-8",
        )
        words[name] = word
    return words


def kill_half_way(database: ProcessDatabase, pages: Path) -> None:
    """Start an import and SIGKILL it once about half the pages have committed (pages not yet in the database
    in the form they now have on disk)."""
    before = {sha for (sha,) in database.sql("SELECT sha256 FROM archive_article")}
    importer = database.start("manage.py", "import_pages", str(pages))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and importer.poll() is None:
        done = sum(sha not in before for (sha,) in database.sql("SELECT sha256 FROM archive_article"))
        if done >= PAGES // 2:
            break
        time.sleep(0.02)
    assert importer.poll() is None, "the import finished before it could be killed"
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL


def searched(database: ProcessDatabase, words: list[str]) -> tuple[dict[str, dict], str]:
    """Each word's hits, and what check_index would say of index and database."""
    process = database.start("-c", SEARCHER)
    out, err = process.communicate(json.dumps(words), timeout=240)
    assert process.returncode == 0, err
    answer = json.loads(out.strip().splitlines()[-1])
    return answer["found"], answer["check"]


def assert_index_agrees(database: ProcessDatabase, words: dict[str, str]) -> None:
    in_database = {name for (name,) in database.sql("SELECT source_file FROM archive_article")}
    assert in_database == set(words)
    found, check = searched(database, sorted(words.values()))
    for name, word in words.items():
        hits = found[word]
        assert hits["articles"] == [name] and hits["shown"] == hits["total"], (name, word, hits)
    # Every document the index holds is one the database has, and the other way round.
    assert check == "the index agrees with the database"


@pytest.fixture
def database(tmp_path):
    database = process_database(tmp_path / "archive")
    yield database
    database.drop()


def test_an_import_killed_half_way_and_run_again_loses_nothing(database, tmp_path):
    pages = tmp_path / "pages"
    words = write_pages(pages, salt=0)
    kill_half_way(database, pages)
    committed = database.sql("SELECT COUNT(*) FROM archive_article")[0][0]
    assert 0 < committed < PAGES
    assert database.sql("SELECT COUNT(DISTINCT article_id) FROM archive_indextask")[0][0] == committed

    again = database.manage("import_pages", str(pages))
    assert again.returncode == 0, again.stderr
    assert f"{PAGES - committed} created, 0 updated, {committed} unchanged, 0 failed" in again.stdout
    assert_index_agrees(database, words)
    assert database.sql("SELECT COUNT(*) FROM archive_indextask") == [(0,)]

    # A re-import of changed pages killed half-way leaves no passage of the old pages in the index.
    new_words = write_pages(pages, salt=1)
    kill_half_way(database, pages)
    again = database.manage("import_pages", str(pages))
    assert again.returncode == 0, again.stderr
    assert_index_agrees(database, new_words)
    old, _ = searched(database, sorted(words.values()))
    assert all(hits["total"] == 0 for hits in old.values()), old


def test_check_index_repairs_only_the_difference(database, tmp_path):
    pages = tmp_path / "pages"
    words = write_pages(pages, salt=2)
    result = database.manage("import_pages", str(pages))
    assert result.returncode == 0, result.stderr
    # Behind Django's back: one article's passages replaced, one article gone, one index document dropped.
    first, second = (row[0] for row in database.sql("SELECT id FROM archive_article ORDER BY id LIMIT 2"))
    database.sql(f"UPDATE archive_paragraph SET id = id + 100000 WHERE article_id = {first}")
    for table in ("statement", "appearance", "comment", "articlesource", "paragraph"):
        database.sql(f"DELETE FROM archive_{table} WHERE article_id = {second}")
    database.sql(f"DELETE FROM archive_article WHERE id = {second}")
    gone = next(
        name for name in words if name not in {r[0] for r in database.sql("SELECT source_file FROM archive_article")}
    )
    words.pop(gone)

    report = database.manage("check_index", "--dry-run")
    assert report.returncode != 0
    assert "1 in the index but not in the database" in report.stdout and "1 stale in the index" in report.stdout
    repaired = database.manage("check_index")
    assert repaired.returncode == 0, repaired.stderr
    assert "reindexed 2 articles" in repaired.stdout
    assert_index_agrees(database, words)
