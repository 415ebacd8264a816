"""Hostile input at every URL that takes a parameter: escaped in the page, or a clear 4xx; never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.cache import cache

from archive.models import Article, Outlet, Person

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</title><script>alert(document.cookie)</script>",
    "javascript:alert(1)",
    "<b>تلگرام</b><iframe src=//evil.example>",
    "{{ 7*7 }}{% debug %}",  # template syntax must stay text
]
SQL = [
    "' OR '1'='1",
    "1; DROP TABLE archive_article;--",
    '" UNION SELECT username, password FROM auth_user--',
    "تلگرام' AND 1=1--",
    "%' OR 1=1 --",
]
TRAVERSAL = ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "....//....//etc/passwd", "/etc/passwd"]
ODD = [
    "\u202egnp.exe",  # right-to-left override
    "پیام\u200cرسان\u200b\ufeff",
    "ي ك ۱۲۳ 123 ٤٥٦",  # Arabic letters, three digit sets
    "\U0001f600" * 50,
    "ا" * 1000,
]
PAYLOADS = XSS + SQL + TRAVERSAL + ODD
# Characters that make a reflected payload dangerous; escaped output never contains the payload verbatim.
MARKUP = set("<>\"'")
# The tags the payloads try to plant; escaped output shows them as &lt;... text, never as these.
INJECTED_TAGS = ["<script>alert", "<img src=x", "<svg/onload", "<iframe src=//evil", "<b>تلگرام"]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = "0"
    cache.clear()


def query_urls() -> list[str]:
    slug = Article.objects.order_by("source_file").first().slug
    return [
        "/search?q={}",
        "/search?q=تلگرام&speaker={}",
        "/search?q=تلگرام&outlet={}",
        "/search?q=&from={}",
        "/search?q=&to={}",
        "/search?q=&kind={}",
        "/search?q=&sort={}",
        "/search?q=&page={}",
        f"/articles/{slug}/?order={{}}",
        "/api/search?q={}",
        "/api/search?speaker={}&from={}",
    ]


def path_urls() -> list[str]:
    return ["/articles/{}/", "/articles/{}/raw/", "/people/{}/", "/outlets/{}/", "/api/articles/{}", "/api/people/{}"]


def assert_safe(response, payload: str, url: str) -> None:
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if response.status_code >= 400:
        assert response.content.strip(), f"{url}: an empty {response.status_code} is not a clear error"
    body = response.content.decode("utf-8", errors="replace")
    content_type = response.get("Content-Type", "")
    # JSON may carry the text as data (served as application/json with nosniff); HTML must escape it.
    assert content_type.startswith(("text/html", "application/json", "text/plain")), content_type
    if content_type.startswith("text/html"):
        if MARKUP & set(payload):
            assert payload not in body, f"{url}: payload reflected unescaped"
        for tag in INJECTED_TAGS:
            assert tag not in body, f"{url}: {tag} reached the page as markup"
    if content_type.startswith("application/json"):
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_query_parameters(client, payload):
    for template in query_urls():
        url = template.replace("{}", quote(payload, safe=""))
        assert_safe(client.get(url), payload, url)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_slugs(client, payload):
    for template in path_urls():
        url = template.replace("{}", quote(payload, safe=""))
        response = client.get(url)
        assert_safe(response, payload, url)
        # No hostile slug names a record, and nothing from the file system comes back.
        assert response.status_code in {400, 404}, f"{url}: {response.status_code}"
        assert b"root:x:0:0" not in response.content


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b[31m", "\r\nSet-Cookie: owned=1", "\x7f"])
def test_control_characters_are_a_clear_400(client, char):
    slug = Article.objects.first().slug
    for url in [
        f"/search?q={quote('تلگرام' + char)}",
        f"/api/search?q={quote(char)}",
        f"/articles/{quote(slug + char)}/",
        f"/people/{quote(char)}/",
        f"/api/articles/{quote(char)}",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert b"control characters" in response.content
        assert "owned" not in response.cookies


def test_oversized_query_is_a_clear_414(client):
    huge = quote("تلگرام " * 2000)
    for url in [f"/search?q={huge}", f"/api/search?q={huge}"]:
        response = client.get(url)
        assert response.status_code == 414
        assert b"longer than" in response.content


def test_long_but_reasonable_query_is_answered(client):
    response = client.get("/api/search", {"q": "پیام‌رسان " * 60})
    assert response.status_code == 200
    assert response.json()["query"]


def test_invalid_utf8_in_the_address(client):
    for url in ["/search?q=%ff%fe%fd", "/api/search?q=%c3%28", "/articles/%ff%fe/", "/api/people/%e2%82"]:
        assert client.get(url).status_code < 500, url


@pytest.mark.parametrize("year, month", [(0, 0), (1397, 13), (99999999999, 1), (1397, 99999999999999999999)])
def test_date_pages_with_impossible_dates(client, year, month):
    response = client.get(f"/dates/{year}/{month}/")
    assert response.status_code in {400, 404}


def test_hostile_text_stored_in_the_archive_is_escaped_on_every_page(client):
    """Stored XSS: an editor (or a captured page) puts markup in a title, a person's and an outlet's name."""
    article = Article.objects.order_by("source_file").first()
    payload = '<script>alert("x")</script><img src=x onerror=alert(2)>'
    Article.objects.filter(pk=article.pk).update(title=f"تیتر {payload}")
    person = Person.objects.first()
    Person.objects.filter(pk=person.pk).update(name=f"{person.name} {payload}")
    outlet = Outlet.objects.first()
    Outlet.objects.filter(pk=outlet.pk).update(name=f"{outlet.name} {payload}")
    for url in ["/", article.get_absolute_url(), person.get_absolute_url(), outlet.get_absolute_url(), "/dates/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert payload not in response.content.decode(), url
    api = client.get(f"/api/articles/{article.slug}")
    assert api["Content-Type"] == "application/json" and api.json()["title"] == f"تیتر {payload}"
