"""No 500 on any admin page: every change page, history page and history-detail page of the
demo content, opened as the superuser and as each role."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

# The history rows of one object opened in detail (the newest ones; all kinds of change).
HISTORY_DETAILS_PER_OBJECT = 3
# Enough objects per model to meet every kind (drafts, live articles, decisions, ...).
OBJECTS_PER_MODEL = 12
ROLES = ["admin", "chief", "okafor", "editor"]


@pytest.fixture
def demo(db):
    """The demo content, loaded inside the test's transaction (rolled back after it), so the
    data other tests rely on (e.g. the checklist seeded by a migration) is left as it was."""
    call_command("load_demo", stdout=io.StringIO())


def admin_pages():
    """(url, label) for every object of every registered model: change, history, history details."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        try:
            pages.append((reverse(f"admin:{info[0]}_{info[1]}_changelist"), f"{info} list"))
        except NoReverseMatch:
            continue
        for obj in model._default_manager.order_by("-pk")[:OBJECTS_PER_MODEL]:
            pages.append((reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk]), f"{info} {obj.pk}"))
            try:
                pages.append(
                    (reverse(f"admin:{info[0]}_{info[1]}_history", args=[obj.pk]), f"{info} history")
                )
            except NoReverseMatch:
                continue
            history = getattr(model_admin, "history_form_view", None) and getattr(obj, "history", None)
            if history is None:
                continue
            for record in history.order_by("-history_id")[:HISTORY_DETAILS_PER_OBJECT]:
                url = reverse(f"admin:{info[0]}_{info[1]}_simple_history", args=[obj.pk, record.history_id])
                pages.append((url, f"{info} {obj.pk} history {record.history_id}"))
    return pages


def test_no_admin_page_of_the_demo_answers_500_to_the_superuser_or_any_role(demo, client):
    client.raise_request_exception = False  # collect every failing page, not just the first
    pages = admin_pages()
    assert len(pages) > 100  # every model with its objects and history, not an empty crawl
    errors = []
    for username in ROLES:
        client.force_login(get_user_model().objects.get(username=username))
        errors += [
            (username, label, url, status)
            for url, label in pages
            if (status := client.get(url).status_code) >= 500
        ]

    assert errors == []


def test_the_article_history_detail_page_opens_for_the_superuser(demo, client):
    from articles.models import Article

    client.force_login(get_user_model().objects.get(username="admin"))
    article = Article.objects.exclude(live_revision=None).first()
    record = article.history.order_by("history_id").first()

    response = client.get(
        reverse("admin:articles_article_simple_history", args=[article.pk, record.history_id])
    )

    assert response.status_code == 200
    assert article.slug in response.content.decode()
