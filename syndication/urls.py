"""/api/v1/: every GET answers with an ETag and 304 when If-None-Match matches."""

from django.urls import path, re_path
from django.views.decorators.http import conditional_page

from . import views
from .problems import not_found

app_name = "syndication"

urlpatterns = [
    path("v1/articles/", conditional_page(views.ArticleListView.as_view()), name="api-article-list"),
    path(
        "v1/articles/<slug:slug>/",
        conditional_page(views.ArticleDetailView.as_view()),
        name="api-article-detail",
    ),
    path("v1/changes/", conditional_page(views.ChangeListView.as_view()), name="api-changes"),
    path("v1/openapi.json", conditional_page(views.SchemaView.as_view()), name="api-schema"),
    path("v1/docs/", conditional_page(views.DocsView.as_view()), name="api-docs"),
    re_path(r"^", not_found),
]
