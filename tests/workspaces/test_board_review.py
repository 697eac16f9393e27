"""A board member's review from the workspace: the queue's four lists, starting a
review, the checklist stored with the decision, and the quorum."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Revision
from reviews import decisions as review_decisions
from reviews import services as board_services
from reviews.models import ReviewDecision
from reviews.queue import queue_rows, review_queue_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_queue_sorts_revisions_into_submitted_mine_waiting_colleagues_and_overdue(
    editor, reviewer, second_reviewer, chief_editor, reference, disclaimers
):
    submitted = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=submitted, actor=editor)
    mine = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    others = factories.make_under_review(editor=editor, reviewer_user=second_reviewer, references=[reference])
    assigned = factories.make_under_review(
        editor=editor, reviewer_user=second_reviewer, references=[reference]
    )
    board_services.revision_assign_reviewers(
        revision=assigned, actor=chief_editor, reviewers=[reviewer.board_member],
        due_at=timezone.now() + timedelta(days=5),
    )  # fmt: skip
    board_services.revision_assign_reviewers(
        revision=submitted, actor=chief_editor, reviewers=[reviewer.board_member],
        due_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip

    queue = review_queue_for(user=reviewer, now=timezone.now() + timedelta(days=2))
    assert [row.revision for row in queue_rows(queue.submitted)] == [submitted]
    assert [row.revision for row in queue_rows(queue.under_review_by_me)] == [mine]
    # Only what is assigned to me waits for my decision; a colleague's own review does not.
    waiting = queue_rows(queue.waiting_for_my_decision)
    assert [row.revision for row in waiting] == [assigned]
    assert waiting[0].due_at is not None
    assert waiting[0].reviewer_name == second_reviewer.board_member.display_name
    colleagues = queue_rows(queue.in_review_by_colleagues)
    assert [row.revision for row in colleagues] == [others]
    assert colleagues[0].reviewer_name == second_reviewer.board_member.display_name
    assert [(row.revision, row.assigned_to) for row in queue_rows(queue.overdue)] == [
        (submitted, reviewer.board_member.display_name)
    ]
    assert queue_rows(review_queue_for(user=second_reviewer).under_review_by_me)[0].revision == others


@override_settings(REVIEW_APPROVAL_QUORUM=2)
def test_approval_from_the_workspace_stores_the_checklist_and_shows_the_quorum(
    client, under_review, reviewer, second_reviewer, all_checked, checklist
):
    client.force_login(reviewer)
    url = reverse("workspace-review-decide", args=[under_review.pk])
    client.post(url, {"decision": "approve", "checklist": all_checked, "comment": "Doses correct."})
    decision = ReviewDecision.objects.get()
    assert decision.checklist == {item.key: {"label": item.label, "confirmed": True} for item in checklist}
    page = client.get(reverse("workspace-compare", args=[under_review.pk])).content.decode()
    assert "1 of 2" in page and reviewer.board_member.display_name in page

    client.force_login(second_reviewer)
    page = client.get(reverse("workspace-compare", args=[under_review.pk])).content.decode()
    assert "Your decision" in page  # still waiting for a second member
    client.post(url, {"decision": "approve", "checklist": all_checked})
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.APPROVED


def test_starting_a_review_from_the_workspace(client, draft, editor, reviewer):
    services.revision_submit(revision=draft, actor=editor)
    client.force_login(reviewer)
    response = client.post(reverse("workspace-review-start", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == Revision.State.UNDER_REVIEW
    assert draft.history.first().history_user == reviewer


def test_a_change_request_reaches_the_author_and_the_earlier_round_reviewers(
    client, editor, reviewer, second_reviewer, reference, disclaimers, all_checked
):
    from notifications.models import Notification

    first = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    review_decisions.revision_request_changes(revision=first, actor=reviewer, comment="First round.")
    second = services.revision_create_draft(article=first.article, actor=editor)
    services.revision_update_draft(
        revision=second, actor=editor, body_patient=second.body_patient + " More.",
        body_professional=second.body_professional, change_summary="Second round",
    )  # fmt: skip
    services.revision_submit(revision=second, actor=editor)
    review_decisions.revision_start_review(revision=second, actor=second_reviewer)
    client.force_login(second_reviewer)
    client.post(
        reverse("workspace-review-decide", args=[second.pk]),
        {"decision": "request_changes", "comment": "Still missing the dose.", "checklist": all_checked[:1]},
    )
    recipients = set(
        Notification.objects.filter(
            kind="changes_requested", dedupe_key__startswith=f"revision-{second.pk}-"
        ).values_list("recipient__username", flat=True)
    )
    assert recipients == {editor.username, reviewer.username}
