"""A URL configuration with one view that fails, to see the 500 page through the whole middleware stack."""

from django.urls import path

from archive.urls import urlpatterns as archive_patterns


def boom(request):
    raise RuntimeError("a view failed")


urlpatterns = [path("boom/", boom), *archive_patterns]

handler404 = "archive.views.not_found"
handler500 = "archive.views.server_error"
