"""One reader of search parameters: the search page, GET /api/search and `manage.py search` give the same
results, or the same Persian error, for the same input (archive/search/parameters.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.persian import latin_digits
from archive.search import SearchParameterError, read_search_request, search

pytestmark = pytest.mark.usefixtures("indexed")


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = "0"


@dataclass(frozen=True)
class Same:
    """The input's answer is the answer to `canonical` (the same parameters written another way)."""

    canonical: dict[str, str]


@dataclass(frozen=True)
class Refused:
    """The input's `parameter` cannot be read: the API's 400, the command's error and the page's note."""

    parameter: str


Q = {"q": "تلگرام"}
TABLE: list[tuple[dict[str, str], Same | Refused]] = [
    # Bare years, as the README promises (and as the query language's از:1397 reads them).
    ({**Q, "from": "1397"}, Same({**Q, "from": "1397-01-01"})),
    ({**Q, "from": "۱۳۹۷"}, Same({**Q, "from": "1397-01-01"})),
    ({**Q, "to": "1396"}, Same({**Q, "to": "1396-12-29"})),
    # Months and days, in either digit set and with either separator.
    ({**Q, "from": "۱۳۹۷/۰۳", "to": "1397-03"}, Same({**Q, "from": "1397-03-01", "to": "1397-03-31"})),
    ({**Q, "from": "۱۳۹۷/۰۳/۰۷", "to": "١٣٩٧-٠٣-٣١"}, Same({**Q, "from": "1397-03-07", "to": "1397-03-31"})),
    # Bad dates: month 13, 30 Esfand of a common year, words.
    ({**Q, "from": "1397-13-01"}, Refused("from")),
    ({**Q, "to": "۱۳۹۷/۱۲/۳۰"}, Refused("to")),
    ({**Q, "to": "yesterday"}, Refused("to")),
    # Kinds by their English or Persian names; an unknown one.
    ({**Q, "kind": "نظر"}, Same({**Q, "kind": "comment"})),
    ({**Q, "kind": "statements"}, Same({**Q, "kind": "statement"})),
    ({**Q, "kind": "video"}, Refused("kind")),
    # Sorts (the same parameters as their own canonical form: the three entry points must still agree).
    ({**Q, "sort": "oldest"}, Same({**Q, "sort": "oldest"})),
    ({**Q, "sort": "alphabetical"}, Refused("sort")),
    # Pages and page sizes, in either digit set; out of range or not numbers.
    ({**Q, "page": "۲"}, Same({**Q, "page": "2"})),
    ({**Q, "page": "2", "per_page": "۵"}, Same({**Q, "page": "2", "per_page": "5"})),
    ({**Q, "page": "0"}, Refused("page")),
    ({**Q, "page": str(10**12)}, Refused("page")),
    ({**Q, "page": "abc"}, Refused("page")),
    ({**Q, "per_page": "-1"}, Refused("per_page")),
    ({**Q, "per_page": "101"}, Refused("per_page")),
]


def through_api(client, params: dict[str, str]) -> tuple[int, dict]:
    response = client.get("/api/search", params)
    return response.status_code, response.json()


def through_command(params: dict[str, str]) -> dict | str:
    """The command's JSON, or its error message."""
    args = [params.get("q", "")]
    for name, value in params.items():
        if name != "q":
            args += [f"--{name.replace('_', '-')}", value]
    out = StringIO()
    try:
        call_command("search", *args, "--json", stdout=out)
    except CommandError as error:
        return str(error)
    return json.loads(out.getvalue())


def through_page(client, params: dict[str, str]) -> tuple[list[str], int | None, str]:
    """The hit links the page lists, the total it states and the text of its notes."""
    response = client.get("/search", params)
    assert response.status_code == 200
    html = response.content.decode()
    # Each hit's link goes to its passage, carrying the words to mark and the way back (?q=…&back=…#p-3).
    hits = [re.sub(r"\?[^#]*", "", unescape(href)) for href in re.findall(r'<a class="hit-link" href="([^"]*)"', html)]
    total = re.search(r'<h2 id="results-h">([۰-۹]+) نتیجه', html)
    notes = re.search(r'<div class="note" role="status">(.*?)</div>', html, re.S)
    return (
        hits,
        int(latin_digits(total.group(1))) if total else None,
        unescape(re.sub(r"<[^>]+>", "", notes.group(1))) if notes else "",
    )


@pytest.mark.parametrize(("params", "expected"), TABLE, ids=[str(params) for params, _ in TABLE])
def test_the_page_the_api_and_the_command_agree(client, params, expected):
    status, api = through_api(client, params)
    command = through_command(params)
    links, total, notes = through_page(client, params)
    if isinstance(expected, Same):
        canonical_status, canonical = through_api(client, expected.canonical)
        assert status == canonical_status == 200, api
        assert api["total"] > 0  # every row finds something: an empty answer would agree too easily
        assert api == canonical
        assert command == api
        # The page groups a page's hits under their article (in relevance order, under its best hit).
        assert sorted(links) == sorted(hit["url"] for hit in api["hits"]) and total == api["total"]
        assert notes == ""
    else:
        assert status == 400 and api["error"] == "bad_parameter"
        assert list(api["parameters"]) == [expected.parameter]
        message = api["parameters"][expected.parameter]
        assert api["detail"] == message and command == message
        assert message in notes  # the page explains it in the same words ...
        assert total and links  # ... and still searches the rest


def test_the_messages_are_persian_and_name_the_value():
    _, problems = read_search_request({"q": "x", "from": "1397-13-01", "page": "0", "kind": "video"})
    assert [p.parameter for p in problems] == ["from", "kind", "page"]
    assert problems[0].message.startswith("از تاریخ: «1397-13-01» تاریخ شمسی درست نیست")
    assert "«video»" in problems[1].message and "گفته (statement)" in problems[1].message
    assert problems[2].message == "صفحه: «0» عددی از ۱ تا ۱۰۰۰۰ نیست."


def test_search_checks_its_keyword_arguments_with_the_same_readers():
    _, (problem,) = read_search_request({"q": "x", "sort": "alphabetical"})
    with pytest.raises(SearchParameterError) as raised:
        search("x", sort="alphabetical")
    assert (raised.value.parameter, raised.value.message) == (problem.parameter, problem.message)


@pytest.mark.django_db(transaction=True)  # outside an open transaction: the names are kept per archive version
def test_a_speaker_or_outlet_filter_reads_names_kept_until_the_archive_changes():
    from archive.models import Outlet, Person
    from archive.search import _outlets, _speakers

    Person.objects.create(name="عباس آخوندی", slug="akhoundi", aliases=["آخوندي"])
    assert _speakers(["آخوندی"]) == ["عباس آخوندی"]  # an alias in another spelling (Arabic ی)
    assert _speakers(["akhoundi"]) == ["عباس آخوندی"]  # the slug
    Person.objects.create(name="مهسا تازه‌وارد", slug="mahsa-tazevared")  # its commit moves the version on
    assert _speakers(["تازهوارد"]) == ["مهسا تازه‌وارد"]  # a part, without ZWNJ
    Outlet.objects.create(name="روزنامه اعتماد", slug="etemad")
    assert _outlets(["اعتماد"]) == ["روزنامه اعتماد"]
    Person.objects.filter(slug="akhoundi").delete()
    assert _speakers(["آخوندی"]) == []
