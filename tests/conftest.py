"""Shared test set-up: the five seeds imported once per session into the test database."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

# Live-server browser tests run Django's ORM from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--search-backend",
        default=None,
        help="the search engine the suite runs on: whoosh (default), tantivy or memory (also SEARCH_BACKEND)",
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory, pytestconfig):
    from django.conf import settings

    if pytestconfig.getoption("--search-backend"):
        settings.SEARCH_BACKEND = pytestconfig.getoption("--search-backend")
    # A search index of the test session's own, never the developer's.
    settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("index")
    with django_db_blocker.unblock():
        call_command("import_pages", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def private_index(settings, tmp_path, db):
    """An index of the test's own, built from the database as the test starts. A test that changes data inside a
    transaction that is rolled back must not leave the session's index holding documents that no longer exist;
    and the index is built up front, as the commands build it, because a write meeting a missing index starts a
    background repair that would read the database beside the test."""
    from archive.search import ensure_index

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    assert ensure_index()
    return settings.SEARCH_INDEX_DIR


def seed_text(name_prefix: str) -> str:
    (path,) = SEEDS.glob(f"{name_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _nothing_pending_after_commit():
    """A test's rolled-back transaction leaves no gathered after-commit work for the next test."""
    from archive import after_commit

    after_commit.reset()
    yield
    after_commit.reset()


@pytest.fixture(autouse=True)
def _counting_clock_held(monkeypatch):
    """The rate limit's and the login throttle's windows do not turn over during a test: a window restarts on
    the clock's multiples of its length, and a test's few requests (five logins take two seconds) crossing one
    would be counted from zero again."""
    from archive import counters

    now = time.time()
    monkeypatch.setattr(counters, "clock", lambda: now)
