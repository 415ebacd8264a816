from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "بایگان"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Saving or deleting anything the search index shows updates it on commit.
        from archive.search import signals

        signals.connect()
        # Changing a person, alias or role in the admin re-attributes the articles that may name them.
        from archive.attribution import store

        store.connect_signals()
        # Any change to the archive moves the rendered-page cache's version on (archive.page_cache).
        from archive import page_cache

        page_cache.connect_signals()
        # Wrong admin passwords are counted, and too many close the login for a while.
        from archive import login_throttle

        login_throttle.connect_signals()
