"""The search index damaged while the server runs: deleted, truncated, or filled with garbage.

Searches answer a 503 with Retry-After (JSON from the API, a Persian page from /search) while the index is rebuilt
outside the request, never a 500 and never a silent empty answer; once it is back they answer with the same
hits as before.
Each scenario runs in a forked worker process, as under gunicorn: damage that kills the process (SIGBUS from a
memory-mapped index file cut short) fails that test instead of the whole suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache

from archive.models import Article

pytestmark = pytest.mark.django_db

QUERIES = ["تلگرام", "پیام رسان", "فیلترشکن"]


@pytest.fixture
def own_index(settings, tmp_path) -> Path:
    """An index directory of this test's own (the session's index is shared by every other test)."""
    from archive.search import ensure_index

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.API_RATE_LIMIT = "0"
    cache.clear()
    ensure_index()  # built as the commands build it
    return settings.SEARCH_INDEX_DIR


def index_files(path: Path) -> list[Path]:
    """Every engine's own files under the index directory (Whoosh's flat, tantivy's in generations)."""
    return [f for f in path.rglob("*") if f.is_file() and not f.is_symlink() and not f.name.endswith(".lock")]


def wait_for_repair() -> None:
    """Until this process's background repair is done (its thread holds the backend's repair lock), then as the
    commands do: rebuild if it is still broken."""
    from archive.search import ensure_index, get_backend

    with get_backend()._repairing:
        pass
    ensure_index()


def unavailable_or_right(client, before: dict) -> None:
    """While the index is broken: each search is a JSON 503 with Retry-After, or (already repaired) the answer
    from before — never a 500, never 0 hits."""
    for q in QUERIES:
        response = client.get("/api/search", {"q": q})
        if response.status_code == 503:
            assert response["Retry-After"].isdigit() and "error" in response.json()
        else:
            assert response.status_code == 200, (q, response.status_code)
            body = response.json()
            assert (body["total"], [(h["article"], h["paragraph"], h["comment"]) for h in body["hits"]]) == before[q]


def answers(client) -> dict[str, tuple[int, list]]:
    found = {}
    for q in QUERIES:
        response = client.get("/api/search", {"q": q})
        assert response.status_code == 200, (q, response.status_code, response.content[:300])
        body = response.json()
        found[q] = (body["total"], [(h["article"], h["paragraph"], h["comment"]) for h in body["hits"]])
    return found


def damage_delete(path: Path) -> None:
    shutil.rmtree(path)


def damage_truncate(path: Path) -> None:
    for file in index_files(path):
        file.write_bytes(b"")


def damage_garbage(path: Path) -> None:
    for file in index_files(path):
        file.write_bytes(b"\x00garbage" * 100)


def damage_emptied(path: Path) -> None:
    """A sound index with nothing in it (what killed rebuilds used to leave): broken for a non-empty archive."""
    from archive.search import get_backend

    get_backend().rebuild([])


def damage_empty_dir(path: Path) -> None:
    shutil.rmtree(path)
    path.mkdir()


def damage_replace_with_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a directory")


def in_worker(scenario: Callable[[], None]) -> None:
    """Run `scenario` in a forked child (its own copy of this process) and fail with what became of it."""
    pid = os.fork()
    if pid == 0:  # the child: report through the exit status only, never return into pytest
        code = 0
        try:
            scenario()
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        pytest.fail(f"the worker was killed by {signal.Signals(os.WTERMSIG(status)).name}")
    assert os.WEXITSTATUS(status) == 0, "the scenario failed in the worker (traceback above)"


@pytest.mark.parametrize("damage", [damage_delete, damage_truncate, damage_garbage, damage_empty_dir, damage_emptied])
def test_search_keeps_answering_after_the_index_is_damaged(
    client, own_index, damage, django_capture_on_commit_callbacks
):
    in_worker(lambda: damage_scenario(client, own_index, damage, django_capture_on_commit_callbacks))


def damage_scenario(client, own_index: Path, damage: Callable[[Path], None], on_commit) -> None:
    before = answers(client)
    assert before["تلگرام"][0] > 0
    assert own_index.is_dir() and any(own_index.iterdir())

    damage(own_index)

    unavailable_or_right(client, before)
    wait_for_repair()
    assert answers(client) == before
    # And it stays healthy: a second round answers the same, and an edit is still indexed.
    assert answers(client) == before
    article = Article.objects.order_by("source_file").first()
    article.title = f"{article.title} زنبورستان"
    with on_commit(execute=True):  # the index follows commits; the test's transaction never commits
        article.save()
    hits = client.get("/api/search", {"q": "زنبورستان"}).json()["hits"]
    assert any(h["article"] == article.slug for h in hits)


def test_the_html_search_page_is_a_persian_503_until_the_index_is_back(client, own_index):
    assert client.get("/search", {"q": "تلگرام"}).status_code == 200
    damage_delete(own_index)
    response = client.get("/search", {"q": "تلگرام"})
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "در حال بازسازی" in response.content.decode()
    wait_for_repair()
    response = client.get("/search", {"q": "تلگرام"})
    assert response.status_code == 200
    assert "<mark>تلگرام</mark>" in response.content.decode()


def test_a_fresh_process_rebuilds_a_damaged_index(client, own_index):
    """What a restarted worker sees: the index damaged before the process first opened it."""
    from archive import search

    before = answers(client)
    for damage in (damage_truncate, damage_garbage, damage_delete):
        damage(own_index) if own_index.exists() else None
        search._backend = None  # as in a new process: nothing cached
        unavailable_or_right(client, before)
        wait_for_repair()
        assert answers(client) == before, damage.__name__


def test_index_path_taken_by_a_file_is_a_clear_503_not_a_500(client, own_index):
    from archive import search

    answers(client)
    damage_replace_with_file(own_index)
    search._backend = None
    response = client.get("/api/search", {"q": "تلگرام"})
    # Nothing can be rebuilt where a file sits: the API says so in its error shape and asks to retry, and the
    # file is left as it was (nothing of the operator's is deleted to make room).
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable" and int(response["Retry-After"]) > 0
    assert own_index.read_text() == "not a directory"
