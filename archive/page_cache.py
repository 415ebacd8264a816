"""Rendered reading-room pages, kept in Django's cache until anything in the archive changes.

A page is stored under a key made of the archive-wide *version* and the request's path with its query string.
Any save or delete of an archive model (the admin, the importer, re-attribution) writes a new version when
its transaction commits, so the next request renders afresh: an edit shows at once, and nothing has to know
which pages a change touches (a person's new name shows on every article that quotes them).

The version lives in a small file under VAR_DIR (`PAGE_CACHE_VERSION_FILE`), because gunicorn's workers each
have their own memory and must all see one version; reading it costs one small file read per request, far
less than a database query. A fingerprint of the code and templates is part of it, so a deploy never serves
pages its predecessor rendered. Pages sit in two layers (settings `CACHES`): the worker's own memory
("pages"), then a folder every worker on the machine shares ("pages_shared"), so that a change costs one
render, not one per worker (and a worker recycled by gunicorn's max_requests starts warm). With an in-memory
database (the tests) the version and the pages stay inside the process that alone sees that database.

Changes made behind Django's back (a database file restored from a backup, raw SQL) are not seen: record
one afterwards with `manage.py shell -c "from archive.page_cache import bump_version; bump_version()"`;
`PAGE_CACHE_SECONDS` bounds how long a page lives regardless. Several machines serving one database need
the version file on shared storage.

What is never cached: anything but GET; a request that carries a session or messages cookie (a signed-in
editor, a pending message: per-user); a response that is not a plain 200, or that sets a cookie (a CSRF
token would be one user's), or varies; anything rendered inside an open transaction (it may be rolled
back). Only the view's own response is stored; the middleware (CSP, security headers, logging) runs on
every request, hit or miss, exactly as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import threading
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

from archive.after_commit import after_commit

log = logging.getLogger("archive.page_cache")

CACHE_ALIAS = "pages"
SHARED_ALIAS = "pages_shared"
# Pages are kept deflated: a search page shrinks 8-fold at zlib's fastest level (123 KB to 15 KB), so a
# worker keeps its 300 pages in ~5 MB instead of ~35 MB (a worker within 300 MB). Inflating a hit costs
# ~0.2 ms; deflating, once per render, 0.5-3 ms.
PAGE_COMPRESSION = 1
# The shared folder counts its files one store in this many (per worker), not on every store.
CULL_EVERY = 16
# Headers a view may set that belong to the page itself; the middleware adds the rest on every request.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
_ABSENT = object()  # a cache's "no such entry", told apart from any stored value


# ---------------------------------------------------------------------------------------------------------
# The archive-wide version


class SharedPageCache(FileBasedCache):
    """The machine's shared page folder ("pages_shared"): Django's FileBasedCache, which before every store
    lists the whole folder to see whether it is full (1,000 pages: 2 ms of each uncached page's render, in a
    Python glob). Here it looks one store in `CULL_EVERY`, so the folder may hold up to that many pages per
    worker over MAX_ENTRIES before a third of them, chosen at random, is dropped (as Django drops them)."""

    def __init__(self, dir: str, params: dict) -> None:
        super().__init__(dir, params)
        self._stores = 0
        self._stores_lock = threading.Lock()

    # What it stores is a page deflated already (`PAGE_COMPRESSION`): Django's deflating it again saved 6 bytes
    # of 23,500 and cost 0.56 ms a store. Kept as pickled; read back as such.
    def _write_content(self, file, timeout, value) -> None:
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):  # not a file this class wrote: a miss
            log.warning("page cache file for %s unreadable: treated as a miss", key)
        return default

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        value = self.get(key, _ABSENT, version)
        if value is _ABSENT:
            return False
        self.set(key, value, timeout, version)
        return True

    def _cull(self) -> None:
        with self._stores_lock:
            self._stores += 1
            due = self._stores % CULL_EVERY == 1  # the first store of a process looks, then every CULL_EVERY-th
        if due:
            super()._cull()


def _process_local() -> bool:
    # An in-memory database (the test run, its live server a thread of the same process) is seen by this
    # process alone, and so is its version: two test sessions never share pages through VAR_DIR.
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


_process_version = uuid.uuid4().hex


def _code_fingerprint() -> str:
    """The deployed code and templates (their files' sizes and mtimes), once per process: pages on the shared
    disk cache outlive a restart, and must not outlive a deploy; a worker recycled by gunicorn (max_requests)
    finds the same fingerprint and keeps using them."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in (("archive", "*.py"), ("templates", "*.html")):
        for path in sorted((root / folder).rglob(pattern)):
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def current_version() -> str:
    """The version every worker sees: the archive's last change, and the code rendering it."""
    if _process_local():
        return _process_version
    try:
        data = Path(settings.PAGE_CACHE_VERSION_FILE).read_text(encoding="ascii").strip()
    except OSError:
        data = ""  # no change recorded yet (a fresh VAR_DIR)
    return f"{data}.{_fingerprint()}"


_fingerprint = functools.cache(_code_fingerprint)


def bump_version() -> None:
    """Record that the archive changed: a new random token, written whole (temp file + rename), so a reader
    sees the old token or the new one, never half of one; two bumps never share a token (as mtimes could)."""
    global _process_version
    if _process_local():
        _process_version = uuid.uuid4().hex
    else:
        path = Path(settings.PAGE_CACHE_VERSION_FILE)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            temp.write_text(uuid.uuid4().hex, encoding="ascii")
            os.replace(temp, path)
        except OSError:
            # The change itself stands; without a new version cached pages could go stale, so say so loudly.
            log.exception("could not write the page cache version %s: cached pages may be stale", path)
            return
    # Pages of older versions are never read again: free their room now (other workers' memory frees as
    # their entries are culled or expire).
    for cache in _layers():
        cache.clear()


def _changed(**kwargs: object) -> None:
    """A model in the archive changed: bump once when its transaction commits (at once outside one)."""
    after_commit("page-cache-version", lambda _: bump_version())


def connect_signals() -> None:
    """Every archive model's save and delete moves the version on (the admin's bulk delete and the importer's
    replacing of an article's children send these too; the archive has no many-to-many fields)."""
    for model in apps.get_app_config("archive").get_models():
        if getattr(model, "page_cache_ignores", False):  # bookkeeping no page shows (the index outbox)
            continue
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


_kept: dict[str, tuple[str, object]] = {}
_kept_lock = threading.Lock()


def kept_until_changed(name: str, compute: Callable[[], object]) -> object:
    """`compute()`, kept in this process until the archive's version changes: for what every page of a kind
    reads whole and no request alters (the search form's lists of every person and outlet). Inside an open
    transaction it is computed afresh and not kept, as a page is not (the rows may be rolled back)."""
    if _in_transaction():
        return compute()
    version = current_version()
    with _kept_lock:
        found = _kept.get(name)
    if found is not None and found[0] == version:
        return found[1]
    value = compute()
    with _kept_lock:
        _kept[name] = (version, value)
    return value


# ---------------------------------------------------------------------------------------------------------
# The pages


def _in_transaction() -> bool:
    # A page rendered inside an open transaction may show rows that are then rolled back.
    return connection.in_atomic_block


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or _in_transaction():
        return False
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "Vary" not in response
        and not _in_transaction()
    )


def _layers() -> list:
    """This worker's own memory first, then (when configured) the cache every worker on the machine shares:
    a page rendered by one worker is a hit for the others, so each change costs one render, not one per worker."""
    aliases = [CACHE_ALIAS] if _process_local() else [CACHE_ALIAS, SHARED_ALIAS]
    return [caches[alias] for alias in aliases if alias in settings.CACHES]


def _get(key: str) -> tuple | None:
    layers = _layers()
    for depth, cache in enumerate(layers):
        stored = cache.get(key)
        if stored is not None:
            for nearer in layers[:depth]:
                nearer.set(key, stored, settings.PAGE_CACHE_SECONDS)
            return stored
    return None


def _set(key: str, stored: tuple) -> None:
    for cache in _layers():
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)


def _unpacked(stored: tuple | None) -> bytes | None:
    """A stored page's content; None for none, or for an entry that is not a page this code stored (a miss:
    the page is rendered afresh)."""
    try:
        packed, _ = stored
        return zlib.decompress(packed)
    except (TypeError, ValueError, zlib.error):
        return None


def _key(request: HttpRequest, version: str) -> str:
    # Hashed: any path or query string fits any cache backend's key rules.
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{version}:{path}"


def search_index_state() -> str:
    """The search backend's own token for its index's state (a generation, a commit): the search page depends
    on the index as well as the database, and the index is updated after the database commits (possibly by
    another process)."""
    from archive.search import get_backend

    try:
        return get_backend().state()
    except Exception:
        return ""


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, depends_on: Callable[[], str] | None = None
) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while the archive's version (and `depends_on()`, for a page that
    reads more than the database) is unchanged. Use as `@cached_page` or `@cached_page(depends_on=...)`."""
    if view is None:
        return functools.partial(cached_page, depends_on=depends_on)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        # Read before rendering: a change committed during the render moves the version past this key.
        version = current_version() + (f"-{depends_on()}" if depends_on else "")
        key = _key(request, version)
        stored = _get(key)
        content = _unpacked(stored)
        if content is not None:
            response = HttpResponse(content)
            _, headers = stored
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            headers = [(name, response[name]) for name in _KEPT_HEADERS if name in response]
            _set(key, (zlib.compress(response.content, PAGE_COMPRESSION), headers))
        return response

    return wrapper
