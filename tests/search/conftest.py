"""Search tests share the session's seeded database and its index (built by the import's signals)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def search_index(django_db_setup, django_db_blocker):
    """The session index, rebuilt once from the seeded database so every search test starts from the same state."""
    from archive.search import rebuild_index

    with django_db_blocker.unblock():
        return rebuild_index()


@pytest.fixture
def indexed(search_index, db):
    return search_index
