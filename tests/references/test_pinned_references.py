"""Editing a library entry after approval never changes a published page; the editor is told."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.citation_checks import citations_changed_since_approval
from articles.models import Revision
from references import selectors, services
from references.models import Reference
from reviews import decisions as review_decisions
from tests import factories

pytestmark = pytest.mark.django_db


def reader_page(client, revision):
    response = client.get(reverse("article-detail", args=[revision.article.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_editing_an_entry_after_approval_leaves_the_reader_page_unchanged_and_flags_it(
    client, live_revision, reference, editor
):
    old_title = reference.title
    assert old_title in reader_page(client, live_revision)

    services.reference_update(
        reference=reference, actor=editor, title="A different study altogether", doi="10.5555/other.1"
    )

    html = reader_page(client, live_revision)
    assert old_title in html
    assert "A different study altogether" not in html
    citation = live_revision.citations.get()
    assert citation.pinned_snapshot["title"] == old_title
    assert Revision.objects.get(pk=live_revision.pk).content_is_intact()
    changed = citations_changed_since_approval(live_revision)
    assert [(c.reference, c.changed_fields) for c in changed] == [(reference, ["title", "doi"])]
    assert "This reference changed since approval (title, doi)" in changed[0].message
    assert selectors.reference_list_changed_since_live_pin() == [reference]


def test_an_entry_that_was_not_edited_is_not_reported(live_revision):
    assert citations_changed_since_approval(live_revision) == []
    assert selectors.reference_list_changed_since_live_pin() == []


def test_the_admin_page_of_the_entry_says_where_it_is_cited_and_that_it_changed(
    client, live_revision, reference, editor, other_editor, disclaimers
):
    draft = factories.make_draft(editor=other_editor, references=[reference])
    services.reference_update(reference=reference, actor=editor, year=2021)
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    html = client.get(reverse("admin:references_reference_change", args=[reference.pk])).content.decode()
    assert "Where is this cited?" in html
    assert live_revision.article.question in html
    assert "This reference changed since approval" in html
    assert "(year)" in html
    assert reverse("admin:articles_article_new_draft", args=[live_revision.article.pk]) in html
    # Another editor's unsubmitted draft is cited too, but only its author sees that.
    assert reverse("admin:articles_revision_change", args=[draft.pk]) not in html
    other_editor.is_staff = True
    other_editor.save()
    client.force_login(other_editor)
    html = client.get(reverse("admin:references_reference_change", args=[reference.pk])).content.decode()
    assert reverse("admin:articles_revision_change", args=[draft.pk]) in html
    client.force_login(editor)
    changelist = client.get(reverse("admin:references_reference_changelist") + "?changed_since_pin=yes")
    assert list(changelist.context["cl"].result_list) == [reference]


def test_starting_an_update_takes_the_edited_entry_through_review(live_revision, reference, editor, reviewer):
    services.reference_update(reference=reference, actor=editor, title="Corrected title")
    draft = article_services.revision_create_draft(article=live_revision.article, actor=editor)
    article_services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=draft.body_patient,
        body_professional=draft.body_professional,
        change_summary="Reference details updated",
    )
    article_services.revision_submit(revision=draft, actor=editor)
    review_decisions.revision_start_review(revision=draft, actor=reviewer)
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=draft, actor=reviewer
    )
    draft.refresh_from_db()
    assert draft.citations.get().pinned_snapshot["title"] == "Corrected title"
    assert citations_changed_since_approval(draft) == []
    assert Reference.objects.get(pk=reference.pk).history.count() == 2
