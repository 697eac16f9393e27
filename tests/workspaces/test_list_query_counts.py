"""The editor's article list is paginated and costs the same number of queries at 1,000
articles as at 3 (it used to run one query per article)."""

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Revision
from tests import factories

pytestmark = pytest.mark.django_db


def unguarded(model):
    """The model's rows without the history guard: test data only, inserted in bulk where saving
    a thousand objects one by one would dominate the test (the product refuses bulk inserts)."""
    return models.QuerySet(model=model)


def grow_to(count, *, editor, template):
    """Copies of `template`'s article and first draft, inserted in bulk (test data only)."""
    existing = Article.objects.count()
    articles = unguarded(Article).bulk_create(
        Article(slug=f"bulk-{n}", question=f"Bulk question {n}?", specialty="Orthopaedics", created_by=editor)
        for n in range(existing, count)
    )
    fields = [
        f.attname for f in Revision._meta.concrete_fields if not f.primary_key and f.attname != "article_id"
    ]
    unguarded(Revision).bulk_create(
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


def test_the_reference_picker_reaches_every_entry_of_a_large_library_at_a_constant_cost(client, editor):
    from references.models import Reference

    unguarded(Reference).bulk_create(
        Reference(citation_key=f"bulk{n:04d}", title=f"Trial number {n}", source="Journal", year=2020)
        for n in range(1_000)
    )
    Reference.objects.create(
        citation_key="zz-last-2024", title="Hip pain in runners", source="Sports", year=2024
    )
    draft = factories.make_draft(editor=editor)
    client.force_login(editor)

    html = client.get(f"/workspace/revisions/{draft.pk}/edit/").content.decode()
    assert "1001 entries; the first 50 are shown" in html

    counts = []
    for query, page in (("", 1), ("", 21), ("trial", 2), ("runners", 1)):
        with CaptureQueriesContext(connection) as queries:
            data = client.get("/workspace/references.json", {"q": query, "page": page}).json()
        counts.append(len(queries))
        if query == "runners":
            assert [entry["key"] for entry in data["results"]] == ["zz-last-2024"]
    last_page = client.get("/workspace/references.json", {"page": 21}).json()
    assert last_page["results"][-1]["key"] == "zz-last-2024" and not last_page["has_next"]
    assert len(set(counts)) == 1  # the same, whatever the page or the search


def test_only_editors_may_search_the_library_from_the_picker(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/workspace/references.json", {"q": "x"}).status_code == 403
