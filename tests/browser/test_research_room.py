"""The reading room as a researcher uses it, in chromium at 1280, 390 and 320 px: who speaks in each hit, the
paragraph a hit lands on with the words marked, facets reachable before the hits on phones, no sideways
scroll, breadcrumbs, tap targets, Latin text marked as English, queries echoed as typed, and axe-core's WCAG 2
A/AA rules (2.2 included) passing on every page type. One browser; each page is loaded once per width and
every check for it is made there."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, page_types

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 390, 320)
PHONE = 60 * 16  # the CSS breakpoint (60rem) under which the facets fold into the refine block


def every_page() -> dict[str, str]:
    return {
        **page_types(),
        "search": "/search?q=" + quote("تلگرام"),
        "empty search": "/search",
        "not found": "/no-such-page/",
    }


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    assert result["passes"], "axe ran no checks"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def latin_without_lang(page: Page) -> list[str]:
    """Text nodes with Latin letters whose nearest lang attribute is not English (hashes, file names and
    numbers excepted: they are marked dir=ltr, not words)."""
    return page.evaluate(
        """() => {
          const out = [];
          const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, el = node.parentElement;
            if (!/[A-Za-z]{2,}/.test(node.textContent) || el.closest('pre, [dir=ltr], svg')) continue;
            const lang = el.closest('[lang]').getAttribute('lang');
            if (!lang.startsWith('en')) out.push(node.textContent.trim().slice(0, 40));
          }
          return out;
        }"""
    )


@pytest.fixture
def research_page(browser, site):
    # axe-core is injected as a script; the page's CSP (rightly) forbids that, so this context bypasses it.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_every_page_type_at_three_widths(research_page: Page, site):
    page = research_page
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in every_page().items():
            page.goto(site + url)
            where = f"{name} at {width}px"
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{where}: scrolls sideways by {overflow}px")
            crumbs = page.locator("nav.crumbs")
            if crumbs.count() != 1 or crumbs.locator("[aria-current=page]").count() != 1:
                problems.append(f"{where}: no breadcrumb with aria-current=page")
            for tap in page.locator(".pnum, .permalink").all():
                box = tap.bounding_box()
                if box and (box["width"] < 24 or box["height"] < 24):
                    problems.append(f"{where}: permalink {tap.inner_text()} is {box['width']}x{box['height']}px")
                    break
            if page.locator(".date-inferred[title]").count():
                problems.append(f"{where}: an inferred date's basis only on hover")
            problems += [f"{where}: Latin text without lang=en: {t}" for t in latin_without_lang(page)]
            problems += [f"{where}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_search_page_at_three_widths(research_page: Page, site):
    page = research_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site + "/search?q=" + quote("تلگرام"))
        first_group = page.locator(".hit-group").first
        if width < PHONE:
            # The facets fold into a refine block before the hits, and open without JavaScript.
            refine = page.locator("details.refine")
            expect(refine).to_be_visible()
            expect(page.locator("aside.facets")).to_be_hidden()
            assert refine.bounding_box()["y"] < first_group.bounding_box()["y"]
            refine.locator("summary").click()
            expect(refine.get_by_role("link", name="گفته")).to_be_visible()
        else:
            expect(page.locator("aside.facets")).to_be_visible()
            expect(page.locator("details.refine")).to_be_hidden()
        # Each article once; passages quoting someone name them; comments give author and own time.
        titles = page.locator(".hit-group > h3").all_inner_texts()
        assert len(titles) == len(set(titles))
        expect(page.locator(".hit-speakers a").first).to_be_visible()
        comment = page.locator(".hit[data-kind=comment]").first
        expect(comment.locator(".hit-author")).to_be_visible()
        expect(comment.locator(".hit-time")).to_have_text(re.compile(r"^[۰-۹]{2}:[۰-۹]{2} — "))
        # The query language's examples: Persian in the body font, a date read as typed.
        page.goto(site + "/search")
        example = page.locator(".query-help kbd", has_text="تلگرام کاربران")
        assert "mono" not in example.evaluate("e => getComputedStyle(e).fontFamily").lower()
        date = page.locator(".query-help bdi[dir=ltr]", has_text="۱۳۹۷-۰۳")
        first_x, last_x = date.evaluate(
            """e => { const r = document.createRange(), t = e.firstChild, at = i => {
                 r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect().x; };
               return [at(0), at(t.length - 1)]; }"""
        )
        assert first_x < last_x, "۱۳۹۷-۰۳ reads left to right, as typed"


def test_queries_are_read_and_echoed_as_typed(research_page: Page, site):
    page = research_page
    page.set_viewport_size({"width": 390, "height": 900})
    # A filter name is never "corrected" into another word; typed without its colon, the colon is offered.
    page.goto(site + "/search?q=" + quote("گوینده آسوشه"))
    expect(page.locator(".suggestion")).to_contain_text("گوینده:آسوشه")
    expect(page.locator(".suggestion")).not_to_contain_text("گونه")
    # Only operators or punctuation: a Persian note, no results.
    for q in ("OR", "-", "؟!"):
        page.goto(site + "/search?q=" + quote(q))
        expect(page.locator(".note")).to_contain_text("واژه‌ای برای جست‌وجو نبود")
        expect(page.locator(".hit")).to_have_count(0)
    # A right-to-left override in the query is not echoed into the title or the search box.
    page.goto(site + "/search?q=" + quote("\u202eتلگرام"))
    assert "\u202e" not in page.title()
    assert page.locator("#q").input_value() == "تلگرام"
    # Past the last page: a link to the last page, not a count above "nothing found".
    page.goto(site + "/search?q=" + quote("تلگرام") + "&page=40")
    expect(page.locator("#results-h")).to_contain_text("نتیجه")
    last = page.locator(".past-end a")
    expect(last).to_be_visible()
    last.click()
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator(".pager [aria-current=page]")).to_contain_text("صفحه")


def test_click_path_home_search_speaker_marked_paragraph(research_page: Page, site):
    page = research_page
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + "/")
    page.locator("#site-q").fill("تلگرام")
    page.locator(".site-search button").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    # The first passage in which someone is quoted names the speaker, linked to their page.
    hit = page.locator(".hit:has(.hit-speakers)").first
    speaker = hit.locator(".hit-speakers a").first
    expect(speaker).to_have_attribute("href", re.compile(r"^/people/"))
    name = speaker.inner_text()
    link = hit.locator("a.hit-link")
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    paragraph = page.locator(f"#{anchor}")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph.locator("mark").first).to_have_text(re.compile("تلگرام"))
    expect(paragraph.locator(".said-by")).to_contain_text(name)
    back = page.get_by_role("link", name=re.compile("بازگشت به نتیجه‌های جست‌وجو"))
    back.click()
    expect(page.locator("#q")).to_have_value("تلگرام")


def test_person_page_roles_dates_and_figures(research_page: Page, site):
    page = research_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(site + "/people/asoosheh/")
    roles = page.locator(".roles-list > li")
    assert roles.count() >= 1
    for role in roles.all():
        expect(role.locator(".role-dates, .role-undated")).to_be_visible()
    notes = " ".join(page.locator(".role-note").all_inner_texts())
    assert not re.search(r"\b\d{3}_[0-9a-f]{6,}", notes), "notes name articles, not files"
