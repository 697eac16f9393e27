"""No lost work in the draft editor: one form whose buttons all save first,
autosave, an Edit button on every draft, and no silent overwrite of someone
else's save (both versions shown instead)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Revision
from roles.groups import EDITORS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def writing_chief(chief_editor):
    """A chief editor who also writes, so may edit another editor's draft."""
    chief_editor.groups.add(Group.objects.get(name=EDITORS))
    return chief_editor


def _edit(client, revision, **fields):
    data = {
        "question": revision.question,
        "body_patient": revision.body_patient,
        "body_professional": revision.body_professional,
        "change_summary": revision.change_summary,
        "version": revision.edit_version,
        "action": "save",
    }
    data.update(fields)
    return client.post(reverse("workspace-revision-edit", args=[revision.pk]), data)


def test_submit_without_saving_first_keeps_the_typed_text_when_the_draft_is_incomplete(
    client, editor, disclaimers
):
    revision = factories.make_draft(editor=editor, body_patient="", body_professional="", change_summary="")
    client.force_login(editor)
    response = _edit(
        client,
        revision,
        action="submit",
        body_patient="Gentle exercise helps most people with knee pain.",
        change_summary="First full text",
    )
    assert response.status_code == 400
    revision.refresh_from_db()
    assert revision.state == Revision.State.DRAFT
    assert revision.body_patient == "Gentle exercise helps most people with knee pain."
    assert revision.change_summary == "First full text"
    body = response.content.decode()
    assert "Gentle exercise helps most people with knee pain." in body  # still in the textarea
    assert 'href="#id_body_professional"' in body  # the summary links to the empty wording
    assert 'aria-describedby="id_body_professional_helptext id_body_professional_error"' in body
    assert 'id="id_body_professional_error"' in body and 'aria-invalid="true"' in body


def test_submit_from_the_editing_form_saves_then_submits(client, editor, draft, reference):
    client.force_login(editor)
    text = factories.body_citing(reference, text="Walking every day eases knee pain.")
    response = _edit(client, draft, action="submit", body_patient=text)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == Revision.State.SUBMITTED and draft.body_patient == text


def test_an_incomplete_draft_page_always_offers_edit(client, editor, disclaimers):
    revision = factories.make_draft(editor=editor, body_professional="", change_summary="")
    client.force_login(editor)
    body = client.get(reverse("workspace-revision", args=[revision.pk])).content.decode()
    assert reverse("workspace-revision-edit", args=[revision.pk]) in body


def test_autosave_saves_and_answers_the_new_version(client, editor, draft):
    client.force_login(editor)
    response = _edit(client, draft, action="autosave", body_patient="Half-typed [@not-yet")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.body_patient == "Half-typed [@not-yet"  # half-typed citations are kept too
    assert response.json() == {"saved": True, "message": "Saved.", "version": draft.edit_version}


def test_a_save_over_someone_elses_save_is_refused_with_both_texts_side_by_side(
    client, editor, writing_chief, draft
):
    opened = Revision.objects.get(pk=draft.pk)  # the author opens the editor
    client.force_login(writing_chief)
    assert _edit(client, draft, body_patient="The chief editor's rewrite.").status_code == 302
    history_rows = draft.history.count()

    client.force_login(editor)
    response = _edit(client, opened, body_patient="The author's own rewrite.")
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.body_patient == "The chief editor's rewrite."  # nothing overwritten
    assert draft.history.count() == history_rows
    body = response.content.decode()
    assert "chief editor" in body and "author" in body and "rewrite" in body
    assert "Saved version" in body and "Your version" in body
    assert f'value="{draft.edit_version}"' in body  # "Save my version" carries the new token

    # Carrying the text over is a deliberate save with the current version.
    assert _edit(client, draft, body_patient="The author's own rewrite.").status_code == 302
    draft.refresh_from_db()
    assert draft.body_patient == "The author's own rewrite."


def test_autosave_over_someone_elses_save_is_refused(client, editor, writing_chief, draft):
    opened = Revision.objects.get(pk=draft.pk)
    client.force_login(writing_chief)
    _edit(client, draft, body_patient="The chief editor's rewrite.")
    client.force_login(editor)
    response = _edit(client, opened, action="autosave", body_patient="Mine.")
    assert response.status_code == 409 and response.json()["conflict"] is True
    draft.refresh_from_db()
    assert draft.body_patient == "The chief editor's rewrite."


def test_request_changes_without_a_comment_marks_the_comment_field(client, under_review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {"decision": "request_changes", "comment": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "data-error-summary" in body and 'href="#id_comment"' in body
    assert 'id="id_comment_error"' in body
    assert 'aria-describedby="id_comment_helptext id_comment_error"' in body
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
