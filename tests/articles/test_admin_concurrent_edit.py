"""The admin refuses a save over someone else's save of the same draft, keeping the typed text."""

import pytest
from django.urls import reverse

from articles.models import Revision
from tests.articles.test_admin_workflow import post_admin_form

pytestmark = pytest.mark.django_db


def test_admin_save_over_a_newer_save_is_refused_and_changes_nothing(client, editor, draft):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    opened = Revision.objects.get(pk=draft.pk).edit_version
    url = reverse("admin:articles_revision_change", args=[draft.pk])
    first = post_admin_form(
        client,
        url,
        question=draft.question,
        body_patient="Saved first.",
        body_professional=draft.body_professional,
        change_summary="x",
        version=opened,
    )
    assert first.status_code == 302
    draft.refresh_from_db()
    rows = draft.history.count()

    second = post_admin_form(
        client,
        url,
        question=draft.question,
        body_patient="Saved second, from a stale page.",
        body_professional=draft.body_professional,
        change_summary="x",
        version=opened,
    )
    assert second.status_code == 200
    body = second.content.decode()
    assert "Someone else saved this draft" in body
    assert "Saved second, from a stale page." in body  # the typed text is kept in the form
    draft.refresh_from_db()
    assert draft.body_patient == "Saved first." and draft.history.count() == rows


def test_the_refusal_shows_their_saved_text_beside_yours_and_a_second_save_carries_yours_over(
    client, editor, chief_editor, draft
):
    for user in (editor, chief_editor):
        user.is_staff = True
        user.save()
    url = reverse("admin:articles_revision_change", args=[draft.pk])
    opened = Revision.objects.get(pk=draft.pk).edit_version
    fields = dict(question=draft.question, body_professional=draft.body_professional, change_summary="x")

    client.force_login(chief_editor)
    assert (
        post_admin_form(
            client, url, body_patient="The chief editor's rewrite.", version=opened, **fields
        ).status_code
        == 302
    )

    client.force_login(editor)
    refused = post_admin_form(client, url, body_patient="The author's own rewrite.", version=opened, **fields)
    assert refused.status_code == 200
    rows = {
        label: (saved, yours, differs)
        for label, saved, yours, differs in refused.context["edit_conflict_rows"]
    }
    saved, yours, differs = next(row for label, row in rows.items() if "atient" in label)
    assert (saved, yours, differs) == ("The chief editor's rewrite.", "The author's own rewrite.", True)
    body = refused.content.decode()
    assert 'id="edit-conflict"' in body and "The chief editor&#x27;s rewrite." in body

    # The form now carries the version seen on the refusal page: saving again keeps the author's text.
    carried = refused.context["adminform"].form["version"].value()
    assert carried == Revision.objects.get(pk=draft.pk).edit_version
    again = post_admin_form(client, url, body_patient="The author's own rewrite.", version=carried, **fields)
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.body_patient == "The author's own rewrite."
    assert draft.history.filter(body_patient="The chief editor's rewrite.").exists()  # theirs stays on record
