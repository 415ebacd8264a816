"""Whether a database error means "busy, try again" rather than "broken", on either engine.

SQLite has one writer: past its busy timeout a write fails with "database is locked". PostgreSQL locks rows and
tables: past `lock_timeout` (settings: 20 s, as SQLite's busy timeout) a statement fails with SQLSTATE 55P03,
and two transactions waiting on each other are broken up by a deadlock error (40P01) or, under stricter
isolation, a serialization failure (40001). Each is a moment of contention: an import retries the page, a
request answers 503 with Retry-After (archive.request_guard), neither is a server error.
"""

from __future__ import annotations

from django.db import OperationalError

BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})  # lock_not_available, deadlock, serialization failure


def database_busy(error: BaseException) -> bool:
    if not isinstance(error, OperationalError):
        return False
    text = str(error)
    if "database is locked" in text or "database table is locked" in text:
        return True
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in BUSY_SQLSTATES
