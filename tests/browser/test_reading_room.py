"""Clicking through the reading room in chromium: home → article → reply thread → person → scoped search →
result → highlighted paragraph; each page type without JavaScript; axe-core finds no WCAG 2 A/AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, page_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEWS_002 = "انحصار تلگرام شکسته شد"


def page_urls() -> dict[str, str]:
    return {**page_types(), "search": "/search?q=%D8%AA%D9%84%DA%AF%D8%B1%D8%A7%D9%85&speaker=asoosheh"}


def test_click_through_from_home_to_a_highlighted_paragraph(page: Page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name=re.compile(NEWS_002)).first.click()
    expect(page.locator("h1")).to_contain_text(NEWS_002)

    # Comment 69 answers 68: shown inside 68's replies, indented (its right edge moved in, page being RTL).
    page.goto(page.url.split("#")[0] + "#c-69")
    reply = page.locator("li:has(> article#c-68) > ol.replies article#c-69")
    expect(reply).to_be_visible()
    parent_box = page.locator("article#c-68").bounding_box()
    reply_box = reply.bounding_box()
    assert reply_box["x"] + reply_box["width"] < parent_box["x"] + parent_box["width"] - 15
    expect(reply).to_contain_text("در پاسخ به")

    page.locator(".story-meta").get_by_role("link", name="عباس آسوشه").click()
    expect(page.locator("h1")).to_have_text("عباس آسوشه")

    scoped = page.locator("form.scoped-search")
    scoped.get_by_role("searchbox").fill("تلگرام")
    scoped.get_by_role("button", name="جست‌وجو").click()
    expect(page).to_have_url(re.compile(r"/search\?speaker=asoosheh&q="))
    expect(page.locator("#results-h")).to_contain_text("از گفته‌های عباس آسوشه")
    first_hit = page.locator(".hit a.hit-link").first
    expect(page.locator(".hit mark").first).to_be_visible()
    href = first_hit.get_attribute("href")
    assert re.search(r"\?q=[^#]+#p-\d+$", href), href
    first_hit.click()

    anchor = href.rsplit("#", 1)[1]
    expect(page).to_have_url(re.compile(f"#{anchor}$"))
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    expect(target).to_have_css("background-color", "rgb(255, 247, 209)")  # the :target highlight


def test_every_page_type_works_without_javascript(no_js_page: Page, site):
    for name, url in page_urls().items():
        response = no_js_page.goto(site + url)
        assert response.status == 200, name
        expect(no_js_page.locator("h1").first).to_be_visible()
        assert no_js_page.locator("main").inner_text().strip(), name
    # The comment order toggle is a plain link.
    no_js_page.goto(site + page_urls()["article"])
    no_js_page.get_by_role("link", name="قدیمی‌ترین نخست").click()
    expect(no_js_page).to_have_url(re.compile(r"\?order=oldest#comments$"))
    expect(no_js_page.get_by_role("link", name="قدیمی‌ترین نخست")).to_have_attribute("aria-current", "true")


def test_pages_load_only_from_our_own_origin(page: Page, site):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for url in page_urls().values():
        page.goto(site + url)
    foreign = [u for u in requests if not u.startswith(site) and not u.startswith("data:")]
    assert foreign == []
    assert any(u.endswith("Vazirmatn-Regular.woff2") for u in requests)


def test_phone_width_has_no_horizontal_scroll(page: Page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    for name, url in page_urls().items():
        page.goto(site + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 375px"


@pytest.mark.parametrize("name", ["home", "article", "person", "outlet", "search", "dates", "month"])
def test_axe_finds_no_wcag_a_or_aa_violations(axe_page: Page, site, name):
    axe_page.goto(site + page_urls()[name])
    axe_page.add_script_tag(path=str(AXE_JS))
    result = axe_page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert problems == [], "\n".join(problems)
    assert result["passes"], "axe ran no checks"
