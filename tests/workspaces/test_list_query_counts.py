"""The editor's article list is paginated and costs the same number of queries at 1,000
articles as at 3 (it used to run one query per article)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Revision
from tests import factories

pytestmark = pytest.mark.django_db


def grow_to(count, *, editor, template):
    """Copies of `template`'s article and first draft, inserted in bulk (test data only)."""
    existing = Article.objects.count()
    articles = Article.objects.bulk_create(
        Article(slug=f"bulk-{n}", question=f"Bulk question {n}?", specialty="Orthopaedics", created_by=editor)
        for n in range(existing, count)
    )
    fields = [
        f.attname for f in Revision._meta.concrete_fields if not f.primary_key and f.attname != "article_id"
    ]
    Revision.objects.bulk_create(
        Revision(article_id=article.pk, **{name: getattr(template, name) for name in fields})
        for article in articles
    )


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_editors_list_costs_the_same_at_1000_articles_and_is_paginated(client, editor):
    template = factories.make_draft(editor=editor)
    factories.make_draft(editor=editor)
    client.force_login(editor)
    few, _ = queries_for(client, "/workspace/articles/")

    grow_to(1_000, editor=editor, template=template)
    many, html = queries_for(client, "/workspace/articles/")
    assert many == few
    assert html.count('<th scope="row">') == 50
    assert "Page 1 of 20" in html
    last, html = queries_for(client, "/workspace/articles/?page=20")
    assert last == few and html.count('<th scope="row">') == 50


def test_a_chief_editor_pages_through_every_article_at_a_constant_cost(client, editor, chief_editor):
    template = factories.make_draft(editor=editor)
    client.force_login(chief_editor)
    few, _ = queries_for(client, "/workspace/articles/?page=2")
    grow_to(1_000, editor=editor, template=template)
    many, html = queries_for(client, "/workspace/articles/?page=2")
    assert many == few
    assert "Page 2 of 20" in html
