"""A database of a test's own that real processes (manage.py, scripts) can share, on the suite's engine.

The test database is private to pytest (in memory on SQLite, inside a transaction on PostgreSQL); tests that run
importers and editors as processes need one on disk: a SQLite file, or a fresh database on the PostgreSQL
server the suite runs against (DATABASE_URL from bin/with-postgres). Either way migrated, with its own search
index and var folder.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_URL.startswith("postgres")


@dataclass
class ProcessDatabase:
    env: dict[str, str]
    folder: Path

    @property
    def url(self) -> str:
        return self.env["DATABASE_URL"]

    def sql(self, query: str) -> list[tuple]:
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url) as db:
                cursor = db.execute(query)
                return cursor.fetchall() if cursor.description else []
        db = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30)
        try:
            with db:
                cursor = db.execute(query)
                return cursor.fetchall() if cursor.description else []
        finally:
            db.close()

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **env}, capture_output=True, text=True
        )

    def drop(self) -> None:
        if ON_POSTGRES:
            import psycopg

            name = urlsplit(self.url).path.lstrip("/")
            with psycopg.connect(SUITE_URL, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def process_database(folder: Path) -> ProcessDatabase:
    """A new, migrated, empty archive database (and index folder) under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    if ON_POSTGRES:
        import psycopg

        name = f"bayegan_proc_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(SUITE_URL, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(urlsplit(SUITE_URL)._replace(path=f"/{name}"))
    else:
        url = f"sqlite:///{folder / 'archive.sqlite3'}"
    env.update(
        DATABASE_URL=url,
        SEARCH_INDEX_DIR=str(folder / "index"),
        DJANGO_SETTINGS_MODULE="archive.settings",
        BAYEGAN_VAR_DIR=str(folder),
        SEARCH_BACKEND="whoosh",
    )
    database = ProcessDatabase(env, folder)
    result = database.manage("migrate", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    return database
