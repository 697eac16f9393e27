"""The permission matrix: every URL of the site, walked with every role.

Workspace pages have their own, finer matrix (tests/workspaces/test_workspace_access.py);
this one covers reader pages, accounts, exports, health and the admin, and fails when
a URL is added without saying who may open it.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "reviewer", "chief_editor", "admin"]
LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin-login"
ALL = [200] * 5
EXPORT = [LOGIN, 403, 200, 200, 200]
ACCOUNT = [LOGIN, 200, 200, 200, 200]
NO_KEY = [401] * 5


@pytest.fixture
def world(editor, reviewer, chief_editor, reference, disclaimers, admin_user):
    for user in (editor, reviewer, chief_editor):
        user.is_staff = True  # as the demo users are: they may open the admin
        user.save()
    live = factories.make_live_with_figure(editor=editor, reviewer_user=reviewer, references=[reference])
    return {
        "live": live,
        "users": {
            "anonymous": None,
            "editor": editor,
            "reviewer": reviewer,
            "chief_editor": chief_editor,
            "admin": admin_user,
        },
    }


def site_pages(world):
    live = world["live"]
    slug = live.article.slug
    member = live.decisions.get().reviewer
    pin = live.pinned_figures.get()
    return {
        "home": (reverse("home"), ALL),
        "search": (reverse("search") + "?q=knee", ALL),
        "article-detail": (reverse("article-detail", args=[slug]), ALL),
        "article-follow-up": (reverse("article-follow-up", args=[slug]), [405] * 5),
        "article-verify": (reverse("article-verify", args=[slug]), ALL),
        "article-verify-json": (reverse("article-verify-json", args=[slug]), ALL),
        "reader-csrf-token": (reverse("reader-csrf-token"), ALL),
        # A live figure is everyone's; who sees the others: tests/reader/test_figures_on_the_reader_page.py
        "figure-image": (
            reverse("figure-image", kwargs={"sha256": pin.sha256, "ext": pin.image_format}),
            ALL,
        ),
        "feed-updates": (reverse("feed-updates"), ALL),
        "sitemap-index": (reverse("sitemap-index"), ALL),
        "sitemap-section": (reverse("sitemap-section", args=["articles"]), ALL),
        "robots-txt": (reverse("robots-txt"), ALL),
        "board-list": (reverse("board-list"), ALL),
        "board-member": (reverse("board-member", args=[member.slug]), ALL),
        "editorial-policy": (reverse("editorial-policy"), ALL),
        "healthz": (reverse("healthz"), ALL),
        "favicon": (reverse("favicon"), [301] * 5),
        "login": (reverse("login"), ALL),
        "logout": (reverse("logout"), [405] * 5),
        "password_change": (reverse("password_change"), ACCOUNT),
        "password_change_done": (reverse("password_change_done"), ACCOUNT),
        "password_reset": (reverse("password_reset"), ALL),
        "password_reset_done": (reverse("password_reset_done"), ALL),
        "password_reset_confirm": (reverse("password_reset_confirm", args=["MQ", "bad-token"]), ALL),
        "password_reset_complete": (reverse("password_reset_complete"), ALL),
        "audit-export-json": (reverse("audit-export-json", args=[slug]), EXPORT),
        "audit-export-csv": (reverse("audit-export-csv", args=[slug]), EXPORT),
        # The partner API answers to a partner key, never to a login (tests/syndication).
        "api-article-list": (reverse("syndication:api-article-list"), NO_KEY),
        "api-article-detail": (reverse("syndication:api-article-detail", args=[slug]), NO_KEY),
        "api-changes": (reverse("syndication:api-changes"), NO_KEY),
        "api-schema": (reverse("syndication:api-schema"), ALL),
        "api-docs": (reverse("syndication:api-docs"), ALL),
    }


# Who may open each admin model's pages: editor, reviewer, chief editor, admin.
SITE_ADMIN_ONLY = [403, 403, 403, 200]
EVERY_ROLE = [200, 200, 200, 200]
ADMIN_MODELS = {
    "auth.group": SITE_ADMIN_ONLY,
    "auth.user": SITE_ADMIN_ONLY,
    "axes.accessattempt": SITE_ADMIN_ONLY,
    "axes.accesslog": SITE_ADMIN_ONLY,
    "axes.accessfailurelog": SITE_ADMIN_ONLY,
    "reviews.boardmember": EVERY_ROLE,
    "reviews.editorialpolicy": EVERY_ROLE,
    "reviews.checklistitem": [403, 403, 200, 200],
    "notifications.notification": [403, 403, 200, 200],
    "articles.article": EVERY_ROLE,
    "articles.revision": EVERY_ROLE,
    "reviews.reviewdecision": EVERY_ROLE,
    "articles.publicationschedule": EVERY_ROLE,
    "reviews.reviewassignment": [403, 200, 200, 200],
    "articles.disclaimer": EVERY_ROLE,
    "articles.followupquestion": [200, 403, 200, 200],
    "references.reference": EVERY_ROLE,
    "articles.retractionalert": [403, 403, 200, 200],
    # Figures are managed in the draft editor; the admin's read-only lists are the operators'.
    "articles.figure": SITE_ADMIN_ONLY,
    "articles.pinnedfigure": SITE_ADMIN_ONLY,
    "syndication.partner": [403, 403, 200, 200],
    "syndication.apikey": [403, 403, 200, 200],
    "syndication.apikeyusage": [403, 403, 200, 200],
    "syndication.changefeedentry": [403, 403, 200, 200],
    "syndication.webhookdelivery": [403, 403, 200, 200],
    "audit.event": [403, 403, 200, 200],
    # Invitations carry the guest's e-mail address: chief editors and site admins only.
    "reviews.guestinvitation": [403, 403, 200, 200],
    "reviews.guestrecommendation": [403, 200, 200, 200],
}


def admin_pages(world):
    """The admin index and, for each registered model, its list and one object's history."""
    pages = {"admin:index": (reverse("admin:index"), [ADMIN_LOGIN, 200, 200, 200, 200])}
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        expected = [ADMIN_LOGIN, *ADMIN_MODELS[opts.label_lower]]
        pages[f"{name}_changelist"] = (reverse(f"{name}_changelist"), expected)
        obj = model._default_manager.first()
        if obj is not None:
            pages[f"{name}_history"] = (reverse(f"{name}_history", args=[obj.pk]), expected)
    return pages


def test_every_admin_model_has_an_entry_in_the_matrix():
    assert {model._meta.label_lower for model in admin.site._registry} == set(ADMIN_MODELS)


def workspace_names():
    """Names the workspace matrix covers (tests/workspaces/test_workspace_access.py), the
    guest specialist's page included."""
    from workspace import guest_urls, urls

    return {pattern.name for pattern in [*urls.urlpatterns, *guest_urls.urlpatterns]}


def all_url_names(patterns=None):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                names |= all_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_url_has_an_entry_in_a_permission_matrix(world):
    covered = set(site_pages(world)) | workspace_names()
    assert all_url_names() - covered == set()


def test_every_page_answers_each_role_as_the_matrix_says(client, world):
    failures = []
    pages = {**site_pages(world), **admin_pages(world)}
    for name, (url, expected) in pages.items():
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            user = world["users"][role]
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            if want == LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
            elif want == ADMIN_LOGIN:
                ok = response.status_code == 302 and "/login/" in response["Location"]
            else:
                ok = response.status_code == want
            if not ok:
                failures.append(f"{role:>12} GET {name} {url}: wanted {want}, got {response.status_code}")
    assert not failures, "\n".join(failures)
