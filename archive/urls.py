from django.contrib import admin
from django.urls import path

from archive import views
from archive.api import records as api_records
from archive.api import schema as api_schema
from archive.api.search import search_api

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<str:slug>/", views.article, name="article"),
    path("articles/<str:slug>/raw/", views.article_raw, name="article_raw"),
    path("people/<str:slug>/", views.person, name="person"),
    path("outlets/<str:slug>/", views.outlet, name="outlet"),
    path("dates/", views.dates, name="dates"),
    path("dates/<int:year>/<int:month>/", views.dates_month, name="dates_month"),
    path("search", views.search, name="search"),
    path("admin/", admin.site.urls),
    path("api/search", search_api, name="api_search"),
    path("api/articles/<str:slug>", api_records.article_detail, name="api_article"),
    path("api/people/<str:slug>", api_records.person_detail, name="api_person"),
    path("api/schema", api_schema.schema, name="api_schema"),
]

handler404 = "archive.views.not_found"
handler500 = "archive.views.server_error"
