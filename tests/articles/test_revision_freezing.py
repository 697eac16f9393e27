"""Invariant 2: an approved revision is frozen — its text, pinned references, pinned
disclaimers and approval record cannot change by any path. A submitted one's text neither."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Citation, Disclaimer, Revision, RevisionFrozen
from editorial.exceptions import ActionConflict
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot(revision):
    revision = Revision.objects.get(pk=revision.pk)
    return (
        revision.state,
        revision.body_patient,
        revision.body_professional,
        revision.approved_at,
        revision.disclaimer_patient_id,
        revision.disclaimer_professional_id,
        revision.content_sha256,
        list(revision.citations.values_list("reference_id", "pinned_snapshot")),
        revision.history.count(),
    )


def test_model_save_cannot_change_an_approved_revisions_text(live_revision):
    before = snapshot(live_revision)
    live_revision.body_patient = "Quietly changed."
    with pytest.raises(RevisionFrozen):
        live_revision.save()
    assert snapshot(live_revision) == before


def test_model_save_cannot_change_the_approval_record(live_revision, disclaimers):
    before = snapshot(live_revision)
    newer = Disclaimer.objects.create(audience="patient", text="A newer disclaimer.")
    live_revision.disclaimer_patient = newer
    with pytest.raises(RevisionFrozen):
        live_revision.save()
    assert snapshot(live_revision) == before


def test_bulk_update_cannot_touch_frozen_fields(live_revision):
    before = snapshot(live_revision)
    with pytest.raises(RevisionFrozen):
        Revision.objects.filter(pk=live_revision.pk).update(body_patient="Bulk edit")
    with pytest.raises(RevisionFrozen):
        Revision.objects.filter(pk=live_revision.pk).update(state="draft")
    assert snapshot(live_revision) == before


def test_revisions_cannot_be_deleted(live_revision):
    before = snapshot(live_revision)
    with pytest.raises(RevisionFrozen):
        live_revision.delete()
    with pytest.raises(RevisionFrozen):
        Revision.objects.filter(pk=live_revision.pk).delete()
    assert snapshot(live_revision) == before


def test_the_edit_service_refuses_a_submitted_or_approved_revision(live_revision, editor):
    before = snapshot(live_revision)
    with pytest.raises(ActionConflict, match="start a new draft"):
        services.revision_update_draft(
            revision=live_revision,
            actor=editor,
            body_patient="New text",
            body_professional="New text",
            change_summary="Sneaky",
        )
    assert snapshot(live_revision) == before


def test_a_submitted_revisions_text_is_frozen_too(draft, editor):
    services.revision_submit(revision=draft, actor=editor)
    draft.refresh_from_db()
    draft.body_professional = "Changed after submission."
    with pytest.raises(RevisionFrozen):
        draft.save()


def test_the_admin_change_form_cannot_edit_an_approved_revision(client, live_revision, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    before = snapshot(live_revision)
    url = reverse("admin:articles_revision_change", args=[live_revision.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="body_patient"' not in page.content  # shown read-only
    response = client.post(
        url,
        {"body_patient": "Admin edit", "body_professional": "Admin edit", "change_summary": "x"},
    )
    assert response.status_code == 403
    assert snapshot(live_revision) == before


def test_pinned_citations_cannot_be_changed_or_removed(live_revision):
    citation = live_revision.citations.get()
    before = snapshot(live_revision)
    citation.pinned_snapshot = {"title": "Rewritten"}
    with pytest.raises(RevisionFrozen):
        citation.save()
    with pytest.raises(RevisionFrozen):
        citation.delete()
    with pytest.raises(RevisionFrozen):
        Citation.objects.create(revision=live_revision, reference=factories.ReferenceFactory())
    assert snapshot(live_revision) == before


def test_editing_a_library_entry_after_approval_leaves_the_pinned_copy_alone(live_revision, reference):
    pinned = live_revision.citations.get().pinned_snapshot
    reference.title = "A corrected title"
    reference.save()
    live_revision.refresh_from_db()
    assert live_revision.citations.get().pinned_snapshot == pinned
    assert live_revision.content_is_intact()


def test_a_pinned_disclaimer_cannot_be_edited_but_a_new_version_can_be_added(live_revision, disclaimers):
    patient, _ = disclaimers
    patient.text = "Rewritten after approval."
    with pytest.raises(RevisionFrozen):
        patient.save()
    newer = Disclaimer.objects.create(audience="patient", text="Version two.")
    assert newer.version == 2
    live_revision.refresh_from_db()
    assert live_revision.disclaimer_patient == patient
    assert Disclaimer.objects.get(pk=patient.pk).text != "Rewritten after approval."


def test_a_recorded_decision_cannot_be_changed_or_deleted(live_revision):
    decision = ReviewDecision.objects.get(revision=live_revision)
    decision.comment = "Edited later"
    with pytest.raises(RevisionFrozen):
        decision.save()
    with pytest.raises(RevisionFrozen):
        decision.delete()
    assert ReviewDecision.objects.get(pk=decision.pk).comment == "Accurate."


def test_the_fingerprint_detects_a_change_made_behind_the_applications_back(live_revision):
    # Simulate tampering straight in the database, below every guard.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_revision SET body_patient = %s WHERE id = %s", ["Tampered", live_revision.pk]
        )
    live_revision.refresh_from_db()
    assert not live_revision.content_is_intact()


def test_a_correction_is_a_new_revision_that_goes_through_review(live_revision, editor, reviewer):
    correction = services.revision_create_draft(article=live_revision.article, actor=editor)
    assert correction.state == Revision.State.DRAFT
    assert correction.body_patient == live_revision.body_patient
    assert correction.based_on == live_revision
    live_revision.article.refresh_from_db()
    assert live_revision.article.live_revision == live_revision
