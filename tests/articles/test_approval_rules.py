"""Invariants 4 and 5: who can approve, the quorum, and citations that must resolve."""

import pytest
from django.test import override_settings

from articles import services
from articles.models import Revision
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from reviews import decisions as review_decisions
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db


def state_of(revision):
    revision = Revision.objects.get(pk=revision.pk)
    return revision.state, revision.decisions.count(), revision.article.live_revision_id


def test_an_editor_cannot_approve(under_review, other_editor):
    before = state_of(under_review)
    with pytest.raises(ActionNotAllowed, match="Only members of the Medical Advisory Board"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=other_editor
        )
    assert state_of(under_review) == before


def test_a_superuser_without_a_board_profile_cannot_approve(under_review, admin_user):
    before = state_of(under_review)
    with pytest.raises(ActionNotAllowed):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=admin_user
        )
    assert state_of(under_review) == before


def test_the_author_cannot_approve_even_as_a_board_member(reviewer, second_reviewer, disclaimers, reference):
    # A board member who is also an editor writes a revision, and tries to approve it.
    from django.contrib.auth.models import Group

    reviewer.groups.add(Group.objects.get(name="Editors"))
    revision = factories.make_draft(editor=reviewer, references=[reference])
    services.revision_submit(revision=revision, actor=reviewer)
    review_decisions.revision_start_review(revision=revision, actor=second_reviewer)
    before = state_of(revision)
    with pytest.raises(ActionNotAllowed, match="You wrote this revision"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=revision, actor=reviewer
        )
    assert state_of(revision) == before
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=revision, actor=second_reviewer
    )
    assert state_of(revision)[0] == Revision.State.APPROVED


def test_an_inactive_board_member_cannot_approve(under_review, reviewer, board_member):
    board_member.is_active = False
    board_member.save()
    with pytest.raises(ActionNotAllowed):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
        )


def test_a_declared_conflict_of_interest_stops_approval(under_review, reviewer):
    before = state_of(under_review)
    with pytest.raises(ActionNotAllowed, match="conflict of interest"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(),
            revision=under_review,
            actor=reviewer,
            conflict_of_interest="I consult for the maker.",
        )
    assert state_of(under_review) == before


@override_settings(REVIEW_APPROVAL_QUORUM=3)
def test_quorum_counts_distinct_board_members(under_review, reviewer, second_reviewer):
    third = factories.BoardMemberFactory().user
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
    )
    with pytest.raises(ActionConflict):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
        )
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=second_reviewer
    )
    assert state_of(under_review) == (Revision.State.UNDER_REVIEW, 2, None)
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=third
    )
    state, decisions, live = state_of(under_review)
    assert (state, decisions, live) == (Revision.State.APPROVED, 3, under_review.pk)


def test_a_revision_that_is_not_under_review_cannot_be_approved(draft, reviewer, editor):
    with pytest.raises(ActionConflict, match="draft now"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=draft, actor=reviewer
        )
    services.revision_submit(revision=draft, actor=editor)
    with pytest.raises(ActionConflict, match="submitted now"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=draft, actor=reviewer
        )
    assert ReviewDecision.objects.count() == 0


def test_a_dangling_citation_cannot_be_submitted(editor, disclaimers, reference):
    revision = factories.make_draft(
        editor=editor, body_patient=f"Fine [@{reference.citation_key}] and broken [@nowhere2024]."
    )
    with pytest.raises(InvalidAction, match=r"\[@nowhere2024\] does not match"):
        services.revision_submit(revision=revision, actor=editor)
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.DRAFT


def test_a_revision_citing_a_retracted_reference_cannot_be_approved(under_review, reviewer, reference):
    reference.is_retracted = True
    reference.save()
    before = state_of(under_review)
    with pytest.raises(ActionConflict, match="has been retracted"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
        )
    assert state_of(under_review) == before


def test_a_reference_deleted_from_the_library_during_review_blocks_approval(editor, reviewer, disclaimers):
    doomed = factories.ReferenceFactory()
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[doomed])
    # The library entry is renamed so the key no longer resolves.
    doomed.citation_key = "renamed-key"
    doomed.save()
    before = state_of(revision)
    with pytest.raises(ActionConflict, match="does not match any entry"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=revision, actor=reviewer
        )
    assert state_of(revision) == before


def test_approval_needs_a_disclaimer_for_each_audience(editor, reviewer, reference):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    with pytest.raises(ActionConflict, match="no patient disclaimer"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=revision, actor=reviewer
        )
    assert state_of(revision)[0] == Revision.State.UNDER_REVIEW


def test_can_proceed_reflects_the_quorum_and_citation_conditions(under_review, board_member, reference):
    from django_fsm import can_proceed

    assert not can_proceed(under_review.approve)  # nobody has approved yet
    ReviewDecision.objects.create(
        revision=under_review, reviewer=board_member, decision=ReviewDecision.Decision.APPROVE
    )
    assert can_proceed(under_review.approve)
    reference.is_retracted = True
    reference.save()
    assert not can_proceed(under_review.approve)
