from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import board, figures, verify, views
from .feeds import ApprovedUpdatesFeed
from .http import public_page
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("articles/<slug:slug>/follow-up/", views.article_follow_up, name="article-follow-up"),
    path("articles/<slug:slug>/verify/", verify.article_verify, name="article-verify"),
    path("articles/<slug:slug>/verify.json", verify.article_verify_json, name="article-verify-json"),
    re_path(
        r"^figures/(?P<sha256>[0-9a-f]{64})\.(?P<ext>[a-z]{3,4})$", figures.figure_image, name="figure-image"
    ),
    path("reader/csrf-token.json", views.csrf_token_json, name="reader-csrf-token"),
    path("feeds/updates.atom", public_page(ApprovedUpdatesFeed()), name="feed-updates"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("board/", board.board_list, name="board-list"),
    path("board/<slug:slug>/", board.board_member_detail, name="board-member"),
    path("editorial-policy/", board.editorial_policy, name="editorial-policy"),
]
