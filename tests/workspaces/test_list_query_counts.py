"""Workspace lists cost the same number of queries at 1,000 articles as at a handful: the
editor's article list and the other live articles (paginated; the editor's list used to run one
query per article), the reference picker (paginated), and the board's review queue with the
chief editor's lists (paginated: they grow with the library)."""

from datetime import timedelta

import pytest
from django.db import connection, models
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article, Revision
from reviews.models import ReviewAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def unguarded(model):
    """The model's rows without the history guard: test data only, inserted in bulk where saving
    a thousand objects one by one would dominate the test (the product refuses bulk inserts)."""
    return models.QuerySet(model=model)


def grow_to(count, *, editor, template, live=False, **article_fields):
    """Copies of `template`'s article and revision (its state too), inserted in bulk (test data
    only); `live`: each copy is its article's live revision. Returns the new revisions."""
    existing = Article.objects.count()
    articles = unguarded(Article).bulk_create(
        Article(
            slug=f"bulk-{n}",
            question=f"Bulk question {n}?",
            specialty="Orthopaedics",
            created_by=editor,
            **article_fields,
        )
        for n in range(existing, count)
    )
    fields = [
        f.attname for f in Revision._meta.concrete_fields if not f.primary_key and f.attname != "article_id"
    ]
    revisions = unguarded(Revision).bulk_create(
        Revision(article_id=article.pk, **{name: getattr(template, name) for name in fields})
        for article in articles
    )
    if live:
        first = Revision.objects.filter(article=OuterRef("pk")).order_by("number").values("pk")[:1]
        unguarded(Article).filter(pk__in=[a.pk for a in articles]).update(live_revision_id=Subquery(first))
    return revisions


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


def test_the_other_live_articles_are_paginated_at_a_constant_cost(
    client, editor, other_editor, reviewer, disclaimers
):
    template = factories.make_live(editor=editor, reviewer_user=reviewer)
    client.force_login(other_editor)
    few, html = queries_for(client, "/workspace/articles/")
    assert template.article.question in html

    grow_to(1_000, editor=editor, template=template, live=True)
    many, html = queries_for(client, "/workspace/articles/")
    assert many == few
    assert html.count("Start an update<span") == 50
    assert "Page 1 of 20" in html
    last, html = queries_for(client, "/workspace/articles/?others=20")
    assert last == few and html.count("Start an update<span") == 50


def queue_templates(*, editor, reviewer):
    """A submitted revision, one in review and a live one, through the services."""
    submitted = factories.make_draft(editor=editor)
    services.revision_submit(revision=submitted, actor=editor)
    in_review = factories.make_under_review(editor=editor, reviewer_user=reviewer)
    live = factories.make_live(editor=editor, reviewer_user=reviewer)
    for revision in (submitted, in_review, live):
        revision.refresh_from_db()
    return submitted, in_review, live


def grow_queue(each, *, templates, editor, reviewer, chief_editor):
    """`each` more articles of every kind the queue lists: submitted; in review, half of them
    assigned to `reviewer` and overdue; live and due for re-review. And as many live ones."""
    submitted, in_review, live = templates
    grow_to(Article.objects.count() + each, editor=editor, template=submitted)
    reviewing = grow_to(Article.objects.count() + each, editor=editor, template=in_review)
    unguarded(ReviewAssignment).bulk_create(
        ReviewAssignment(
            revision=revision,
            reviewer=reviewer.board_member,
            assigned_by=chief_editor,
            due_at=timezone.now() - timedelta(days=3),
        )
        for revision in reviewing[::2]
    )
    flagged = timezone.now() - timedelta(days=1)
    grow_to(
        Article.objects.count() + each, editor=editor, template=live, live=True, needs_rereview_since=flagged
    )
    grow_to(Article.objects.count() + each, editor=editor, template=live, live=True)


def test_the_review_queue_costs_the_same_at_1000_articles(
    client, editor, reviewer, chief_editor, disclaimers
):
    templates = queue_templates(editor=editor, reviewer=reviewer)
    people = {"member": reviewer, "chief": chief_editor}

    def costs():
        found = {}
        for name, user in people.items():
            client.force_login(user)
            found[name] = queries_for(client, "/workspace/queue/")
        return found

    grow_queue(2, templates=templates, editor=editor, reviewer=reviewer, chief_editor=chief_editor)
    few = costs()
    grow_queue(248, templates=templates, editor=editor, reviewer=reviewer, chief_editor=chief_editor)
    assert Article.objects.count() > 1_000
    many = costs()
    assert {name: count for name, (count, _) in many.items()} == {
        name: count for name, (count, _) in few.items()
    }
    member_html, chief_html = many["member"][1], many["chief"][1]
    # Every list of the board member's queue comes a page (of 50) at a time too.
    assert member_html.count('aria-label="Pages of submitted revisions"') == 1
    assert member_html.count('aria-label="Pages of overdue reviews"') == 1
    assert member_html.count("Compare &amp; review<span") <= 5 * 50
    client.force_login(reviewer)
    last, html = queries_for(client, "/workspace/queue/?submitted=6&overdue=3")
    assert last == many["member"][0]
    assert "Page 6 of 6" in html and "Page 3 of 3" in html
    # The other lists' page numbers stay in the links.
    assert 'href="?submitted=6&amp;overdue=2"' in html
    # The chief editor's lists that grow with the library come a page at a time.
    assert chief_html.count("Assign reviewers<span") == 50 and chief_html.count(", flagged ") == 50
    assert "Page 1 of 5" in chief_html  # 250 articles due for re-review
    client.force_login(chief_editor)
    last, html = queries_for(client, "/workspace/queue/?rereview=5&unassigned=2")
    assert last == many["chief"][0]
    assert "Page 5 of 5" in html and html.count(", flagged ") == 50
    assert "Page 2 of " in html and html.count("Assign reviewers<span") == 50


def test_only_editors_may_search_the_library_from_the_picker(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/workspace/references.json", {"q": "x"}).status_code == 403
