"""The HTML search page over archive.search: highlighted snippets linking to the exact place, facets as
filter links, "did you mean", pagination, a helpful empty state, and no 500 for any query string."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def get(client: Client, query: str) -> str:
    response = client.get(f"/search?{query}")
    assert response.status_code == 200, query
    return response.content.decode("utf-8")


def test_empty_page_shows_the_query_language_help(client):
    html = get(client, "")
    assert "راهنمای زبان جست‌وجو" in html and "گوینده:آسوشه" in html and "<kbd>تلگرام -سروش</kbd>" in html
    assert 'role="search"' in html and 'name="q"' in html


def test_results_have_highlighted_snippets_linking_to_the_paragraph_or_comment(client):
    html = get(client, "q=تلگرام")
    assert re.search(r"<h2 id=\"results-h\">[۰-۹]+ نتیجه", html)
    assert "<mark>" in html
    assert re.search(r'<a class="hit-link" href="/articles/[^"?]+\?q=[^"]+#p-\d+">بند [۰-۹]+</a>', html)
    assert re.search(r'<a class="hit-link" href="/articles/[^"?]+\?q=[^"]+#c-\d+">نظر [۰-۹]+</a>', html)
    # Each article once, its passages beneath; its outlet and honest date under the title.
    titles = re.findall(r'<li class="hit-group">\s*<h3><a href="(/articles/[^"]+)">', html)
    assert titles and len(titles) == len(set(titles))
    assert re.search(r'<p class="meta">باشگاه خبرنگاران جوان<span class="sep"', html)
    # A comment hit gives its author and its own time (hh:mm — day), not its article's date.
    assert re.search(
        r'<span class="hit-author">[^<]+</span>.*?<time class="hit-time" datetime="[^"]+">[۰-۹]{2}:[۰-۹]{2} — ', html
    )


def test_snippet_is_the_only_trusted_html(client):
    html = get(client, "q=" + "<script>alert(1)</script> تلگرام")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_speaker_filter_and_facets_as_links(client):
    html = get(client, "q=تلگرام&speaker=asoosheh")
    assert "از گفته‌های عباس آسوشه" in html
    facets = html[html.index('class="facets"') :]
    links = re.findall(r'<a href="(\?[^"]+)"[^>]*>([^<]+)</a> <span class="count">\(([۰-۹]+)\)</span>', facets)
    assert links, "facets render as links with counts"
    kinds = {label for _, label, _ in links}
    assert "گفته" in kinds
    # Every facet link keeps the query and the speaker filter, and drops the page number.
    for href, _, _ in links:
        params = parse_qs(urlsplit(href).query)
        assert params["q"] == ["تلگرام"] and "page" not in params


def selected_options(html: str, select: str) -> list[tuple[str, str]]:
    inner = html[html.index(f'<select id="{select}"') :]
    inner = inner[: inner.index("</select>")]
    return re.findall(r'<option value="([^"]*)" selected>([^<]*)</option>', inner)


@pytest.mark.parametrize("speaker", ["asoosheh", "عباس آسوشه"])
def test_the_forms_lists_keep_what_is_chosen(client, speaker):
    """The speaker and outlet lists list every one of them, and mark the one asked for, by slug or by name."""
    html = get(client, f"q=تلگرام&speaker={speaker}")
    assert selected_options(html, "f-speaker") == [("asoosheh", "عباس آسوشه")]
    assert selected_options(html, "f-outlet") == []
    speakers = re.findall(r'<option value="([^"]+)"', html[html.index('id="f-speaker"') : html.index('id="f-outlet"')])
    assert len(speakers) == len(set(speakers)) > 1 and "asoosheh" in speakers
    from archive.models import Outlet

    outlet = Outlet.objects.get(name="باشگاه خبرنگاران جوان")
    for value in (outlet.slug, outlet.name):
        chosen = get(client, f"q=تلگرام&outlet={value}")
        assert selected_options(chosen, "f-outlet") == [(outlet.slug, outlet.name)]
        assert selected_options(chosen, "f-speaker") == []
    unknown = get(client, "q=تلگرام&speaker=<b>کسی دیگر</b>")
    assert selected_options(unknown, "f-speaker") == [("&lt;b&gt;کسی دیگر&lt;/b&gt;", "&lt;b&gt;کسی دیگر&lt;/b&gt;")]


def test_kind_filter_restricts_hits(client):
    html = get(client, "q=تلگرام&kind=comment")
    kinds = set(re.findall(r'<span class="hit-kind">([^<]+)</span>', html))
    assert kinds == {"نظر"}


def test_did_you_mean(client):
    html = get(client, "q=تلگرم")
    match = re.search(r'آیا منظورتان <a href="\?([^"]+)">', html)
    assert match and parse_qs(match.group(1).replace("&amp;", "&"))["q"] == ["تلگرام"]


def test_pagination_links(client):
    first = get(client, "q=تلگرام")
    match = re.search(r'<a rel="next" href="\?([^"]+)">', first)
    assert match, "more than one page of results for تلگرام"
    second = get(client, match.group(1).replace("&amp;", "&"))
    assert 'rel="prev"' in second and "صفحه ۲ از" in second


def test_nothing_found_helps(client):
    html = get(client, "q=واژه‌ای‌که‌هرگزنیست&speaker=koohkan")
    assert "نتیجه‌ای پیدا نشد" in html
    assert "همین واژه‌ها بدون پالایه‌ها" in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%00%01",
        "q=" + "ت" * 3000,
        'q="unclosed',
        "q=-",
        "q=OR OR",
        "q=گوینده:",
        "q=از:1397-13-45",
        "q=تلگرام&from=1397-13-01&to=abc",
        "q=تلگرام&kind=foo&sort=bar",
        "q=تلگرام&page=0",
        "q=تلگرام&page=-3",
        "q=تلگرام&page=abc",
        "q=تلگرام&page=99999999999999999999",
        "q=تلگرام&page=500",
        "speaker=nobody",
        "outlet=%ff%fe",
        "q[]=x&q=y",
    ],
)
def test_odd_queries_never_500(client, query):
    response = client.get(f"/search?{query}")
    assert response.status_code < 500


def test_invalid_filters_are_explained_in_persian(client):
    html = get(client, "q=تلگرام&from=1397-13-01&page=abc")
    assert 'role="status"' in html and "تاریخ شمسی درست نیست" in html
    assert "<mark>" in html  # the words were still searched


def test_the_engines_notes_are_shown_escaped(client):
    html = get(client, "q=تلگرام&speaker=<b>کسی</b>")
    assert "در بایگان نیست" in html
    assert "<b>کسی</b>" not in html and "&lt;b&gt;" in html
