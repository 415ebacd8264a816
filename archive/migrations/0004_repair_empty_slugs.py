"""Give every article a slug a page can link to: an empty one (a file named `###.txt`, imported before slugs
fell back to the title and a hash) took the home page, searches and the API down with it."""

from django.db import migrations

from archive.slugs import unique_slug


def repair_slugs(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    for article in Article.objects.filter(slug="").order_by("pk"):
        article.slug = unique_slug(
            article.source_file,
            article.title,
            lambda slug, pk=article.pk: Article.objects.filter(slug=slug).exclude(pk=pk).exists(),
        )
        article.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_index_outbox")]

    operations = [migrations.RunPython(repair_slugs, migrations.RunPython.noop)]
