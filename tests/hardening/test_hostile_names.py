"""File names and bytes that must not break a page: every page of the site answers 200 after they import.

`###.txt` has no letter to make a slug from, `page_1.txt` and `page-1.txt` make the same one, a 200-character
name is longer than the slug column; a NUL byte deep in a file is refused on both databases alike.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article
from archive.slugs import MAX_LENGTH, base_slug, unique_slug

pytestmark = pytest.mark.django_db


def page(title: str, speaker_line: str) -> str:
    return f"{title}\n\nبه گزارش خبرنگار ما، شورای شهر روز یکشنبه درباره قیمت بلیت مترو تصمیم گرفت.\n\n{speaker_line}\n"


@pytest.fixture
def names_folder(tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"  # this test's own index: its articles roll back
    settings.API_RATE_LIMIT = "0"
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "###.txt").write_text(page("افزایش قیمت بلیت مترو", "رئيس شورا گفت: افزايش ۲۵ درصدی است."), "utf-8")
    (folder / "page_1.txt").write_text(page("بلیت مترو گران شد", "یک عضو شورا گفت: مخالف بودم."), "utf-8")
    (folder / "page-1.txt").write_text(page("مترو و اتوبوس گران‌تر", "شهردار گفت: یارانه کم شده است."), "utf-8")
    long_name = "گزارش-" + "metro-" * 31 + "mtro.txt"  # 200 characters, 205 bytes
    assert len(long_name) == 200
    (folder / long_name).write_text(page("خط هفت مترو", "مدیرعامل مترو گفت: خط هفت آماده است."), "utf-8")
    return folder


def test_hostile_names_import_and_every_page_answers(names_folder, client):
    out = io.StringIO()
    call_command("import_pages", str(names_folder), stdout=out)
    assert "4 created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()

    articles = Article.objects.filter(source_file__in=[p.name for p in names_folder.iterdir()])
    slugs = {a.source_file: a.slug for a in articles}
    assert len(slugs) == 4 and all(slugs.values())
    assert len(set(slugs.values())) == 4  # page_1 and page-1 do not collide
    assert {slugs["page_1.txt"], slugs["page-1.txt"]} == {"page-1", "page-1-2"}
    assert slugs["###.txt"] == base_slug("###.txt", "افزایش قیمت بلیت مترو") == "افزایش-قیمت-بلیت-مترو"
    assert all(len(slug) <= MAX_LENGTH for slug in slugs.values())

    for url in ["/", "/search?q=مترو", "/api/search?q=مترو", "/dates/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    hits = client.get("/api/search", {"q": "بلیت مترو", "per_page": 50}).json()["hits"]
    assert {hit["source_file"] for hit in hits} >= {"###.txt", "page_1.txt", "page-1.txt"}
    for article in articles:
        for url in [article.get_absolute_url(), article.get_absolute_url() + "raw/", f"/api/articles/{article.slug}"]:
            assert client.get(url).status_code == 200, url


def test_a_slug_falls_back_to_the_title_then_a_hash_and_is_numbered_when_taken():
    assert base_slug("002_telegram.txt", "هر چه") == "002-telegram"
    assert base_slug("###.txt", "«؟!»") == base_slug("###.txt", "") != base_slug("$$$.txt", "")
    assert base_slug("###.txt", "").startswith("page-")
    taken = {"page-1", "page-1-2"}
    assert unique_slug("page_1.txt", "", taken.__contains__) == "page-1-3"


def test_a_slug_already_empty_in_the_database_is_repaired_by_the_migration(names_folder):
    from importlib import import_module

    from django.apps import apps

    call_command("import_pages", str(names_folder), stdout=io.StringIO())
    # As an older importer left it: an empty slug, and the slug it would take held by another article.
    Article.objects.filter(source_file="###.txt").update(slug="")
    Article.objects.filter(source_file="page_1.txt").update(slug="افزایش-قیمت-بلیت-مترو")
    import_module("archive.migrations.0004_repair_empty_slugs").repair_slugs(apps, None)
    assert Article.objects.get(source_file="###.txt").slug == "افزایش-قیمت-بلیت-مترو-2"


def test_a_nul_byte_deep_in_a_file_is_refused_alike_on_every_database(names_folder):
    text = page("گزارش بلند شورای شهر", "رئیس شورا گفت: بودجه تصویب شد.")
    data = text.encode() + ("بند دیگری از گزارش شورا.\n" * 4000).encode() + b"\x00" + "پایان\n".encode()
    assert data.index(0) > 65536
    (names_folder / "nul_deep.txt").write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_pages", str(names_folder), stdout=io.StringIO(), stderr=err)
    (line,) = [line for line in err.getvalue().splitlines() if "nul_deep.txt" in line]
    assert f"NUL byte at byte {data.index(0):,}" in line
    assert not Article.objects.filter(source_file="nul_deep.txt").exists()
    assert Article.objects.filter(source_file="page-1.txt").exists()  # the others imported
