"""The JSON API: records for articles and people, the OpenAPI document, the rate limit, and schemathesis."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, close_old_connections
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from archive.api.errors import ERROR_CODES
from archive.api.ratelimit import parse_rate
from archive.api.schema import openapi_document
from archive.exporting import article_record
from archive.models import Article, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    cache.clear()
    yield
    cache.clear()


def test_article_record_is_the_export_record(client):
    article = Article.objects.get(source_file__startswith="002_")
    response = client.get(f"/api/articles/{article.slug}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body.pop("html_url").endswith(article.get_absolute_url())
    assert body == json.loads(json.dumps(article_record(article)))
    assert "پیام" in response.content.decode("utf-8")  # Persian as UTF-8, not \\u escapes


def test_person_record_has_roles_appearances_and_statements(client):
    person = Person.objects.filter(statements__isnull=False).distinct().first() or Person.objects.first()
    body = client.get(f"/api/people/{person.slug}").json()
    assert body["slug"] == person.slug and body["name"] == person.name
    assert len(body["roles"]) == person.roles.count()
    assert {a["article"] for a in body["appearances"]} == set(
        person.appearances.values_list("article__slug", flat=True)
    )
    assert len(body["statements"]) == person.statements.count()
    for appearance in body["appearances"]:
        assert Article.objects.filter(slug=appearance["article"]).exists()


@pytest.mark.parametrize(
    "path", ["/api/articles/no-such-article", "/api/people/no-such-person", "/api/people/" + "x" * 5000]
)
def test_unknown_slug_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_writes_are_refused(client):
    slug = Article.objects.first().slug
    for method in (client.post, client.put, client.delete):
        assert method(f"/api/articles/{slug}").status_code == 405


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = "5/60"
    statuses = [client.get("/api/schema").status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = client.get("/api/people/x")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["error"] == "rate_limited" and body["retry_after"] == int(refused["Retry-After"])
    # Another client has its own budget; HTML pages are not counted.
    assert client.get("/api/schema", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get(f"/articles/{Article.objects.first().slug}/raw/").status_code == 200


def test_rate_limit_trusts_only_our_proxies(client, settings):
    settings.API_RATE_LIMIT = "2/60"
    settings.TRUSTED_PROXY_COUNT = 1
    # A client forging X-Forwarded-For entries still lands in one bucket: the proxy appends the real address.
    statuses = [
        client.get("/api/schema", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 198.51.100.7").status_code for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.get("/api/schema", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


@pytest.mark.parametrize(("text", "expected"), [("60/60", (60, 60)), ("100/1", (100, 1)), ("0", (0, 0))])
def test_rate_setting(text, expected):
    assert parse_rate(text) == expected


def test_bad_rate_setting_is_refused():
    with pytest.raises(ValueError):
        parse_rate("-1/60")


def test_schema_is_openapi_3_1_and_lists_the_three_endpoints(client):
    document = client.get("/api/schema").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/api/search", "/api/articles/{slug}", "/api/people/{slug}"}


# --- schemathesis: generated requests against the document, in-process through the WSGI app -------------

api_schema = schemathesis.openapi.from_wsgi("/api/schema", get_wsgi_application())


def _routed(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, which would close the test's own (transactional)
    database connection on PostgreSQL; Django's test client detaches the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@api_schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema_and_never_fails(case, settings, keep_test_connection):
    if not _routed(case.operation.path.replace("{slug}", "x")):
        pytest.skip(f"{case.operation.path} is not routed yet")
    settings.API_RATE_LIMIT = "0"
    # The search is lenient on purpose (Persian digits and slashes in dates, folded kind names, an empty
    # parameter meaning "any"), so the strict acceptance/rejection checks would flag its kindness, not a bug.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])


# --- one error shape --------------------------------------------------------------------------------------


def _refuse_with(exception: Exception):
    def view_body(*args, **kwargs):
        raise exception

    return view_body


@pytest.mark.parametrize(
    ("status", "code", "method", "path", "params", "breaks"),
    [
        (400, "bad_request", "get", "/api/search", {"q": "\x00"}, None),
        (400, "bad_parameter", "get", "/api/search", {"q": "تلگرام", "page": "0"}, None),
        (404, "not_found", "get", "/api/articles/no-such-article", {}, None),
        (404, "not_found", "get", "/api/no-such-endpoint", {}, None),
        (405, "method_not_allowed", "post", "/api/search", {}, None),
        (414, "uri_too_long", "get", "/api/search", {"q": "ت" * 3000}, None),
        (500, "server_error", "get", "/api/articles/{slug}", {}, RuntimeError("a bug")),
        (503, "busy", "get", "/api/articles/{slug}", {}, OperationalError("database is locked")),
        (503, "unavailable", "get", "/api/search", {"q": "تلگرام"}, RuntimeError("index gone")),
    ],
)
def test_every_api_error_has_the_one_documented_shape(monkeypatch, status, code, method, path, params, breaks):
    if breaks is not None:  # the view's work fails: the record's assembly, or the search itself
        target = "archive.api.records.article_record" if "articles" in path else "archive.search.search"
        monkeypatch.setattr(target, _refuse_with(breaks))
    path = path.replace("{slug}", Article.objects.first().slug)
    response = getattr(Client(raise_request_exception=False), method)(path, params)
    assert response.status_code == status and response["Content-Type"] == "application/json"
    body = response.json()
    assert_error_shape(body, status)
    assert body["error"] == code
    if status == 503:
        assert body["retry_after"] == int(response["Retry-After"])


def test_the_rate_limit_answers_in_the_same_shape(client, settings):
    settings.API_RATE_LIMIT = "1/60"
    client.get("/api/schema")
    response = client.get("/api/search", {"q": "تلگرام"})
    assert response.status_code == 429
    assert_error_shape(response.json(), 429)


def assert_error_shape(body: dict, status: int) -> None:
    """The body is an Error as the OpenAPI document defines it, with a code that goes with its status."""
    error = openapi_document()["components"]["schemas"]["Error"]
    assert set(error["required"]) <= set(body) <= set(error["properties"])
    assert body["error"] in error["properties"]["error"]["enum"] and ERROR_CODES[body["error"]] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(v, str) for v in body.get("parameters", {}).values())
