"""Counters exact under concurrency: the API's budget lets exactly its limit through when many processes count
at once, and the admin login closes after too many wrong passwords."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]

COUNTER = textwrap.dedent(
    """
    import json, sys
    from django.conf import settings
    settings.configure(CACHES={"default": {"BACKEND": sys.argv[1], "LOCATION": sys.argv[2]}})
    from archive import counters

    counters.clock = lambda: float(sys.argv[4])  # every process counts in the same window
    window = counters.window("ratelimit", "203.0.113.7", 3600)
    print(json.dumps([counters.count(window) for _ in range(int(sys.argv[3]))]))
    """
)


def test_many_processes_counting_at_once_get_every_number_once(tmp_path):
    """Six workers, 50 requests each, one client: each request gets its own number, so a budget of 60 lets
    exactly 60 through (Django's file cache read-added-wrote, and let about a third more through)."""
    now = str(time.time())
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                COUNTER,
                "archive.counters.LockedFileBasedCache",
                str(tmp_path / "cache"),
                "50",
                now,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    values = []
    for process in processes:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        values += json.loads(out)
    assert sorted(values) == list(range(1, 301))
    assert sum(value <= 60 for value in values) == 60


@pytest.fixture
def login(settings, db):
    settings.LOGIN_RATE_LIMIT = "5/300"
    cache.clear()
    User.objects.create_superuser("editor", password="درست-است-۱۴۰۲")
    yield
    cache.clear()


def attempt(client, password: str, address: str = "198.51.100.4", username: str = "editor"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_admin_login_closes_after_too_many_wrong_passwords(client, login):
    for _ in range(5):
        assert attempt(client, "غلط").status_code == 200  # the form again, with its error
    refused = attempt(client, "درست-است-۱۴۰۲")  # even the right password: no password is checked now
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "رمز نادرست" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_budget_is_per_address_and_per_user_name(client, login):
    for n in range(5):
        attempt(client, "غلط", address=f"198.51.100.{n}", username="editor")
    # Another address, same user name: closed (guessing one account from many addresses).
    assert attempt(client, "غلط", address="192.0.2.9").status_code == 429
    # Another user name from a fresh address: open; a right password logs in.
    User.objects.create_superuser("archivist", password="رمز-دیگر")
    assert attempt(client, "رمز-دیگر", address="192.0.2.10", username="archivist").status_code == 302
