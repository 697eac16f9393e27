"""The life of a revision, driven through the services as every interface does."""

import pytest
from django.test import override_settings

from articles import services
from articles.models import Article, Revision
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.models import Notification
from reviews import decisions as review_decisions
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db


def history_reasons(revision):
    return [
        (row.state, row.history_user_id, row.history_change_reason)
        for row in revision.history.order_by("history_id")
    ]


def test_full_cycle_with_a_change_request_records_every_step_in_history(
    editor, reviewer, reference, disclaimers
):
    first = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=first, actor=editor)
    review_decisions.revision_start_review(revision=first, actor=reviewer)
    review_decisions.revision_request_changes(revision=first, actor=reviewer, comment="Add the dose range.")
    second = services.revision_create_draft(article=first.article, actor=editor, based_on=first)
    services.revision_update_draft(
        revision=second,
        actor=editor,
        body_patient=second.body_patient + "\n\nTake 400 mg.",
        body_professional=second.body_professional,
        change_summary="Added the dose range",
    )
    services.revision_submit(revision=second, actor=editor)
    review_decisions.revision_start_review(revision=second, actor=reviewer)
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(),
        revision=second,
        actor=reviewer,
        comment="Correct now.",
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Revision.State.CHANGES_REQUESTED
    assert second.state == Revision.State.APPROVED
    assert second.based_on == first
    assert history_reasons(first) == [
        ("draft", editor.pk, "Draft created"),
        ("submitted", editor.pk, "submit: draft → submitted"),
        ("under_review", reviewer.pk, "start_review: submitted → under_review"),
        (
            "changes_requested",
            reviewer.pk,
            "request_changes: under_review → changes_requested — Add the dose range.",
        ),
    ]
    assert history_reasons(second) == [
        ("draft", editor.pk, "Draft created from revision 1"),
        ("draft", editor.pk, "Draft edited"),
        ("submitted", editor.pk, "submit: draft → submitted"),
        ("under_review", reviewer.pk, "start_review: submitted → under_review"),
        ("approved", reviewer.pk, "approve: under_review → approved — Correct now."),
    ]
    article = Article.objects.get(pk=first.article_id)
    assert article.live_revision == second
    assert article.history.first().history_change_reason == "Revision 2 published"


def test_approval_pins_disclaimers_references_and_fingerprint(live_revision, disclaimers, reference):
    patient, professional = disclaimers
    assert live_revision.disclaimer_patient == patient
    assert live_revision.disclaimer_professional == professional
    citation = live_revision.citations.get()
    assert citation.pinned_snapshot["title"] == reference.title
    assert citation.pinned_history_id == reference.history.latest().history_id
    assert len(live_revision.content_sha256) == 64
    assert live_revision.content_is_intact()


def test_request_for_changes_without_a_comment_is_refused_and_changes_nothing(under_review, reviewer):
    with pytest.raises(InvalidAction, match="needs a comment"):
        review_decisions.revision_request_changes(revision=under_review, actor=reviewer, comment="   ")
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert ReviewDecision.objects.count() == 0


def test_submitting_notifies_every_active_board_member_after_commit(
    draft, editor, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.revision_submit(revision=draft, actor=editor)
    recipients = set(
        Notification.objects.filter(kind="revision_submitted").values_list("to_email", flat=True)
    )
    assert recipients == {reviewer.email, second_reviewer.email}
    assert len(callbacks) == 2


def test_an_editor_cannot_take_a_revision_into_review(draft, editor, other_editor):
    services.revision_submit(revision=draft, actor=editor)
    with pytest.raises(ActionNotAllowed):
        review_decisions.revision_start_review(revision=draft, actor=other_editor)
    draft.refresh_from_db()
    assert draft.state == Revision.State.SUBMITTED


def test_a_second_draft_of_the_same_article_is_refused(draft, editor):
    with pytest.raises(ActionConflict, match="already has a draft"):
        services.revision_create_draft(article=draft.article, actor=editor)
    assert draft.article.revisions.count() == 1


def test_withdrawn_draft_frees_the_article_for_a_new_one(draft, editor):
    services.revision_withdraw(revision=draft, actor=editor, reason="Wrong topic")
    new = services.revision_create_draft(article=draft.article, actor=editor)
    assert new.number == 2


def test_someone_elses_draft_cannot_be_edited_or_submitted(draft, other_editor):
    with pytest.raises(ActionNotAllowed):
        services.revision_update_draft(
            revision=draft, actor=other_editor, body_patient="x", body_professional="y", change_summary="z"
        )
    with pytest.raises(ActionNotAllowed):
        services.revision_submit(revision=draft, actor=other_editor)
    draft.refresh_from_db()
    assert draft.state == Revision.State.DRAFT
    assert draft.body_patient != "x"


def test_an_empty_question_is_refused(editor):
    with pytest.raises(InvalidAction, match="question cannot be empty"):
        services.article_create(actor=editor, question="  ", specialty="Cardiology")
    assert Article.objects.count() == 0


def test_an_empty_wording_cannot_be_submitted(editor, disclaimers):
    revision = factories.make_draft(editor=editor, body_professional="")
    with pytest.raises(InvalidAction, match="professional wording is empty"):
        services.revision_submit(revision=revision, actor=editor)
    revision.refresh_from_db()
    assert revision.state == Revision.State.DRAFT


@override_settings(REVIEW_APPROVAL_QUORUM=2)
def test_with_a_quorum_of_two_the_first_approval_keeps_the_revision_in_review(
    under_review, reviewer, second_reviewer
):
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
    )
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert under_review.article.live_revision is None
    with pytest.raises(ActionConflict, match="already recorded"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
        )
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=second_reviewer
    )
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.APPROVED
    assert under_review.approval_count() == 2


def test_unpublishing_hides_the_article_but_keeps_its_revisions(live_revision, chief_editor, editor):
    with pytest.raises(ActionNotAllowed):
        services.article_unpublish(article=live_revision.article, actor=editor, reason="Outdated")
    article = services.article_unpublish(
        article=live_revision.article, actor=chief_editor, reason="Dosing guidance changed"
    )
    assert article.live_revision is None
    assert article.unpublished_reason == "Dosing guidance changed"
    live_revision.refresh_from_db()
    assert live_revision.state == Revision.State.APPROVED
