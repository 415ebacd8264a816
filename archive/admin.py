"""The admin, in Persian and right-to-left (LANGUAGE_CODE = "fa" makes Django's admin RTL)."""

from django.contrib import admin
from django.utils.html import format_html_join

from archive.models import Appearance, Article, ArticleSource, Comment, Outlet, Paragraph, Person, Role, Statement

admin.site.site_header = "بایگان — مدیریت"
admin.site.site_title = "بایگان"
admin.site.index_title = "بایگانی خبرها و نظرها"


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    inlines = [RoleInline]
    prepopulated_fields = {"slug": ["name"]}


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0


class SourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title", "outlet", "news_code", "published_jalali", "published_precision", "published_basis", "needs_editor",
        "source_file",
    ]  # fmt: skip
    list_filter = ["needs_editor", "outlet", "published_precision", "published_basis"]
    search_fields = ["title", "lead", "source_file", "news_code"]
    readonly_fields = [
        "source_file", "sha256", "raw", "published_start", "published_end", "imported_at", "updated_at",
        "import_report_display",
    ]  # fmt: skip
    exclude = ["import_report"]
    inlines = [SourceInline, AppearanceInline, ParagraphInline]

    @admin.display(description="گزارش ورود")
    def import_report_display(self, article: Article) -> str:
        """The import report as the importer wrote it: read, guessed, dropped, and what needs an editor."""
        report = article.import_report or {}
        sections = [
            ("خوانده شد", "read"), ("حدس زده شد", "guessed"), ("کنار رفت", "dropped"),
            ("نیاز به ویرایشگر", "needs_editor"), ("یادداشت‌ها", "notes"),
        ]  # fmt: skip
        return (
            format_html_join(
                "",
                "<h4>{}</h4><ul>{}</ul>",
                (
                    (title, format_html_join("", "<li>{}</li>", ((item,) for item in report.get(key, []))))
                    for title, key in sections
                    if report.get(key)
                ),
            )
            or "—"
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "author", "posted", "parent"]
    list_filter = ["article"]
    search_fields = ["author", "body"]
    raw_id_fields = ["parent"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "part", "verb", "via"]
    list_filter = ["person", "via"]
    search_fields = ["text"]
