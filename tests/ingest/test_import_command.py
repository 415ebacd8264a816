"""manage.py import_pages / export_archive: idempotent, updates in place, reports bad files and goes on."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, Comment, Paragraph
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.django_db


def export() -> dict:
    out = io.StringIO()
    call_command("export_archive", stdout=out)
    return json.loads(out.getvalue())


def run_import(*paths) -> str:
    out = io.StringIO()
    call_command("import_pages", *map(str, paths), stdout=out, stderr=out)
    return out.getvalue()


def test_second_import_changes_and_duplicates_nothing():
    before = export()
    counts = (Article.objects.count(), Paragraph.objects.count(), Comment.objects.count())
    output = run_import(SEEDS)
    assert "0 created, 0 updated, 5 unchanged, 0 failed" in output
    assert export() == before
    assert (Article.objects.count(), Paragraph.objects.count(), Comment.objects.count()) == counts


def test_export_schema_and_values():
    data = export()
    assert len(data["articles"]) == 5
    a = next(a for a in data["articles"] if a["source_file"].startswith("002"))
    assert set(a) >= {"slug", "source_file", "sha256", "url", "outlet", "sources", "kicker", "title", "lead",
                      "paragraphs", "published", "people", "comments", "statements", "outlet_origin"}  # fmt: skip
    assert a["published"] == {"jalali": "1397-03-07", "gregorian": "2018-05-28", "precision": "day",
                              "basis": "stated", "until_jalali": None}  # fmt: skip
    first, reply = a["comments"][0], a["comments"][68]
    assert first == {"n": 1, "parent": None, "author": "ناشناس", "posted": "1397-03-08T15:07",
                     "posted_utc": "2018-05-29T10:37:00Z", "body": first["body"]}  # fmt: skip
    assert (reply["n"], reply["parent"], reply["author"], reply["posted"]) == (69, 68, "سعید", "1397-03-08T15:55")
    assert {
        "name": "عباس آسوشه",
        "role": "معاون فناوری مرکز ملی فضای مجازی",
        "quoted": True,
        "origin": "confirmed",
    } in a["people"]
    assert a["outlet_origin"] == "confirmed"
    for s in a["statements"]:
        if s["paragraph"] is not None:
            assert a["paragraphs"][s["paragraph"]][s["start"] : s["end"]] == s["text"]


def test_export_is_utf8_json_with_latin_digit_dates():
    out = io.StringIO()
    call_command("export_archive", stdout=out)
    text = out.getvalue()
    assert "آسوشه" in text  # not \\u escapes
    data = json.loads(text)
    assert all(c["posted"].isascii() for a in data["articles"] for c in a["comments"])


def test_changed_file_updates_its_article_in_place(tmp_path):
    source = next(SEEDS.glob("003_*.txt"))
    page = tmp_path / "900_changed.txt"
    shutil.copy(source, page)
    assert "created" in run_import(page)
    article = Article.objects.get(source_file=page.name)
    page.write_text(page.read_text(encoding="utf-8").replace("مدیر سروش:", "مدیرعامل سروش:", 1), encoding="utf-8")
    assert "updated" in run_import(page)
    again = Article.objects.get(source_file=page.name)
    assert again.pk == article.pk and again.slug == article.slug
    assert again.title.startswith("مدیرعامل سروش")
    assert Article.objects.filter(source_file=page.name).count() == 1


def test_bad_files_are_named_with_a_reason_and_the_good_ones_still_import(tmp_path):
    shutil.copy(next(SEEDS.glob("001_*.txt")), tmp_path / "100_good.txt")
    (tmp_path / "101_empty.txt").write_bytes(b"")
    (tmp_path / "102_binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "103_cp1256.txt").write_bytes("خبر مهم\n\nمتن خبر.".encode("cp1256"))
    (tmp_path / "104_no_title.txt").write_text("این بند بلندی است که با نقطه تمام می‌شود و هیچ تیتری ندارد.\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 of 5 files failed") as error:
        call_command("import_pages", str(tmp_path), stdout=out, stderr=out)
    for name in ("101_empty.txt", "102_binary.txt", "103_cp1256.txt"):
        assert name in str(error.value)
    log = out.getvalue()
    assert "101_empty.txt: empty file" in log
    assert "102_binary.txt: binary file" in log
    assert "103_cp1256.txt: not UTF-8" in log
    # A capture that starts at the lead is a page: imported with no title, flagged for an editor.
    untitled = Article.objects.get(source_file="104_no_title.txt")
    assert untitled.title == "" and untitled.needs_editor
    assert untitled.lead.startswith("این بند بلندی است")
    assert Article.objects.filter(source_file="100_good.txt").exists()
    assert not Article.objects.filter(source_file="101_empty.txt").exists()


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_pages", str(tmp_path / "nope"))


def test_progress_line_per_file():
    output = run_import(SEEDS)
    assert sum(line.startswith("unchanged") for line in output.splitlines()) == 5


def test_reimport_with_unchanged_fixtures_saves_no_person_outlet_or_role():
    # Saving them would fire the signals that re-attribute and re-index every article naming them.
    from django.db.models.signals import post_save

    from archive.models import Outlet, Person, Role

    saved = []

    def record(sender, instance, **kwargs):
        saved.append(f"{sender.__name__}:{instance}")

    for model in (Outlet, Person, Role):
        post_save.connect(record, sender=model, dispatch_uid=f"test-record-{model.__name__}")
    try:
        run_import(SEEDS)
    finally:
        for model in (Outlet, Person, Role):
            post_save.disconnect(sender=model, dispatch_uid=f"test-record-{model.__name__}")
    assert saved == []


def test_a_changed_fixture_value_is_written(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(SEEDS.parent / "fixtures", fixtures)
    people = json.loads((fixtures / "people.json").read_text(encoding="utf-8"))
    people[0]["aliases"].append("جهرمیِ وزیر")
    (fixtures / "people.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    call_command("import_pages", str(SEEDS), "--fixtures", str(fixtures), stdout=io.StringIO())
    from archive.models import Person

    assert "جهرمیِ وزیر" in Person.objects.get(slug=people[0]["slug"]).aliases


def test_imported_pages_reach_the_search_index_in_batches(settings, tmp_path, monkeypatch):
    from archive.ingest import loader
    from archive.search import ensure_index, search, signals

    settings.SEARCH_INDEX_DIR = tmp_path / "index"  # a private index, built as the commands build it
    ensure_index()
    assert search("نانوایان").total == 0
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"70{i}_bread.txt").write_text(
            f"قیمت نان در شهر {i}\n\nرئیس اتحادیه نانوایان گفت: قیمت نان {i} درصد بالا می‌رود.\n", encoding="utf-8"
        )
    reindexed: list[set[int]] = []
    real_reindex = signals._reindex

    def recording_reindex(ids):
        reindexed.append(set(ids))
        real_reindex(ids)

    monkeypatch.setattr(loader, "INDEX_BATCH", 2)
    monkeypatch.setattr(signals, "_reindex", recording_reindex)
    run_import(pages)
    assert [len(ids) for ids in reindexed if ids] == [2, 1]  # after the 2nd page and at the end, not per page
    assert search("نانوایان").total == 3


def test_a_long_import_keeps_no_page_text_per_result(django_assert_num_queries):
    from archive.ingest.loader import import_paths

    results = import_paths([SEEDS], ROOT / "fixtures")
    assert len(results) == 5
    for result in results:
        article = result.article
        assert {"raw", "lead", "kicker"} <= article.get_deferred_fields()  # not held by the result list
        with django_assert_num_queries(1):  # its paragraphs are not held either: reading them is a query
            list(article.paragraphs.all())
        # Still the article: its other fields and rows load when asked for.
        stored = Article.objects.get(pk=article.pk)
        assert (article.slug, article.title, article.raw) == (stored.slug, stored.title, stored.raw)
        assert article.paragraphs.count() == stored.paragraphs.count() > 0
