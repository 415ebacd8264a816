"""The backup path: export_archive, then load_archive (archive.ingest.restore) into an empty database, gives back
the same archive, and writes the search index once."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.exporting import export_archive
from archive.ingest.restore import ExportFormatError, restore_archive
from archive.models import Article, Comment, Paragraph

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_load_into_an_emptied_archive_reproduces_the_export_and_the_raw_pages():
    original = export_archive()
    raw = {a.source_file: a.raw for a in Article.objects.all()}
    Article.objects.all().delete()
    assert Comment.objects.count() == 0

    counts = restore_archive(original, settings.FIXTURES_DIR, settings.SEEDS_DIR)

    assert counts == {"articles": len(original["articles"]), "removed": 0, "without_raw": 0}
    assert export_archive() == original
    assert {a.source_file: a.raw for a in Article.objects.all()} == raw
    assert Comment.objects.count() == sum(len(a["comments"]) for a in original["articles"])


def test_loading_twice_changes_nothing_the_second_time():
    original = export_archive()
    restore_archive(original, settings.FIXTURES_DIR)
    first = (sorted(Article.objects.values_list("pk", "slug")), Paragraph.objects.count(), Comment.objects.count())
    restore_archive(original, settings.FIXTURES_DIR)
    second = (sorted(Article.objects.values_list("pk", "slug")), Paragraph.objects.count(), Comment.objects.count())
    assert first == second
    assert export_archive() == original


class IndexWrites:
    """Counts what is written to the search index, at the backend (whatever asks: signals, outbox or restore)."""

    def __init__(self, monkeypatch) -> None:
        from archive.search import get_backend

        self.calls: list[str] = []
        backend = get_backend()
        for name in ("replace_article", "delete_article", "rebuild"):
            monkeypatch.setattr(backend, name, self._counting(name, getattr(backend, name)))

    def _counting(self, name, method):
        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_restore_writes_the_index_once(settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    from archive.search import search

    settings.SEARCH_INDEX_DIR = tmp_path / "index"  # an index of this test's own
    original = export_archive()
    Article.objects.all().delete()
    writes = IndexWrites(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction never commits
        restore_archive(original, settings.FIXTURES_DIR, settings.SEEDS_DIR)
    # One rebuild, after the restore committed: no update per article (five articles, hundreds of rows).
    assert writes.calls == ["rebuild"]
    restored = search("تلگرام", per_page=100)
    assert {hit.article for hit in restored.hits} >= {a["slug"] for a in original["articles"][:3]}


def test_a_failed_restore_writes_nothing_to_the_index(
    settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    broken = export_archive()
    del broken["articles"][-1]["title"]
    writes = IndexWrites(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ExportFormatError):
        restore_archive(broken, settings.FIXTURES_DIR)
    assert writes.calls == []


def test_articles_missing_from_the_file_are_removed():
    original = export_archive()
    smaller = {"articles": original["articles"][1:]}
    restore_archive(smaller, settings.FIXTURES_DIR)
    assert export_archive() == smaller


def test_a_bad_record_half_way_changes_nothing():
    original = export_archive()
    broken = json.loads(json.dumps(original))
    broken["articles"][0]["title"] = "عنوان تازه که نباید بماند"
    last_with_comments = [a for a in broken["articles"] if a["comments"]][-1]
    assert last_with_comments is not broken["articles"][0]
    del last_with_comments["comments"][-1]["posted_utc"]
    with pytest.raises(ExportFormatError, match=last_with_comments["source_file"]):
        restore_archive(broken, settings.FIXTURES_DIR)
    assert export_archive() == original


@pytest.mark.parametrize(
    ("content", "message"),
    [(b'{"articles": [', "not a JSON export"), (b"\xff\xfe\x00", "not a JSON export"), (b"[1, 2]", "articles")],
)
def test_command_refuses_a_file_that_is_not_an_export(tmp_path, content, message):
    path = tmp_path / "backup.json"
    path.write_bytes(content)
    before = export_archive()
    with pytest.raises(CommandError, match=message):
        call_command("load_archive", str(path), stdout=io.StringIO())
    assert export_archive() == before


def test_fresh_database_from_the_command_line(tmp_path):
    """The real backup path: two processes, a new SQLite file, nothing shared but the export file."""
    backup = tmp_path / "backup.json"
    out = io.StringIO()
    call_command("export_archive", stdout=out)
    backup.write_text(out.getvalue(), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}", SEARCH_INDEX_DIR=str(tmp_path / "index"))

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, timeout=300)

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    loaded = manage("load_archive", str(backup), "--pages", str(settings.SEEDS_DIR))
    assert loaded.returncode == 0, loaded.stderr.decode()
    again = manage("load_archive", str(backup), "--pages", str(settings.SEEDS_DIR))
    assert again.returncode == 0, again.stderr.decode()
    exported = manage("export_archive")
    assert json.loads(exported.stdout.decode("utf-8")) == json.loads(backup.read_text(encoding="utf-8"))
