"""The one after-commit helper: work gathered per key, done once when the transaction commits, at once outside
one, and never lost to a savepoint rolled back before (or after) the call that registered it."""

from __future__ import annotations

import pytest
from django.db import transaction

from archive.after_commit import after_commit, pending_items


class Recorder:
    def __init__(self) -> None:
        self.calls: list[set] = []

    def __call__(self, items: set) -> None:
        self.calls.append(items)


def test_outside_a_transaction_the_work_is_done_at_once(django_db_blocker):
    work = Recorder()
    with django_db_blocker.unblock():  # autocommit, no test transaction around (nothing is written)
        assert not transaction.get_connection().in_atomic_block
        after_commit("test", work, [1])
        after_commit("test", work, [2])
    assert work.calls == [{1}, {2}]


@pytest.mark.django_db
def test_in_a_transaction_the_work_is_done_once_at_commit_with_everything_gathered(django_capture_on_commit_callbacks):
    work = Recorder()
    with django_capture_on_commit_callbacks(execute=True):
        for item in (1, 2, 2, 3):
            after_commit("test", work, [item])
        assert work.calls == []  # not before the commit
        assert pending_items("test") == {1, 2, 3}
    assert work.calls == [{1, 2, 3}]
    assert pending_items("test") == set()


@pytest.mark.django_db
def test_keys_are_separate(django_capture_on_commit_callbacks):
    index, pages = Recorder(), Recorder()
    with django_capture_on_commit_callbacks(execute=True):
        after_commit("index", index, [1])
        after_commit("pages", pages)
        after_commit("index", index, [2])
    assert index.calls == [{1, 2}] and pages.calls == [set()]


@pytest.mark.django_db
def test_a_rolled_back_savepoint_before_the_next_call_loses_nothing(django_capture_on_commit_callbacks):
    """The first registration is dropped with its savepoint; a later call in the same transaction must still
    get the work done (a helper registering once per transaction would lose it here)."""
    work = Recorder()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                after_commit("test", work, [1])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        after_commit("test", work, [2])
    assert len(work.calls) == 1 and 2 in work.calls[0]


@pytest.mark.django_db
def test_work_registered_only_in_a_rolled_back_savepoint_is_not_done(django_capture_on_commit_callbacks):
    work = Recorder()
    with django_capture_on_commit_callbacks(execute=True):
        after_commit("other", Recorder())
        try:
            with transaction.atomic():
                after_commit("test", work, [1])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert work.calls == []


def test_a_failing_work_is_logged_and_does_not_fail_the_caller(caplog, django_db_blocker):
    def broken(items: set) -> None:
        raise ValueError("index unavailable")

    with django_db_blocker.unblock():
        after_commit("test", broken, [1])
    assert "after-commit work 'test' failed" in caplog.text
