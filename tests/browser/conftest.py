"""Browser tests: pytest-playwright driving Debian's chromium against pytest-django's live server.

The live server needs transactional tests, which flush the database afterwards; the session's imported seeds
are snapshotted once and restored before each browser test (Django's serialized rollback), so the search
index built for the session and the database keep agreeing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def page_types() -> dict[str, str]:
    """One address of every page type, on the seeds (the browser tests' shared walk)."""
    from archive.models import Article

    article = Article.objects.get(source_file__startswith="002")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "raw": f"{article.get_absolute_url()}raw/",
        "person": "/people/asoosheh/",
        "outlet": "/outlets/tabnak/",
        "dates": "/dates/",
        "month": "/dates/1397/03/",
    }


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def seeds_snapshot(django_db_setup, django_db_blocker):
    """The seeded database as Django's serialized-rollback data, taken once per session."""
    from django.db import connection

    with django_db_blocker.unblock():
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def site(seeds_snapshot, live_server):
    """The live server's base URL, with the seeds in its database."""
    from archive.models import Article

    assert Article.objects.count() >= 5, "seeds were not restored for the live server"
    return live_server.url


@pytest.fixture
def no_js_page(browser, site):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_page(browser, site):
    # axe-core is injected as a script; the page's CSP (rightly) forbids that, so this context bypasses it.
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make node-deps`")
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()
