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
