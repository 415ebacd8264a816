"""The admin, in Persian and right-to-left (LANGUAGE_CODE = "fa" makes Django's admin RTL).

People and outlets found in text are listed with the sentence each was found in; an editor confirms, renames
(the name field: the old name stays as an alias), merges the selected into one, or rejects them («not a
person», «not an outlet»). Each decision re-attributes at once, and a re-import honours it (archive.editing).
"""

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html, format_html_join

from archive import editing
from archive.models import (
    Appearance,
    Article,
    ArticleSource,
    Comment,
    Origin,
    Outlet,
    Paragraph,
    Person,
    Role,
    Statement,
)

admin.site.site_header = "بایگان — مدیریت"
admin.site.site_title = "بایگان"
admin.site.index_title = "بایگانی خبرها و نظرها"


class FoundInTextAdmin(admin.ModelAdmin):
    """Shared by people and outlets: found ones first, with their sentence and article, and the decisions."""

    list_filter = ["origin"]
    search_fields = ["name", "slug", "aliases", "found_sentence"]
    readonly_fields = ["origin", "found_sentence", "found_in"]
    actions = ["confirm_selected", "merge_selected", "reject_selected"]
    rejected_label = ""

    def get_queryset(self, request):
        found_first = Case(When(origin=Origin.FOUND, then=Value(0)), default=Value(1), output_field=IntegerField())
        return super().get_queryset(request).select_related("found_in").order_by(found_first, "name")

    @admin.display(description="جمله‌ای که در آن یافت شد")
    def sentence(self, obj):
        if not obj.found_sentence:
            return ""
        if obj.found_in is None:
            return obj.found_sentence
        return format_html('{} (<a href="{}">{}</a>)', obj.found_sentence, obj.found_in.get_absolute_url(), "خبر")

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # A rename: the old name stays as an alias (the pages still write it), and the editor has read it.
            old = form.initial["name"]
            if old not in obj.aliases and old != obj.name:
                obj.aliases = [*obj.aliases, old]
            if obj.origin == Origin.FOUND:
                obj.origin = Origin.CONFIRMED
        super().save_model(request, obj, form, change)

    @admin.action(description="تأیید")
    def confirm_selected(self, request, queryset):
        count = editing.confirm(list(queryset))
        self.message_user(request, f"{count} مورد تأیید شد.", messages.SUCCESS)

    @admin.action(description="ادغام در یکی (نخستین تأییدشده، وگرنه نخستین)")
    def merge_selected(self, request, queryset):
        chosen = sorted(queryset, key=lambda r: (r.origin != Origin.CONFIRMED, r.pk))
        if len(chosen) < 2:
            self.message_user(request, "برای ادغام دست‌کم دو مورد را برگزینید.", messages.WARNING)
            return
        target, others = chosen[0], chosen[1:]
        editing.merge(target, others)
        self.message_user(request, f"{len(others)} مورد در «{target.name}» ادغام شد.", messages.SUCCESS)

    def reject_selected(self, request, queryset):
        count = editing.reject(list(queryset))
        self.message_user(request, f"{count} مورد رد شد.", messages.SUCCESS)


@admin.register(Outlet)
class OutletAdmin(FoundInTextAdmin):
    list_display = ["name", "kind", "origin", "sentence", "url"]
    list_filter = ["origin", "kind"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.action(description="رد: رسانه نیست")
    def reject_selected(self, request, queryset):
        super().reject_selected(request, queryset)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Person)
class PersonAdmin(FoundInTextAdmin):
    list_display = ["name", "slug", "origin", "sentence"]
    inlines = [RoleInline]
    prepopulated_fields = {"slug": ["name"]}

    @admin.action(description="رد: شخص نیست")
    def reject_selected(self, request, queryset):
        super().reject_selected(request, queryset)


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
