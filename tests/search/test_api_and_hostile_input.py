"""GET /api/search and `manage.py search`: the same JSON as search(); any query answered, bad parameters a 400.

The property tests throw well over a thousand random and hostile strings at search() and at the API.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search import SearchParameterError, search

pytestmark = pytest.mark.usefixtures("indexed")


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """These tests send hundreds of requests from one client: the API's rate limit is not what they test."""
    settings.API_RATE_LIMIT = "0"


HIT_KEYS = {"kind", "article", "source_file", "paragraph", "comment", "title", "snippet", "score"}

HOSTILE = [
    '"',
    '"""',
    '"پیام رسان',
    "-",
    "--",
    "OR",
    "یا",
    "OR OR تلگرام OR",
    ":",
    "::::",
    "گوینده:",
    "speaker:",
    "از:1397-13-45",
    "تا:۱۳۹۷/۱۲/۳۰",  # 30 Esfand of a common year
    "from:0000-01-01",
    "to:99999",
    "kind:everything",
    "نوع:",
    "unknown:field",
    "-گوینده:آسوشه",
    "*",
    "?",
    "(",
    ")",
    "\\",
    "<script>alert(1)</script>",
    "\x00\x01\x02",
    "\u200c\u200c\u200c",
    "\u202e تلگرام",
    "ـــــ",
    "ًٌٍ",
    "x" * 10_000,
    "تلگرام " * 2_000,
    '"' * 501,
    "-" * 300 + "تلگرام",
    "گوینده:" * 50,
    "🙂 تلگرام 🙂",
    "\ud7ff",
    "NaN",
    "%00",
    "' OR 1=1 --",
]


def assert_api_answer(response, query: str) -> None:
    """Results for any query the server accepts; the request guard's JSON 400/414 for control characters in
    the address or a query string over its cap (never a 500, never anything but JSON)."""
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(response.content)
    if response.status_code == 200:
        assert_valid(payload, query)
    else:
        assert response.status_code in {400, 414} and payload["error"]


def assert_valid(payload: dict, query: str) -> None:
    assert payload["query"] == query
    assert isinstance(payload["total"], int) and payload["total"] >= 0
    assert set(payload["facets"]) == {"speaker", "outlet", "month", "kind"}
    for hit in payload["hits"]:
        assert set(hit) >= HIT_KEYS
        assert hit["kind"] in {"article", "comment", "statement"}
        # The snippet is escaped text: the only tags in it are <mark> and </mark>.
        assert "<" not in hit["snippet"].replace("<mark>", "").replace("</mark>", "")
    json.dumps(payload, ensure_ascii=False)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_an_answer(client, query):
    assert_valid(search(query).to_json(), query)
    assert_api_answer(client.get("/api/search", {"q": query}), query)


def test_ignored_parts_are_reported():
    notes = search("از:1397-13-45 تلگرام").notes
    assert any("1397-13-45" in note for note in notes)
    assert search('"تلگرام').notes


# Letters the archive uses, the query language's own signs and words, spacing and controls.
_PIECES = st.sampled_from(
    [
        *"تلگرامپیسنوکهدبزشخجعفقحصضطظغئأإآةيكىۀ۰۱۲۳۴۵۶۷۸۹0123456789abcXYZ",
        *['"', "«", "»", "-", ":", "：", " ", " ", "\u200c", "\u200d", "\n", "\t", "\x00", "\x1f", "\u202e", "\ufeff"],
        *["OR", "یا", "گوینده:", "از:", "تا:", "نوع:", "رسانه:", "kind:", "from:", "to:", "1397-03-07", "۱۳۹۷/۰۳/۰۷"],
        *["تلگرام", "پیام رسان", "آسوشه", "-سروش", '"انحصار تلگرام"'],
    ]
)
QUERIES = st.one_of(
    st.lists(_PIECES, max_size=30).map("".join),
    st.text(max_size=80),  # anything Unicode has, surrogates excluded
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES)
def test_search_answers_any_string(q):
    assert_valid(search(q, per_page=5).to_json(), q)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES, sort=st.sampled_from(["relevance", "date", "oldest"]), page=st.integers(1, 3))
def test_the_api_answers_any_string_with_json(client, q, sort, page):
    assert_api_answer(client.get("/api/search", {"q": q, "sort": sort, "page": page, "per_page": 5}), q)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "تلگرام", "page": "abc"},
        {"q": "تلگرام", "page": "0"},
        {"q": "تلگرام", "page": "-1"},
        {"q": "تلگرام", "per_page": "100000"},
        {"q": "تلگرام", "sort": "alphabetical"},
        {"q": "تلگرام", "kind": "video"},
        {"q": "تلگرام", "from": "1397-13-01"},
        {"q": "تلگرام", "to": "yesterday"},
    ],
)
def test_bad_parameters_are_a_json_400(client, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_filters_and_paging(client):
    everything = client.get("/api/search", {"q": "تلگرام"}).json()
    assert everything["total"] > 20 and len(everything["hits"]) == 20 and everything["pages"] > 1
    second = client.get("/api/search", {"q": "تلگرام", "page": 2}).json()
    both = client.get("/api/search", {"q": "تلگرام", "per_page": 40}).json()
    assert both["hits"] == everything["hits"] + second["hits"]
    only_comments = client.get("/api/search", {"q": "تلگرام", "kind": "comment"}).json()
    assert only_comments["facets"]["kind"] == {"comment": only_comments["total"]}
    khordad = client.get("/api/search", {"q": "تلگرام", "from": "۱۳۹۷/۰۳/۰۱", "to": "1397-03-31"}).json()
    assert "1395-06" not in khordad["facets"]["month"]
    speaker = client.get("/api/search", {"q": "تلگرام", "speaker": "آسوشه", "kind": "statement"}).json()
    assert speaker["total"] and set(speaker["facets"]["speaker"]) == {"عباس آسوشه"}


def test_the_api_and_the_command_give_the_same_json(client, capsys):
    api = client.get("/api/search", {"q": "پیام رسان", "outlet": "تسنیم", "sort": "date"}).json()
    call_command("search", "پیام رسان", "--outlet", "تسنیم", "--sort", "date", "--json")
    assert json.loads(capsys.readouterr().out) == api
    assert api["total"] and set(api["facets"]["outlet"]) == {"خبرگزاری تسنیم"}


def test_the_command_reports_bad_parameters():
    with pytest.raises(CommandError):
        call_command("search", "تلگرام", "--from", "1397-14-01")


def test_search_rejects_bad_keyword_parameters():
    with pytest.raises(SearchParameterError):
        search("تلگرام", page=0)
    with pytest.raises(SearchParameterError):
        search("تلگرام", kind="video")


def test_did_you_mean_comes_from_the_index():
    assert search("تلگرم").suggestion == "تلگرام"
    assert search("آسوشع").suggestion == "آسوشه"
    assert search("گوینده:آسوشه تلگرم").suggestion == "گوینده:آسوشه تلگرام"
    assert search("تلگرام").suggestion is None
