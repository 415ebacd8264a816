"""gunicorn settings for a production run: `DJANGO_ENV=production gunicorn archive.wsgi` (see README).

Every value can be overridden by the environment, so one file serves a laptop check and a real server.
"""

import multiprocessing
import os

# Behind a TLS-terminating proxy (nginx, a load balancer) on the same host; the proxy sets X-Forwarded-Proto.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: views are short and CPU-bound (Persian analysis, Whoosh); 2×cores+1 is gunicorn's rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow leaks (fragmentation) never build up, but rarely: a new worker starts
# without the search index's per-segment column caches, and on a large index its first searches pay seconds to
# read them again. At 2,000 (the old value) a busy worker was recycled every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# The app is loaded once in the master and shared by the forked workers: hazm's dictionaries, which the search
# analyzer needs, take seconds to load; loaded per worker they would stall each worker's first search (and every
# worker recycled by max_requests).
preload_app = True
# Only the proxy on this host may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app writes one JSON line per request itself (archive.logging); gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server) -> None:
    """In the master, before forking: load the analyzer's dictionaries so every worker starts with them."""
    from archive.search.analysis import lexicon

    lexicon()
    # Index work a killed process left undone, and any difference between index and database, are dealt with
    # here, once, before any worker serves a request (SEARCH_CHECK_ON_START=0 skips it).
    if os.environ.get("SEARCH_CHECK_ON_START", "1") != "0":
        from archive.search.sync import startup_check

        startup_check()
