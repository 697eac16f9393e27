"""The editor's workspace: my articles, a new article, the draft editor with its
live preview and reference picker, submitting, and starting the next draft."""

import pytest
from django.urls import reverse

from articles.models import Revision
from reviews import decisions as review_decisions
from tests import factories

pytestmark = pytest.mark.django_db


def test_my_articles_lists_each_article_with_its_state_and_its_live_version(
    client, editor, other_editor, draft, live_revision
):
    client.force_login(editor)
    body = client.get(reverse("workspace-articles")).content.decode()
    assert draft.article.question in body and "Draft" in body
    assert live_revision.article.question in body and f"Revision {live_revision.number}, approved" in body
    assert "Not live yet" in body
    client.force_login(other_editor)
    others = client.get(reverse("workspace-articles")).content.decode()
    assert draft.article.question not in others  # another editor's draft is not listed
    assert live_revision.article.question in others  # a live article may be updated by anyone


def test_an_editor_creates_an_article_and_lands_in_its_draft(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace-article-create"),
        {"question": "Is walking good for knee pain?", "specialty": "Orthopaedics"},
    )
    revision = Revision.objects.get(article__slug="is-walking-good-for-knee-pain")
    assert response["Location"] == reverse("workspace-revision-edit", args=[revision.pk])
    assert revision.author == editor and revision.state == Revision.State.DRAFT


def test_saving_a_draft_goes_through_the_service_and_records_history(client, editor, draft, reference):
    client.force_login(editor)
    text = f"Walking helps [@{reference.citation_key}]."
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {
            "action": "save",
            "question": draft.question,
            "body_patient": text,
            "body_professional": text,
            "change_summary": "Walking",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body_patient == text
    assert draft.history.first().history_change_reason == "Draft edited"
    assert draft.history.first().history_user == editor


def test_the_preview_fragment_renders_as_readers_see_it_and_flags_dangling_citations(
    client, editor, reference
):
    client.force_login(editor)
    text = (
        f"Walking for thirty minutes a day helps your knees feel better [@{reference.citation_key}]. "
        "Rest when it hurts a lot [@missing-key]. Ice can help too."
    )
    response = client.post(reverse("workspace-preview"), {"text": text, "audience": "patient"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#patient-ref-1"' in body and reference.title in body  # numbered, with the reference list
    assert "missing reference: missing-key" in body and "[@missing-key]" in body
    assert "Reading grade" in body and "Aim for grade 8 or below" in body


def test_the_preview_never_lets_typed_html_through(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace-preview"),
        {"text": "<script>alert(1)</script> [x](javascript:alert(1))", "audience": "professional"},
    )
    body = response.content.decode()
    assert "<script" not in body and "&lt;script&gt;" in body
    assert 'href="javascript' not in body


def test_the_preview_button_works_without_javascript_and_saves_nothing(client, editor, draft):
    client.force_login(editor)
    before = draft.body_patient
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {"action": "preview", "body_patient": "**Bold new text**", "body_professional": "x"},
    )
    assert response.status_code == 200
    assert "<strong>Bold new text</strong>" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body_patient == before


def test_the_reference_picker_lists_the_library_with_keys(client, editor, draft, reference):
    client.force_login(editor)
    body = client.get(reverse("workspace-revision-edit", args=[draft.pk])).content.decode()
    assert f"[@{reference.citation_key}]" in body and reference.title in body
    assert 'src="/static/js/workspace-preview.js"' in body


def test_the_editor_reads_the_change_request_and_starts_the_next_draft_from_it(
    client, editor, under_review, reviewer
):
    review_decisions.revision_request_changes(
        revision=under_review, actor=reviewer, comment="Add the dose range."
    )
    client.force_login(editor)
    page = client.get(reverse("workspace-revision", args=[under_review.pk])).content.decode()
    assert "Add the dose range." in page and "Start the next draft from this revision" in page
    response = client.post(
        reverse("workspace-draft-create", args=[under_review.article.slug]), {"based_on": under_review.pk}
    )
    new = Revision.objects.get(article=under_review.article, number=2)
    assert response["Location"] == reverse("workspace-revision-edit", args=[new.pk])
    assert new.based_on == under_review and new.body_patient == under_review.body_patient
    editor_page = client.get(response["Location"]).content.decode()
    assert "What the board asked for" in editor_page and "Add the dose range." in editor_page


def test_an_update_of_a_live_article_starts_from_the_live_text(client, other_editor, live_revision):
    client.force_login(other_editor)
    client.post(reverse("workspace-draft-create", args=[live_revision.article.slug]))
    new = live_revision.article.revisions.get(number=2)
    assert new.author == other_editor and new.based_on == live_revision
    assert new.body_professional == live_revision.body_professional


def test_submitting_and_withdrawing_from_the_revision_page(client, editor, draft, reviewer):
    client.force_login(editor)
    client.post(reverse("workspace-revision-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == Revision.State.SUBMITTED
    client.post(reverse("workspace-revision-withdraw", args=[draft.pk]), {"reason": "Wrong topic"})
    draft.refresh_from_db()
    assert draft.state == Revision.State.WITHDRAWN
    assert "Wrong topic" in draft.history.first().history_change_reason


def test_the_editor_sees_which_references_changed_since_approval(
    client, editor, reviewer, reference, disclaimers
):
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    client.force_login(editor)
    url = reverse("workspace-article", args=[live.article.slug])
    assert "changed since approval" not in client.get(url).content.decode()
    reference.title = "A corrected title"
    reference.save()
    page = client.get(url).content.decode()
    assert "References changed since approval" in page
    assert "This reference changed since approval (title)" in page
    assert "Start a new draft" in page
