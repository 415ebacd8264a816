"""The reading room's speed work, checked without timing anything: how many queries a page costs (the same
whatever the article's size), and the rendered-page cache (a hit costs no query, an edit shows at the next
request, per-user requests and failures are never stored, the middleware still runs on every hit)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from archive import page_cache
from archive.models import Article, Comment, Person, Statement

pytestmark = pytest.mark.django_db


def article_of(prefix: str) -> Article:
    return Article.objects.get(source_file__startswith=prefix)


# ---------------------------------------------------------------------------------------------------------
# Query counts of a render (the test database is inside a transaction: pages are rendered, never cached)


def test_article_page_queries_do_not_grow_with_comments_or_speakers(client, django_assert_max_num_queries):
    # 002 has 72 comments (with replies) and several speakers; 000 has few: the same fixed number of queries.
    for prefix in ("002", "000", "003"):
        url = article_of(prefix).get_absolute_url()
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_home_page_queries_are_fixed(client, django_assert_max_num_queries):
    # Newest articles, their comment counts, the total, the timeline's two, outlets, people, their roles.
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_person_and_outlet_pages_queries_are_fixed(client, django_assert_max_num_queries):
    url = Person.objects.filter(statements__isnull=False).distinct().first().get_absolute_url()
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    url = article_of("003").outlet.get_absolute_url()
    # The outlet, its articles, their comment counts, the articles citing it.
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_a_search_page_reads_each_table_once_and_its_articles_once(client, django_assert_num_queries):
    # The form's people and outlets; the hits' paragraphs and comments (one query each, whatever their number);
    # the articles of all the hits, heads included, with their outlets; who speaks in the passages. Its first
    # 50 hits for تلگرام are heads, paragraphs and comments of four articles: one query per hit or per article
    # would be far more than this.
    with django_assert_num_queries(6) as captured:
        response = client.get("/search", {"q": "تلگرام", "per_page": 50})
    assert response.status_code == 200
    html = response.content.decode()
    assert {"#p-", "#c-"} <= set(re.findall(r'<a class="hit-link" href="/articles/[^"#?]+/[^"#]*(#[pc]-)?', html))
    assert len(set(re.findall(r'<h3><a href="/articles/([^"#/]+)/', html))) >= 4
    article_reads = [query["sql"] for query in captured.captured_queries if '"archive_article"' in query["sql"]]
    assert len(article_reads) == 1, article_reads


# ---------------------------------------------------------------------------------------------------------
# The page cache, as it runs under a server (no transaction around the request)


@pytest.fixture
def listed_pages(settings, tmp_path):
    """The worker's page cache in memory, able to list what it holds (tests/web/listed_cache.py), emptied;
    and a shared cache of the test's own (the file-backed, multi-worker set-up)."""
    settings.PAGE_CACHE_VERSION_FILE = tmp_path / "version"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "tests.web.listed_cache.ListedLocMemCache", "LOCATION": "test-pages"},
        "pages_shared": {"BACKEND": "archive.page_cache.SharedPageCache", "LOCATION": str(tmp_path / "shared")},
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def page_caching(monkeypatch, listed_pages):
    """Caching switched on as outside a test transaction, emptied before and after."""
    monkeypatch.setattr(page_cache, "_in_transaction", lambda: False)
    monkeypatch.setattr(page_cache, "_process_local", lambda: False)
    page_cache.bump_version()
    yield listed_pages
    page_cache.bump_version()


def test_a_second_request_is_served_without_queries_and_with_every_header(
    client, page_caching, django_assert_num_queries
):
    url = article_of("002").get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"
    # The middleware runs on a hit as on a render: the same security headers, the same policy.
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header], header
    assert not second.cookies


def test_pages_are_kept_deflated_and_served_whole(client, page_caching):
    page = client.get("/search", {"q": "تلگرام"}).content
    (key,) = page_caching.held_keys()
    kept = page_caching.get(key)
    assert len(kept[0]) * 3 < len(page)  # Persian HTML deflates severalfold: a worker's 300 pages stay small
    assert client.get("/search", {"q": "تلگرام"}).content == page


def test_a_garbled_cache_entry_is_a_miss_not_an_error(client, page_caching):
    url = article_of("002").get_absolute_url()
    page = client.get(url).content
    (key,) = page_caching.held_keys()
    page_caching.set(key, (b"not deflated", []))  # left by older code, or damaged
    caches["pages_shared"].clear()
    served = client.get(url)
    assert served.status_code == 200 and served.content == page


def test_each_query_string_is_its_own_page(client, page_caching):
    url = article_of("002").get_absolute_url()
    newest = client.get(url + "?order=newest").content
    oldest = client.get(url + "?order=oldest").content
    assert newest != oldest
    assert client.get(url + "?order=oldest").content == oldest


def test_another_worker_finds_the_page_in_the_shared_cache(client, page_caching, django_assert_num_queries):
    client.get("/")
    caches["pages"].clear()  # this worker's memory gone: as a second worker sees it
    with django_assert_num_queries(0):
        assert "بایگانی خبرها" in client.get("/").content.decode()


def test_an_edit_shows_at_the_next_request(client, page_caching, django_capture_on_commit_callbacks):
    article = article_of("003")
    assert article.title in client.get(article.get_absolute_url()).content.decode()
    assert article.title in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "تیتر ویراسته برای آزمون حافظه نهان"
        article.save()
    assert article.title in client.get(article.get_absolute_url()).content.decode()
    assert article.title in client.get("/").content.decode()


def test_a_person_renamed_changes_every_article_that_quotes_them(
    client, page_caching, django_capture_on_commit_callbacks
):
    statement = Statement.objects.select_related("person", "article").first()
    url = statement.article.get_absolute_url()
    assert statement.person.name in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.filter(pk=statement.person_id).update(name="نام تازه")  # no signal: as a raw edit would be
        Person.objects.get(pk=statement.person_id).save()  # the admin's save sends one
    assert "نام تازه" in client.get(url).content.decode()


def test_a_deleted_comment_is_gone_at_the_next_request(client, page_caching, django_capture_on_commit_callbacks):
    article = article_of("002")
    comment = article.comments.filter(replies__isnull=True, parent__isnull=True).first()
    body_start = comment.body[:40]
    assert body_start in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="c-{comment.position}"' not in html


def test_a_version_written_by_another_process_is_seen(client, page_caching, settings, django_assert_max_num_queries):
    url = article_of("001").get_absolute_url()
    client.get(url)
    # Another process (an importer, a worker serving the admin) committed a change: it wrote a new version.
    settings.PAGE_CACHE_VERSION_FILE.write_text("0123456789abcdef", encoding="ascii")
    with django_assert_max_num_queries(8) as queries:
        client.get(url)
    assert len(queries) > 0  # rendered afresh, not served


def test_a_changed_search_index_renders_the_search_page_again(client, page_caching, settings):
    client.get("/search", {"q": "تلگرام"})
    (before,) = page_caching.held_keys()  # stored
    from archive.search import get_backend
    from archive.search.documents import article_documents, articles_queryset

    article = articles_queryset().first()  # written again as it is: the index's state moves, its answers do not
    get_backend().replace_article(article.pk, list(article_documents(article)))
    client.get("/search", {"q": "تلگرام"})
    assert len(page_caching.held_keys()) == 2 and before in page_caching.held_keys()  # a new key: the index changed


def test_signed_in_requests_posts_and_failures_are_never_stored(client, page_caching, admin_user):
    client.get("/articles/no-such-article/")
    client.post("/", {})
    assert page_caching.held_keys() == []
    client.force_login(admin_user)
    assert client.get("/").status_code == 200
    assert page_caching.held_keys() == []  # a session cookie: the response may be per user


def test_rendering_inside_a_transaction_is_never_stored(client, listed_pages):
    # The plain test set-up: every request runs inside the test's transaction, which is rolled back.
    assert client.get("/").status_code == 200
    assert listed_pages.held_keys() == []


def test_a_page_that_issued_a_csrf_token_or_a_cookie_is_never_stored(rf, monkeypatch):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    monkeypatch.setattr(page_cache, "_in_transaction", lambda: False)
    request = rf.get("/")
    assert page_cache._cacheable_response(request, HttpResponse("ok"))
    get_token(request)  # a form on the page: the token is this visitor's
    assert not page_cache._cacheable_response(request, HttpResponse("ok"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("seen", "1")
    assert not page_cache._cacheable_response(rf.get("/"), with_cookie)


@pytest.mark.django_db(transaction=True)  # outside an open transaction, as a served request is
def test_what_is_kept_until_changed_is_read_again_after_a_change_and_never_kept_in_a_transaction():
    from django.db import transaction

    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    name = "test-kept-until-changed"
    page_cache._kept.pop(name, None)
    assert page_cache.kept_until_changed(name, compute) == page_cache.kept_until_changed(name, compute) == 1
    page_cache.bump_version()  # what any archive change does when it commits
    assert page_cache.kept_until_changed(name, compute) == 2
    with transaction.atomic():  # rows read here may be rolled back: computed afresh, not kept
        assert page_cache.kept_until_changed(name, compute) == 3
    assert page_cache.kept_until_changed(name, compute) == 2


@pytest.mark.django_db(transaction=True)
def test_the_search_forms_list_of_people_shows_a_person_added_since(client):
    client.get("/search?q=تلگرام")
    Person.objects.create(name="مهسا تازه‌وارد", slug="mahsa-tazevared")
    assert "مهسا تازه‌وارد" in client.get("/search?q=پیام").content.decode()


def test_the_shared_folder_is_kept_near_its_size_without_listing_it_on_every_store(tmp_path, monkeypatch):
    from archive.page_cache import CULL_EVERY, SharedPageCache

    shared = SharedPageCache(str(tmp_path / "shared"), {"OPTIONS": {"MAX_ENTRIES": 30}})
    listed = []
    original = SharedPageCache._list_cache_files
    monkeypatch.setattr(SharedPageCache, "_list_cache_files", lambda self: listed.append(1) or original(self))
    for n in range(200):
        shared.set(f"page-{n}", b"x" * 10)
    assert len(listed) == -(-200 // CULL_EVERY)  # once in CULL_EVERY stores, the first included
    assert len(list((tmp_path / "shared").glob("*.djcache"))) <= 30 + CULL_EVERY
    assert shared.get("page-199") == b"x" * 10


def test_the_shared_folder_stores_a_deflated_page_as_it_is_and_reads_it_back(tmp_path):
    import zlib

    from archive.page_cache import SharedPageCache

    shared = SharedPageCache(str(tmp_path / "shared"), {})
    page = (zlib.compress("<p>پیام‌رسان‌های داخلی</p>".encode() * 50, 1), [("Content-Type", "text/html")])
    shared.set("page", page, 60)
    (stored,) = (tmp_path / "shared").glob("*.djcache")
    assert page[0] in stored.read_bytes()  # not deflated a second time
    assert shared.get("page") == page
    assert shared.touch("page", 120) and shared.get("page") == page
    assert not shared.touch("absent") and shared.get("absent", "miss") == "miss"
    stored.write_bytes(stored.read_bytes()[:20])  # cut short: a miss, not an error
    assert shared.get("page", "miss") == "miss"
