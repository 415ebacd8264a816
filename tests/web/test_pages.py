"""The reading room's pages, rendered through Django's test client against the five imported seeds."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Article, Comment, Outlet, Person, Statement

pytestmark = pytest.mark.django_db


def article_of(prefix: str) -> Article:
    return Article.objects.get(source_file__startswith=prefix)


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode("utf-8")


def test_base_layout_is_persian_rtl_with_landmarks_and_own_font(client):
    html = page(client, "/")
    assert '<html lang="fa" dir="rtl">' in html
    assert 'class="skip" href="#main"' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html and "<nav" in html
    # The font is ours, preloaded, woff2; no other host is named anywhere in the page.
    assert re.search(r'<link rel="preload" href="/static/vendor/vazirmatn/Vazirmatn-Regular\.woff2" as="font"', html)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    # No inline script or event handler (the CSP forbids them).
    assert "<script" not in html and not re.search(r"\son[a-z]+=", html)


def test_home_lists_articles_newest_first_people_outlets_and_timeline(client):
    html = page(client, "/")
    positions = [html.index(a.title) for a in Article.objects.order_by("-published_start", "source_file")]
    # 002 (stated 7 Khordad 1397) is newer than 000 (about Shahrivar 1395).
    assert html.index(article_of("002").title) < html.index(article_of("000").title)
    assert positions == sorted(positions)
    for person in Person.objects.all():
        assert person.name in html
    assert "معاون فناوری مرکز ملی فضای مجازی" in html  # a role beside its official
    for outlet in Outlet.objects.filter(articles__isnull=False):
        assert outlet.name in html
    assert "دوشنبه ۷ خرداد ۱۳۹۷" in html and "حدود شهریور ۱۳۹۵" in html
    # The timeline: an accessible SVG and a table with the same figures.
    assert re.search(r'<svg[^>]+role="img"[^>]+aria-labelledby="tl-title tl-desc"', html)
    assert '<title id="tl-title">' in html and '<desc id="tl-desc">' in html
    assert re.search(r"<th scope=\"row\"><a href=\"/dates/1397/03/\">خرداد ۱۳۹۷</a></th><td>۴</td><td>۷۲</td>", html)


def test_article_page_text_anchors_date_chain_people_and_provenance(client):
    article = article_of("003")
    html = page(client, article.get_absolute_url())
    # The heading is the title, as stored (Latin runs may sit in <bdi> for their direction).
    heading = re.search(r'<h1 id="title">(.*?)</h1>', html, re.S)
    assert heading and unescape(re.sub(r"</?bdi>", "", heading.group(1))) == article.title
    for p in article.paragraphs.all():
        assert f'id="p-{p.position + 1}"' in html
    # Inferred month, honest: "about", with the editor's basis in a visible note (never only on hover), which
    # every listing of the article links to.
    assert "حدود خرداد ۱۳۹۷" in html
    assert 'id="date-basis"' in html and article.published_note.split("،")[0] in html and 'title="' not in html
    assert f'href="{article.get_absolute_url()}#date-basis"' in html
    assert "تاریخ برآوردی است" in html and "اطمینان: متوسط" in html
    # The chain: the newspaper it cites, and the radio programme where the words were said.
    assert re.search(r"به نقل از <a href=\"/outlets/jamejam/\">روزنامه جام جم</a>", html)
    assert re.search(r"در برنامه <a href=\"/outlets/peyk-bamdad/\">پیک بامداد</a>", html)
    assert 'href="/people/seyed-salehi/"' in html
    assert f'href="{reverse("article_raw", args=[article.slug])}"' in html
    assert article.sha256 in html


def test_article_marks_who_speaks_each_paragraph(client):
    article = article_of("002")
    html = page(client, article.get_absolute_url())
    statement = Statement.objects.filter(article=article, paragraph__isnull=False).select_related("paragraph").first()
    anchor = statement.paragraph.anchor
    paragraph_html = re.search(rf'<p id="{anchor}" class="para">.*?</p>', html, re.S).group()
    assert 'class="said-by"' in paragraph_html and statement.person.get_absolute_url() in paragraph_html


def test_comment_thread_replies_under_parent_permalinks_and_order(client):
    article = article_of("002")
    html = page(client, article.get_absolute_url())
    assert "۷۲ نظر خواننده" in html
    # Comment 69 answers 68: it sits inside 68's list item, in a nested list of replies.
    item_68 = html[html.index('id="c-68"') :]
    replies = item_68[: item_68.index("</li>\n")]
    assert '<ol class="replies"' in replies and 'id="c-69"' in replies
    assert 'در پاسخ به <a href="#c-68">نظر ۶۸</a>' in html
    assert 'href="#c-69" aria-label="پیوند ثابت نظر ۶۹"' in html
    assert '<span class="anon">ناشناس</span>' in html
    assert "۱۵:۰۷ — ۸ خرداد ۱۳۹۷" in html  # Jalali time of the newest comment
    newest = page(client, article.get_absolute_url() + "?order=newest")
    oldest = page(client, article.get_absolute_url() + "?order=oldest")
    first, last = Comment.objects.filter(article=article, parent=None).order_by("posted")[
        :: article.comments.filter(parent=None).count() - 1
    ]
    assert newest.index(f'id="{last.anchor}"') < newest.index(f'id="{first.anchor}"')
    assert oldest.index(f'id="{first.anchor}"') < oldest.index(f'id="{last.anchor}"')
    assert '?order=oldest#comments" aria-current="true"' in oldest


def test_multiline_comment_keeps_its_line_breaks(client):
    comment = Comment.objects.filter(body__contains="\n").select_related("article").first()
    html = page(client, comment.article.get_absolute_url())
    first_line, second_line = comment.body.split("\n")[:2]
    assert re.search(re.escape(first_line) + r"\n" + re.escape(second_line), html)


def test_truncated_article_says_so(client):
    html = page(client, article_of("004").get_absolute_url())
    assert "متن ناقص است" in html
    assert "بین ۲۸ اردیبهشت و ۱۵ خرداد ۱۳۹۷" in html


def test_raw_page_shows_the_capture_and_its_checksum(client):
    article = article_of("001")
    html = page(client, reverse("article_raw", args=[article.slug]))
    assert article.sha256 in html
    assert article.raw.splitlines()[0].strip() in html
    text = client.get(reverse("article_raw", args=[article.slug]) + "?format=txt")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content == article.raw.encode("utf-8")


def test_person_page_roles_statements_by_article_and_scoped_search(client):
    person = Person.objects.get(slug="asoosheh")
    html = page(client, person.get_absolute_url())
    assert f"<h1>{person.name}</h1>" in html
    newer, older = article_of("002"), article_of("004")
    # Statements from both articles, grouped, newest article first, each linking to its paragraph.
    assert html.index(f'<a href="{newer.get_absolute_url()}">') < html.index(f'<a href="{older.get_absolute_url()}">')
    for statement in Statement.objects.filter(person=person, paragraph__isnull=False).select_related(
        "article", "paragraph"
    ):
        assert f'href="{statement.article.get_absolute_url()}#{statement.paragraph.anchor}"' in html
    assert re.search(r'<form class="scoped-search" role="search" action="/search"', html)
    assert '<input type="hidden" name="speaker" value="asoosheh">' in html


def test_person_roles_carry_jalali_dates(client):
    html = page(client, Person.objects.get(slug="vaezi").get_absolute_url())
    assert "از مرداد ۱۳۹۲ تا مرداد ۱۳۹۶" in html


def test_outlet_page_own_articles_and_articles_citing_it(client):
    html = page(client, "/outlets/tabnak/")
    assert article_of("001").title in html and "به نقل از تابناک" in html
    own = page(client, "/outlets/tasnim/")
    assert article_of("003").title in own


def test_date_archive_by_year_and_month(client):
    index = page(client, reverse("dates"))
    assert 'href="/dates/1397/03/"' in index and 'href="/dates/1395/06/"' in index
    month = page(client, "/dates/1397/03/")
    assert "<h1>خرداد ۱۳۹۷</h1>" in month
    for prefix in ("001", "002", "003", "004"):
        assert article_of(prefix).title in month
    assert article_of("000").title not in month
    assert "۷۲ نظر" in month
    # 001's range (Khordad to Tir 1397) reaches Tir too.
    assert article_of("001").title in page(client, "/dates/1397/04/")


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/people/nobody/",
        "/outlets/nowhere/",
        "/dates/1397/13/",
        "/dates/99999/01/",
        "/nope",
    ],
)
def test_unknown_pages_are_persian_404s(client, url):
    html = page(client, url, status=404)
    assert "این صفحه پیدا نشد" in html and 'dir="rtl"' in html


def test_a_failing_view_gives_the_persian_500_page(settings):
    settings.ROOT_URLCONF = "tests.web.failing_urls"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "خطایی پیش آمد" in html and '<html lang="fa" dir="rtl">' in html
    assert "RuntimeError" not in html and "Traceback" not in html


def test_500_page_renders_without_debug(rf):
    from archive.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "خطایی پیش آمد" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "order=%00",
        "order=" + "x" * 5000,
        "order[]=1&order=oldest",
        "format=%ff%fe",
        "q=%D9%86%D8%B8",
    ],
)
def test_odd_query_strings_never_500(client, query):
    for url in ("/", article_of("002").get_absolute_url(), "/people/asoosheh/", "/dates/1397/03/"):
        assert client.get(f"{url}?{query}").status_code < 500


def test_text_is_escaped_and_latin_runs_isolated(client):
    from archive.jinja2 import isolate

    assert str(isolate("<script>x</script>")) == (
        '&lt;<bdi lang="en">script</bdi>&gt;<bdi lang="en">x</bdi>&lt;/<bdi lang="en">script</bdi>&gt;'
    )
    assert str(isolate("اتحادیه اروپا در سال ۲۰۱۸ دیتا پروتکشن یا data protection.")) == (
        'اتحادیه اروپا در سال ۲۰۱۸ دیتا پروتکشن یا <bdi lang="en">data protection</bdi>.'
    )
    assert str(isolate("ساعت ۱۵:۰۷")) == "ساعت <bdi>۱۵:۰۷</bdi>"


def test_person_page_sets_the_same_officials_figures_side_by_side(client):
    html = page(client, "/people/asoosheh/")
    table = html[html.index('<table class="figures">') : html.index("</table>")]
    # The registered users he counted: 26 million on one page, 25 million on the other, in one row group, both
    # linked to the statements that said them.
    users = table[table.index(">کاربر ثبت‌نام‌کرده") :]
    users = users[: users.index('class="row-start"')] if 'class="row-start"' in users else users
    assert "۲۶ میلیون کاربر" in users and "۲۵ میلیون کاربر" in users
    assert "ناهمخوان" in users
    assert article_of("002").get_absolute_url() in users and article_of("004").get_absolute_url() in users
    assert re.search(r'<a href="/articles/[^"#]+#(?:p-\d+|lead|title|kicker)">(?:[^<]* )?۲۶ میلیون کاربر</a>', users)
    # «ناهمخوان» only where one claim has different numbers: "two months" / "six months" are said alike in both
    # articles, and the top 10,000 channels are a selection, not a count of channels.
    rows = re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', table, re.S)
    differing = [r for r in rows if "ناهمخوان" in r]
    assert not [r for r in differing if r.startswith("ماه")], differing
    assert not [r for r in differing if r.startswith("کانال")], differing
    assert any(r.startswith("کانال برتر") for r in rows)
    assert any(r.startswith("سال") and "تمام امکانات" in r for r in differing)  # شش سال vs پنج سال


def test_home_shows_the_newest_articles_and_links_to_the_rest(client, monkeypatch):
    monkeypatch.setattr("archive.views.HOME_ARTICLES", 2)
    html = page(client, "/")
    assert html.count('class="article-item"') == 2
    assert 'href="/dates/">همه ۵ خبر، بر پایه ماه</a>' in html


# HTML's valid date and global date-and-time strings: a fraction of a second has at most three digits
# (Python's isoformat() gives six, which the Nu checker rejects).
VALID_DATETIME = re.compile(r"\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?)?")


def test_every_time_element_carries_a_valid_html_datetime(client):
    from django.utils import timezone

    article = article_of("002")
    # An imported moment with microseconds, as a real import stores it.
    Article.objects.filter(pk=article.pk).update(imported_at=timezone.now().replace(microsecond=123456))
    Comment.objects.filter(article=article).exclude(posted=None).update(
        posted=timezone.now().replace(microsecond=654321)
    )
    urls = [
        article.get_absolute_url(),
        reverse("article_raw", args=[article.slug]),
        reverse("search") + "?q=تلگرام&kind=comment",
    ]
    for url in urls:
        values = re.findall(r'<time[^>]* datetime="([^"]+)"', page(client, url))
        assert values, url
        bad = [v for v in values if not VALID_DATETIME.fullmatch(v)]
        assert not bad, (url, bad[:3])
