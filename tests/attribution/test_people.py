"""Person-page data (statements by article with their figures) and re-attribution on admin changes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

import archive.attribution.store as store
import archive.people as people
from archive.models import Article, Person, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_index(private_index):
    """These tests change data inside a transaction that is rolled back: they write to an index of their own."""


def test_asoosheh_speaks_in_002_and_004_with_his_figures_side_by_side():
    page = people.person_page(Person.objects.get(name="عباس آسوشه"))
    files = [group.article.source_file[:3] for group in page.articles]
    assert sorted(files) == ["002", "004"]
    dates = [group.article.published_start for group in page.articles]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert page.statement_count == Statement.objects.filter(person__slug="asoosheh").count()

    # Rows are claims: the noun counted with its qualifying words, a span of time with what it spans.
    rows = {row.claim: row for row in page.figure_rows}
    registered, years, visits = "کاربر ثبت‌نام‌کرده", "سال («… تمام امکانات»)", "بازدید"
    said = {
        claim: {a.source_file[:3]: [f.figure.text for f in figures] for a, figures in rows[claim].by_article}
        for claim in (registered, years, visits)
    }
    assert "۲۶ میلیون کاربر" in said[registered]["002"]
    assert "۲۵ میلیون کاربر" in said[registered]["004"]
    assert "شش سال" in said[years]["002"]
    assert "پنج سال" in said[years]["004"]
    assert "۲ میلیارد بازدید" in said[visits]["002"]
    assert "۲٫۵ میلیارد بازدید" in said[visits]["004"]
    assert all(rows[c].differs for c in (registered, years, visits))
    # Active users are another claim than registered ones; "six months" / "two months" are said alike in both
    # articles (no disagreement); the top 10,000 channels are a selection, not a count of channels.
    assert "۱۰ میلیون نفر کاربر" in [f.figure.text for _, fs in rows["کاربر فعال"].by_article for f in fs]
    assert not [r.claim for r in page.figure_rows if r.unit == "ماه" and r.differs]
    assert not rows["کانال برتر"].differs and not rows["کانال"].differs
    # Units stated in both articles come before those stated in one.
    assert len(page.figure_rows[0].by_article) == 2


def test_statement_views_link_to_their_paragraph_and_hold_their_figures():
    page = people.person_page(Person.objects.get(slug="asoosheh"))
    views = [v for group in page.articles for v in group.statements]
    for view in views:
        if view.part == "paragraph":
            assert view.anchor == f"p-{view.paragraph + 1}"
        else:
            assert view.anchor == view.part
        assert view.url.endswith("#" + view.anchor)
        assert view.url.startswith(view.statement.article.get_absolute_url())
    with_users = [v for v in views if any(f.unit == "کاربر" for f in v.figures)]
    assert with_users, "his user counts come with the statements that state them"


def test_speakers_by_paragraph_marks_each_part():
    article = Article.objects.get(source_file__startswith="002")
    marks = people.speakers_by_paragraph(article)
    assert [p.slug for p in marks["title"]] == ["asoosheh"]
    assert [p.slug for p in marks["p-9"]] == ["koohkan"]  # paragraph position 8: "کوهکن نیز ..."
    assert "p-1" not in marks  # the programme's introduction: narration


class _FormFields(HTMLParser):
    """The values a browser would send for the admin change form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def _change_form(client, person):
    response = client.get(f"/admin/archive/person/{person.pk}/change/")
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {k: v for k, v in parser.data.items() if "__prefix__" not in k}
    data["aliases"] = re.sub(r"^\n", "", data["aliases"])
    return data


def test_adding_an_alias_in_the_admin_re_attributes_without_a_re_import(client, django_capture_on_commit_callbacks):
    koohkan = Person.objects.get(slug="koohkan")
    article = Article.objects.get(source_file__startswith="002")
    before = set(article.statements.filter(person=koohkan).values_list("paragraph__position", flat=True))
    assert {8, 11, 14, 17} <= before  # "کوهکن ..." by his surname

    # An editor removes the surname alias; the page's "کوهکن ..." paragraphs lose their speaker.
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(admin)
    data = _change_form(client, koohkan)
    data["aliases"] = "[]"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/archive/person/{koohkan.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    without = set(article.statements.filter(person=koohkan).values_list("paragraph__position", flat=True))
    assert not {8, 11, 14, 17} & without
    assert 9 in without  # "این نماینده مجلس افزود": his title, and the page names him in full

    # Adding the alias back through the admin gives them back, without a re-import.
    data = _change_form(client, koohkan)
    data["aliases"] = '["کوهکن"]'
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/archive/person/{koohkan.pk}/change/", data)
    assert response.status_code == 302
    after = set(article.statements.filter(person=koohkan).values_list("paragraph__position", flat=True))
    assert after == before


def test_changing_a_role_alias_in_the_admin_re_attributes(client, django_capture_on_commit_callbacks):
    """002 calls him "معاون فنی شورای عالی فضای مجازی" four times; that is a role alias an editor may drop."""
    asoosheh = Person.objects.get(slug="asoosheh")
    article = Article.objects.get(source_file__startswith="002")
    variant = "معاون فنی شورای عالی فضای مجازی"
    by_variant = {p.position for p in article.paragraphs.all() if p.text.startswith(variant)}
    assert len(by_variant) == 4
    spoken = set(article.statements.filter(person=asoosheh).values_list("paragraph__position", flat=True))
    assert by_variant <= spoken

    admin = get_user_model().objects.create_superuser("editor2", "editor2@example.org", "x")
    client.force_login(admin)
    data = _change_form(client, asoosheh)
    (field,) = [k for k in data if re.fullmatch(r"roles-\d+-aliases", k)]
    aliases = json.loads(data[field])
    data[field] = json.dumps([a for a in aliases if a != variant], ensure_ascii=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/archive/person/{asoosheh.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    now = set(article.statements.filter(person=asoosheh).values_list("paragraph__position", flat=True))
    assert not by_variant & now
    # "وی ..." right after such a paragraph now follows a speaker the archive cannot name: not guessed either.
    texts = {p.position: p.text for p in article.paragraphs.all()}
    followers = {n + 1 for n in by_variant if texts.get(n + 1, "").startswith("وی ")}
    assert followers
    assert now == spoken - by_variant - followers


def test_an_import_does_not_re_attribute_for_each_fixture_person(monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    original = store.attribute_article
    monkeypatch.setattr(store, "attribute_article", lambda *a, **k: calls.append(a) or original(*a, **k))
    monkeypatch.setattr("archive.ingest.loader.attribute_article", store.attribute_article)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_pages", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The fixture people were saved again (same values): no page changed, nothing re-attributed.
    assert calls == []
    assert callbacks == [] or all("attribution" not in c.__module__ for c in callbacks)


def test_an_import_with_changed_fixture_people_re_attributes_pages_whose_bytes_did_not_change(tmp_path):
    from archive.ingest.loader import import_paths
    from tests.conftest import ROOT, SEEDS

    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("outlets.json", "pages.json"):
        (fixtures / name).write_bytes((ROOT / "fixtures" / name).read_bytes())
    entries = json.loads((ROOT / "fixtures" / "people.json").read_text(encoding="utf-8"))
    for entry in entries:
        if entry["slug"] == "koohkan":
            entry["aliases"] = []
    (fixtures / "people.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")

    article = Article.objects.get(source_file__startswith="002")
    before = set(article.statements.filter(person__slug="koohkan").values_list("paragraph__position", flat=True))
    results = import_paths([SEEDS], fixtures)
    assert {r.status for r in results} == {"unchanged"}
    now = set(article.statements.filter(person__slug="koohkan").values_list("paragraph__position", flat=True))
    assert {8, 11, 14, 17} <= before - now

    results = import_paths([SEEDS], ROOT / "fixtures")
    assert {r.status for r in results} == {"unchanged"}
    again = set(article.statements.filter(person__slug="koohkan").values_list("paragraph__position", flat=True))
    assert again == before
