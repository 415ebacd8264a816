"""A URLconf whose one view meets a database still locked after SQLite's busy timeout."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path


def save_while_locked(request: HttpRequest) -> HttpResponse:
    raise OperationalError("database is locked")


def other_database_error(request: HttpRequest) -> HttpResponse:
    raise OperationalError("no such table: archive_article")


urlpatterns = [
    path("save/", save_while_locked),
    path("api/save", save_while_locked),
    path("broken/", other_database_error),
]
