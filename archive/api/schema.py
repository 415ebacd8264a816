"""GET /api/schema: the OpenAPI 3.1 description of the JSON API (search, articles, people).

Written as data next to the views it describes; tests/hardening runs schemathesis against it, so a view that
drifts from this document fails the suite.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from archive.api.errors import ERROR_CODES
from archive.search.vocabulary import KINDS, MAX_PAGE, MAX_PER_PAGE, SORTS

NULLABLE_STRING = {"type": ["string", "null"]}
# What the request guard lets through: no control characters in a path or query value (see request_guard.py).
TEXT = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f]*$"}
# A Jalali day, month or year; the search also takes Persian digits and slashes (۱۳۹۷/۰۳/۰۷).
JALALI = {"type": "string", "pattern": "^1[0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]))?)?$"}
NULLABLE_INT = {"type": ["integer", "null"]}

ERROR = {
    "type": "object",
    "description": "Every error the API answers, whatever its status (archive/api/errors.py).",
    "required": ["error", "detail"],
    "properties": {
        "error": {"enum": list(ERROR_CODES), "description": "what went wrong, as a stable code"},
        "detail": {"type": "string", "description": "the same, for a person (Persian for a search parameter)"},
        "retry_after": {"type": "integer", "minimum": 1, "description": "seconds; also the Retry-After header"},
        "parameters": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "bad_parameter: each search parameter that could not be read, with why (in Persian)",
        },
    },
}

PUBLISHED = {
    "type": ["object", "null"],
    "required": ["jalali", "gregorian", "precision", "basis", "until_jalali"],
    "properties": {
        "jalali": {"type": "string", "description": "YYYY-MM-DD, or YYYY-MM for month precision (Latin digits)"},
        "gregorian": {"type": "string", "format": "date", "description": "first day the date can be"},
        "precision": {"enum": ["day", "month", "range"]},
        "basis": {"enum": ["stated", "inferred"]},
        "until_jalali": NULLABLE_STRING,
    },
}

ORIGIN = {
    "enum": ["found", "confirmed"],
    "description": "found: found in the text by the importer, not yet confirmed by an editor; confirmed: an editor's",
}

ARTICLE = {
    "type": "object",
    "description": "One article as in manage.py export_archive, plus html_url.",
    "required": [
        "slug",
        "source_file",
        "sha256",
        "url",
        "outlet",
        "sources",
        "kicker",
        "title",
        "lead",
        "paragraphs",
        "published",
        "people",
        "comments",
    ],
    "properties": {
        "slug": {"type": "string"},
        "source_file": {"type": "string"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "url": NULLABLE_STRING,
        "outlet": NULLABLE_STRING,
        "outlet_origin": {
            "enum": ["found", "confirmed", None],
            "description": "found: read from the page, not yet confirmed by an editor; confirmed: an editor's",
        },
        "sources": {"type": "array", "items": {"type": "string"}, "description": "citation chain, in order"},
        "news_code": {**NULLABLE_STRING, "description": "the outlet's own number for the story (کد خبر)"},
        "kicker": {"type": "string"},
        "title": {"type": "string", "description": "empty when the capture starts at the lead (needs_editor)"},
        "lead": {"type": "string"},
        "paragraphs": {"type": "array", "items": {"type": "string"}},
        "subheads": {"type": "array", "items": {"type": "integer"}, "description": "positions of subhead paragraphs"},
        "published": PUBLISHED,
        "published_time": {**NULLABLE_STRING, "description": "HH:MM, Tehran, when the page states it"},
        "needs_editor": {"type": "boolean", "description": "the importer could not read everything on the page"},
        "people": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "role", "quoted", "origin"],
                "properties": {
                    "name": {"type": "string"},
                    "role": {"type": "string"},
                    "quoted": {"type": "boolean"},
                    "origin": ORIGIN,
                },
            },
        },
        "statements": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["person", "paragraph", "part", "start", "end", "text"],
                "properties": {
                    "person": {"type": "string"},
                    "paragraph": NULLABLE_INT,
                    "part": {"enum": ["paragraph", "lead", "kicker", "title"]},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "text": {"type": "string"},
                },
            },
        },
        "comments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["n", "parent", "author", "posted", "posted_utc", "body"],
                "properties": {
                    "n": {"type": "integer", "minimum": 1, "description": "1-based order on the page"},
                    "parent": NULLABLE_INT,
                    "author": {"type": "string"},
                    "posted": {
                        **NULLABLE_STRING,
                        "description": "Jalali, Tehran time: 1397-03-08T15:07; null when the page's time is unreadable",
                    },
                    "posted_utc": {"type": ["string", "null"], "format": "date-time"},
                    "body": {"type": "string"},
                },
            },
        },
        "html_url": {"type": "string"},
    },
}

PERSON = {
    "type": "object",
    "required": ["slug", "name", "aliases", "description", "origin", "roles", "appearances", "statements"],
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "origin": ORIGIN,
        "aliases": {"type": "array", "items": {"type": "string"}},
        "description": {"type": "string"},
        "roles": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "organisation", "aliases", "start", "end"],
                "properties": {
                    "title": {"type": "string"},
                    "organisation": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "start": {"type": ["string", "null"], "format": "date"},
                    "end": {"type": ["string", "null"], "format": "date"},
                },
            },
        },
        "appearances": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["article", "title", "published_jalali", "role", "quoted"],
                "properties": {
                    "article": {"type": "string"},
                    "title": {"type": "string"},
                    "published_jalali": NULLABLE_STRING,
                    "role": {"type": "string"},
                    "quoted": {"type": "boolean"},
                },
            },
        },
        "statements": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["article", "part", "paragraph", "start", "end", "text", "verb"],
                "properties": {
                    "article": {"type": "string"},
                    "part": {"type": "string"},
                    "paragraph": NULLABLE_INT,
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "text": {"type": "string"},
                    "verb": {"type": "string"},
                },
            },
        },
        "html_url": {"type": "string"},
    },
}

SEARCH_RESULT = {
    "type": "object",
    "required": ["query", "total", "page", "hits", "facets", "suggestion"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "hits": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "article", "source_file", "paragraph", "comment", "title", "snippet", "score"],
                "properties": {
                    "kind": {"enum": list(KINDS)},
                    "article": {"type": "string"},
                    "source_file": {"type": "string"},
                    "paragraph": {**NULLABLE_INT, "description": "0-based paragraph index"},
                    "comment": {**NULLABLE_INT, "description": "the comment's n"},
                    "title": {"type": "string"},
                    "snippet": {"type": "string", "description": "HTML-escaped text with <mark> around matches"},
                    "score": {"type": "number"},
                    "speakers": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "who is quoted in this passage (a statement: its speaker; a comment: none)",
                    },
                    "author": {**NULLABLE_STRING, "description": "a comment's author ('' if anonymous)"},
                    "posted": {**NULLABLE_STRING, "description": "a comment's own posting time, UTC ISO 8601"},
                },
            },
        },
        "facets": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
        "suggestion": NULLABLE_STRING,
    },
}


def _error_responses(*statuses: int) -> dict[str, Any]:
    text = {
        400: "A parameter cannot be read (bad_parameter) or the address holds control characters (bad_request).",
        404: "No record with this slug, or no such address (not_found).",
        405: "The API is read-only: GET or HEAD (method_not_allowed).",
        414: "The query string is too long (uri_too_long).",
        429: "This client spent its request budget; see Retry-After (rate_limited).",
        503: "The index cannot answer for a moment (unavailable) or the database is busy saving (busy); see "
        "Retry-After.",
    }
    responses: dict[str, Any] = {}
    for status in statuses:
        response: dict[str, Any] = {
            "description": text[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        if status in (429, 503):
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
        responses[str(status)] = response
    return responses


def _slug_parameter(description: str) -> dict[str, Any]:
    return {"name": "slug", "in": "path", "required": True, "description": description, "schema": TEXT}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or TEXT,
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bayegan API",
            "version": "1",
            "description": "Read-only JSON API of Bayegan, an archive of Persian news pages and their reader "
            "comments. Rate-limited per client address; no CORS headers (same-origin use only).",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search articles and comments, Persian-aware (every spelling, both digit sets).",
                    "parameters": [
                        _query("q", "the query; may hold field filters such as گوینده:NAME"),
                        _query("speaker", "person slug or name: only what they said"),
                        _query("outlet", "outlet slug or name"),
                        _query("from", "first Jalali day, month or year (1397-03-01, 1397-03 or 1397)", JALALI),
                        _query("to", "last Jalali day, month or year", JALALI),
                        _query("kind", "what to find (repeatable)", {"enum": list(KINDS)}),
                        _query("sort", "order of hits", {"enum": list(SORTS)}),
                        _query("page", "1-based page number", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                        _query("per_page", "hits per page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
                    ],
                    "responses": {
                        "200": {
                            "description": "The hits for this page, with facets.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}},
                        },
                        **_error_responses(400, 405, 414, 429, 503),
                    },
                }
            },
            "/api/articles/{slug}": {
                "get": {
                    "operationId": "article",
                    "summary": "One article: text, citation chain, date, people, statements, comment thread.",
                    "parameters": [_slug_parameter("the article's slug, as in search hits and the export")],
                    "responses": {
                        "200": {
                            "description": "The article record (export_archive schema).",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}},
                        },
                        **_error_responses(400, 404, 405, 414, 429, 503),
                    },
                }
            },
            "/api/people/{slug}": {
                "get": {
                    "operationId": "person",
                    "summary": "One person: roles with dates, articles they appear in, what they said.",
                    "parameters": [_slug_parameter("the person's slug")],
                    "responses": {
                        "200": {
                            "description": "The person record.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
                        },
                        **_error_responses(400, 404, 405, 414, 429, 503),
                    },
                }
            },
        },
        "components": {
            "schemas": {"Error": ERROR, "Article": ARTICLE, "Person": PERSON, "SearchResult": SEARCH_RESULT}
        },
    }


# Read-only: any other method gets a 405 from require_safe, not a CSRF 403.
@csrf_exempt
@require_safe
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
