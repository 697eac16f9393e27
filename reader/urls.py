from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import board, views
from .feeds import ApprovedUpdatesFeed
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("articles/<slug:slug>/follow-up/", views.article_follow_up, name="article-follow-up"),
    path("feeds/updates.atom", ApprovedUpdatesFeed(), name="feed-updates"),
    path(
        "sitemap.xml",
        views.cached_until_publication(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        views.cached_until_publication(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("board/", board.board_list, name="board-list"),
    path("board/<slug:slug>/", board.board_member_detail, name="board-member"),
    path("editorial-policy/", board.editorial_policy, name="editorial-policy"),
]
