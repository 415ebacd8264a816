"""One settings module, driven by environment variables with safe local defaults."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "production" switches on the hardened settings at the end of this file; anything else is a local run.
DJANGO_ENV = os.environ.get("DJANGO_ENV", "local").strip().lower()
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", False)
# The fallback key is only for local runs; production must set SECRET_KEY (checked below).
LOCAL_SECRET_KEY = "bayegan-local-development-key-not-for-production-use-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", LOCAL_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

# Where the app keeps what it builds (database, search index); never committed.
VAR_DIR = Path(os.environ.get("BAYEGAN_VAR_DIR", BASE_DIR / "var"))
SEEDS_DIR = BASE_DIR / "seeds"
FIXTURES_DIR = BASE_DIR / "fixtures"
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "index"))
# The search engine behind archive.search.search(): whoosh (embedded, the default), tantivy, or memory (tests).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
# As Django's CACHES: "ENGINE" (a short name above or a dotted path), "LOCATION" (default SEARCH_INDEX_DIR),
# "OPTIONS" (the engine's own). Left out, ENGINE and LOCATION follow SEARCH_BACKEND and SEARCH_INDEX_DIR.
SEARCH_BACKENDS = {"default": {"OPTIONS": {}}}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "archive",
]

MIDDLEWARE = [
    # Outermost: one JSON line per request (HTTPS redirects included), with the final status and duration.
    "archive.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters / oversized query strings get a clear 4xx before any view or database sees them.
    "archive.request_guard.RequestGuardMiddleware",
    # Per-client budget for /api/ before any database work is done.
    "archive.api.ratelimit.RateLimitMiddleware",
    # A database still locked after the busy timeout answers 503 + Retry-After instead of a 500.
    "archive.request_guard.DatabaseBusyMiddleware",
    # Too many wrong passwords from one address or for one user name: 429 before the password is checked.
    "archive.login_throttle.LoginThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# Same policy locally and in production, so a page that breaks it breaks in development first:
# only our own origin, no inline script or style, no framing, no plugins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        # The reading room's pages: Jinja2, autoescaped.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "archive.jinja2.environment", "autoescape": True},
    },
    {
        # Django's admin ships Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'bayegan.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; a busy timeout waits instead of failing.
    # IMMEDIATE transactions take the write lock up front, so two writers queue on the busy timeout instead
    # of one failing at once with "database is locked" when it upgrades a read transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A writer waits for a row or table lock at most 20 s, as SQLite's busy timeout: then an import retries the
    # page and a request answers 503 (archive.database_busy), instead of waiting without end.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c lock_timeout=20000")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bayegan"}}

LANGUAGE_CODE = "fa"
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"

# The JSON API's per-client budget: "requests/seconds" ("60/60" = 60 a minute); "0" switches it off.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "60/60")
# Wrong passwords at the admin login per client address, and per user name, per window: "10/300" lets ten
# tries in five minutes, then answers 429 until the window ends (archive.login_throttle); "0" turns it off.
LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/300")
# How many reverse proxies in front of us append to X-Forwarded-For; 0 = trust only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# "json": one JSON object per line (production default, for log shippers); "plain" for a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "archive.logging.JsonLineFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "loggers": {
        "archive": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        # Every request already has its line in archive.request; Django adds only server errors (with traces).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Rendered reading-room pages (archive.page_cache), in each worker's memory: a hit costs no database query
# and no template work. Pages are dropped when the archive's version (a file every worker reads) moves on;
# the timeout only bounds how long a page can outlive a change made where that file is not seen (another
# machine). MAX_ENTRIES bounds the memory: 300 pages of 13-170 KB each (article to home page) per worker, kept
# deflated (archive.page_cache), a few MB beside a worker's ~160 MB with the search index open (at 2,000
# articles; budget: 300 MB).
PAGE_CACHE_VERSION_FILE = Path(os.environ.get("PAGE_CACHE_VERSION_FILE", VAR_DIR / "page-cache-version"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "bayegan-pages",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "300"))},
}
# Behind it, on disk, the pages every worker of this machine shares: one render per change, not one per worker.
PAGE_CACHE_SHARED = {
    "BACKEND": "archive.page_cache.SharedPageCache",
    "LOCATION": str(VAR_DIR / "page-cache"),
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_SHARED_ENTRIES", "1000"))},
}
CACHES["pages"] = PAGE_CACHE
CACHES["pages_shared"] = PAGE_CACHE_SHARED

if PRODUCTION:
    # Fail at start-up, not at the first signed cookie: a production server without its own key is a bug.
    if SECRET_KEY == LOCAL_SECRET_KEY or not os.environ.get("SECRET_KEY", "").strip():
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY in the environment (50+ random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses DEBUG=true: it would show tracebacks to readers.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated host names).")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", ",".join(f"https://{h}" for h in ALLOWED_HOSTS))

    # HTTPS only. Behind a TLS-terminating proxy (the usual gunicorn set-up) the proxy says the scheme in
    # X-Forwarded-Proto; it must overwrite, never pass through, that header from the client.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

    # Hashed, compressed static files served by WhiteNoise from STATIC_ROOT (filled by collectstatic),
    # cacheable forever because a changed file gets a new name.
    STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    # Several gunicorn workers must share the rate-limit counters: a cache on disk (one machine) unless
    # REDIS_URL names a shared one (several machines; needs the redis package).
    if os.environ.get("REDIS_URL"):
        CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        }
    else:
        CACHES = {
            "default": {
                # Counts exactly across workers (archive.counters); Django's own file cache does not.
                "BACKEND": "archive.counters.LockedFileBasedCache",
                "LOCATION": str(VAR_DIR / "cache"),
            }
        }
    CACHES["pages"] = PAGE_CACHE
    CACHES["pages_shared"] = PAGE_CACHE_SHARED
