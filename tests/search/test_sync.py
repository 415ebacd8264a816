"""The index follows the database: admin edits, ORM saves and deletes, re-imports, a lost or damaged index."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article, Comment, Person
from archive.search import get_backend, search

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """The POST data a browser would send back for an admin change form, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if name in form.fields and not field.disabled:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None and value is not False:
                    data[sub.add_prefix(name)] = value
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_a_title_edited_in_the_admin_is_found_in_the_next_request(
    client, private_index, django_capture_on_commit_callbacks, caplog
):
    article = Article.objects.get(source_file__startswith="003_")
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert client.get("/api/search", {"q": "بازنگری"}).json()["total"] == 0

    data = change_form_data(client.get(url))
    data["title"] = "بازنگری مصوبات پیام‌رسان‌های داخلی"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    found = client.get("/api/search", {"q": "بازنگری"}).json()
    assert [(h["kind"], h["article"], h["title"]) for h in found["hits"]] == [
        ("article", article.slug, "بازنگری مصوبات پیام‌رسان‌های داخلی")
    ]
    old_title = client.get("/api/search", {"q": '"مدیر سروش"', "kind": "article"}).json()
    assert all(h["paragraph"] is not None for h in old_title["hits"] if h["article"] == article.slug)


def test_saving_and_deleting_a_comment(private_index, django_capture_on_commit_callbacks):
    article = Article.objects.get(source_file__startswith="001_")
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(
            article=article, position=999, author="ناشناس", posted=article.imported_at, body="بله و روبیکا را نصب کردم"
        )
    hits = search("روبیکا").hits
    assert [(h.kind, h.article, h.comment) for h in hits] == [("comment", article.slug, 999)]
    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()
    assert search("روبیکا").total == 0


def test_renaming_a_person_renames_the_speaker(private_index, django_capture_on_commit_callbacks):
    person = Person.objects.get(name="محسن کوهکن")
    assert search("گوینده:کوهکن").facets["speaker"].get("محسن کوهکن")
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "محسن کوهکن (نماینده)"
        person.save()
    assert "محسن کوهکن (نماینده)" in search("گوینده:کوهکن").facets["speaker"]


def test_deleting_an_article_removes_all_its_documents(private_index, django_capture_on_commit_callbacks):
    article = Article.objects.get(source_file__startswith="000_")
    assert search("CDN").total
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert search("CDN").total == 0
    assert search("", outlet="خبرگزاری مهر").total == 0


def test_a_rolled_back_change_is_not_indexed(private_index):
    article = Article.objects.get(source_file__startswith="004_")
    assert search("تلگرام").total  # the index is built before the change
    article.title = "کاکتوسستان"
    article.save()  # inside the test's transaction: its on-commit callback never runs
    assert search("کاکتوسستان").total == 0


def test_a_corrupt_index_is_repaired_outside_the_request_with_a_log_line(private_index, caplog):
    from archive.search import SearchUnavailable, ensure_index

    assert search("تلگرام").total
    get_backend().close()
    for path in private_index.rglob("*"):  # every engine's files (Whoosh's .seg/.toc, tantivy's generation)
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".lock"):
            path.write_bytes(b"\x00garbage")
    # A new process (here: a fresh backend object) finds the damage on first use: a 503, not 0 hits.
    import archive.search as search_module

    search_module._backend = None
    with caplog.at_level(logging.WARNING, logger="archive.search"):
        with pytest.raises(SearchUnavailable):
            search("تلگرام")
        wait_for_repair()
        ensure_index()  # what the commands run: waits for the repair under way, then finds nothing to do
        assert search("تلگرام").total
    assert "rebuilding" in caplog.text


def wait_for_repair() -> None:
    """Until this process's background repair thread is done (it holds the backend's repair lock)."""
    backend = get_backend()
    with backend._repairing:
        pass


def test_rebuild_index_command(private_index, capsys):
    call_command("rebuild_index")
    assert "indexed" in capsys.readouterr().out
    assert get_backend().document_count() > 100
