from django.contrib import admin
from django.urls import path

from archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<str:slug>/", views.article, name="article"),
    path("articles/<str:slug>/raw/", views.article_raw, name="article_raw"),
    path("people/<str:slug>/", views.person, name="person"),
    path("outlets/<str:slug>/", views.outlet, name="outlet"),
    path("admin/", admin.site.urls),
]
