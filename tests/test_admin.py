"""The admin reads well in Persian: right-to-left, Persian labels, every model listed and editable."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive.models import Article, Comment, Outlet, Person, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    return client


def test_admin_index_is_rtl_and_persian(editor):
    page = editor.get(reverse("admin:index")).content.decode()
    assert 'dir="rtl"' in page and 'lang="fa"' in page
    for label in ("خبرها", "رسانه‌ها", "اشخاص", "نظرها", "گفته‌ها"):
        assert label in page


@pytest.mark.parametrize("model", [Article, Comment, Outlet, Person, Statement])
def test_changelist_and_change_form_render(editor, model):
    meta = model._meta
    assert editor.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    response = editor.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_article_change_form_shows_roles_and_raw_page_read_only(editor):
    article = Article.objects.get(source_file__startswith="002")
    page = editor.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert "متن خام صفحه" in page and article.sha256 in page


def test_article_change_form_shows_the_import_report_and_the_editor_flag(editor):
    article = Article.objects.get(source_file__startswith="002")
    page = editor.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert "گزارش ورود" in page and "خوانده شد" in page and "کنار رفت" in page
    assert "navigation menu dropped" in page  # one of this page's notes, as the importer wrote it
    listing = editor.get(reverse("admin:archive_article_changelist") + "?needs_editor__exact=0").content.decode()
    assert "نیاز به ویرایشگر" in listing
