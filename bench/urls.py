"""Every archive URL, plus the smallest Django view: the web baseline under the same settings and middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("archive.urls")),
]
