"""An editor's decisions on people and outlets found in text: made in the admin, applied at once (re-attribution
without a re-import), and honoured by a re-import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from archive import editing
from archive.ingest.loader import import_paths
from archive.models import Article, Origin, Outlet, Person, Statement

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"


@pytest.fixture(autouse=True)
def own_index(private_index):
    """These tests change data inside a transaction that is rolled back: they write to an index of their own."""


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    import_paths([folder], ROOT / "fixtures")
    return folder


def _reimport(folder: Path, name: str) -> Article:
    """Import the page again with its bytes changed (a new capture), so it is parsed and attributed afresh."""
    path = next(folder.glob(f"{name}*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (result,) = [r for r in import_paths([folder], ROOT / "fixtures") if r.path == path]
    assert result.status == "updated", result.message
    return Article.objects.get(source_file=path.name)


def _found(name_part: str) -> Person:
    return next(p for p in Person.objects.all() if name_part in p.name)


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("decider", "decider@example.org", "x")
    client.force_login(user)
    return client


def test_found_people_and_outlets_are_listed_with_their_sentence(editor, pages):
    people = editor.get("/admin/archive/person/?origin=found").content.decode()
    assert "بهزاد رحمانی نژاد" in people and "سخنگوی صنعت آب امروز" in people  # the sentence it was found in
    assert "عباس آسوشه" not in people  # a fixture person is confirmed
    outlets = editor.get("/admin/archive/outlet/?origin=found").content.decode()
    assert "خبرگزاری ایرنا" in outlets and "خبرنگار گروه اقتصادی" in outlets


def test_rejected_person_loses_its_statements_at_once_and_is_not_found_again(
    editor, pages, django_capture_on_commit_callbacks
):
    person = _found("رحمانی نژاد")
    assert person.statements.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post("/admin/archive/person/", {"action": "reject_selected", "_selected_action": [person.pk]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.origin == Origin.REJECTED
    assert not person.statements.exists() and not person.appearances.exists()
    with django_capture_on_commit_callbacks(execute=True):
        article = _reimport(pages, "901")
    assert not article.statements.exists() or not article.statements.filter(person__name__contains="رحمانی").exists()
    assert [p.name for p in Person.objects.all() if "رحمانی نژاد" in p.name] == [person.name]  # not found again
    # The other person of that page is untouched.
    assert article.appearances.filter(person__name="حمیدرضا صالحیان").exists()


def test_confirmed_person_stays_confirmed_and_keeps_statements(editor, pages, django_capture_on_commit_callbacks):
    person = _found("نکونام")
    count = person.statements.count()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post("/admin/archive/person/", {"action": "confirm_selected", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.origin == Origin.CONFIRMED
    assert person.statements.count() == count > 0


def test_merged_people_stay_merged_after_a_re_import(pages, django_capture_on_commit_callbacks):
    """Two records an editor says are one: statements, aliases and roles move to the one kept."""
    kept, merged = _found("جمالی"), _found("میرزایی")
    merged_statements = merged.statements.count()
    kept_statements = kept.statements.count()
    with django_capture_on_commit_callbacks(execute=True):
        editing.merge(kept, [merged])
    assert not Person.objects.filter(pk=merged.pk).exists()
    kept.refresh_from_db()
    assert "غلامرضا میرزایی" in kept.aliases
    assert kept.roles.filter(title__contains="اراک").exists()
    assert kept.statements.count() == kept_statements + merged_statements
    with django_capture_on_commit_callbacks(execute=True):
        article = _reimport(pages, "903")
    assert not [p for p in Person.objects.all() if p.name == "غلامرضا میرزایی"]
    assert article.statements.filter(person=kept).exists()


def test_renamed_person_keeps_the_old_name_as_alias(editor, pages, django_capture_on_commit_callbacks):
    person = _found("اشرفی")
    response = editor.get(f"/admin/archive/person/{person.pk}/change/")
    assert response.status_code == 200
    data = {
        "slug": person.slug,
        "name": "نسرین اشرفی زاده",
        "aliases": '["اشرفی‌زاده"]',
        "description": "",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/archive/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.name == "نسرین اشرفی زاده" and "نسرین اشرفی‌زاده" in person.aliases
    assert person.origin == Origin.CONFIRMED
    assert person.statements.exists()


def test_rejected_outlet_leaves_its_articles_and_is_not_found_again(editor, pages, django_capture_on_commit_callbacks):
    outlet = Outlet.objects.get(name="اقتصادنامه")
    assert outlet.origin == Origin.FOUND and outlet.articles.exists()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post("/admin/archive/outlet/", {"action": "reject_selected", "_selected_action": [outlet.pk]})
    assert not Article.objects.filter(outlet=outlet).exists()
    with django_capture_on_commit_callbacks(execute=True):
        article = _reimport(pages, "905")
    assert article.outlet is None
    assert [s.outlet.name for s in article.sources.all()] == ["خبرگزاری ایرنا"]
    assert Outlet.objects.filter(name="اقتصادنامه").count() == 1


def test_merged_outlets_stay_merged_after_a_re_import(pages, django_capture_on_commit_callbacks):
    kept = Outlet.objects.create(slug="isna", name="خبرگزاری دانشجویان ایران", kind="agency")
    found = Outlet.objects.get(name="ایسنا")
    with django_capture_on_commit_callbacks(execute=True):
        editing.merge(kept, [found])
    kept.refresh_from_db()
    assert "ایسنا" in kept.aliases
    assert not Outlet.objects.filter(name="ایسنا").exists()
    assert Article.objects.filter(outlet=kept).exists()
    article = _reimport(pages, "901")
    assert article.outlet == kept
    assert not Outlet.objects.filter(name="ایسنا").exists()


def test_statements_of_found_people_are_searchable_by_speaker(pages):
    from archive.search import search

    person = _found("یزدان")
    assert Statement.objects.filter(person=person).exists()
    result = search("", speaker=person.slug, kind="statement")
    assert result.total >= 1


def test_found_people_and_outlets_are_shown_with_a_quiet_mark(client, pages):
    person = _found("یزدان")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "یافته در متن" in page and "وزیر راه و شهرسازی" in page
    outlet = Outlet.objects.get(name="خبرگزاری ایرنا")
    assert "یافته در متن" in client.get(outlet.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()
    assert person.name in home and "یافته در متن" in home
    fixture = client.get(Person.objects.get(slug="vaezi").get_absolute_url()).content.decode()
    assert "یافته در متن" not in fixture


def test_rejected_people_and_outlets_are_not_shown(pages, client):
    person, outlet = _found("صالحیان"), Outlet.objects.get(name="اقتصادنامه")
    editing.reject([person, outlet])
    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get(outlet.get_absolute_url()).status_code == 404
    assert person.name not in client.get("/").content.decode()


def test_export_and_api_say_found_or_confirmed(client, pages):
    from archive.exporting import article_record

    record = article_record(Article.objects.get(source_file__startswith="905"))
    origins = {p["name"]: p["origin"] for p in record["people"]}
    assert origins["محمدجواد آذری جهرمی"] == "confirmed"
    assert origins[next(n for n in origins if "جمالی" in n)] == "found"
    assert record["outlet_origin"] == "found"
    api = client.get(f"/api/people/{_found('یزدان').slug}").json()
    assert api["origin"] == "found" and api["roles"][0]["title"] == "وزیر راه و شهرسازی"
    schema = client.get("/api/schema").json()
    assert "origin" in schema["components"]["schemas"]["Person"]["required"]


def test_found_outlets_filter_and_facet_the_search(pages):
    from archive.search import search

    outlet = Outlet.objects.get(name="خبرگزاری ایرنا")
    result = search("", outlet=outlet.slug)
    assert result.total >= 1
    speaker = _found("نکونام")
    facets = search("مجازی").to_json()["facets"]
    assert speaker.name in str(facets)
