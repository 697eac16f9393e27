"""The chief editor: assign reviewers with a due date, reassign, unpublish with a reason.
And the e-mails these send, which link to the page to act on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from notifications.models import Notification
from reviews import decisions as review_decisions
from reviews.models import ReviewAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, editor):
    return services.revision_submit(revision=draft, actor=editor)


def _due(days):
    return (timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_assigning_a_reviewer_records_the_due_date_and_mails_a_direct_link(
    client, chief_editor, submitted, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(chief_editor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("workspace-assign", args=[submitted.pk]),
            {"reviewers": [reviewer.board_member.pk], "due_at": _due(5)},
        )
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert assignment.reviewer == reviewer.board_member and assignment.assigned_by == chief_editor
    mail = Notification.objects.get(kind="reviewer_assigned")
    assert mail.recipient == reviewer
    assert f"http://testserver{reverse('workspace-compare', args=[submitted.pk])}" in mail.body_text
    assert len(callbacks) == 1
    client.force_login(reviewer)
    queue = client.get(reverse("workspace-queue")).content.decode()
    assert submitted.article.question in queue and assignment.due_at.strftime("%-d %b %Y") in queue


def test_reassigning_hands_the_review_on_and_keeps_the_old_assignment_in_history(
    client, chief_editor, submitted, reviewer, second_reviewer
):
    from reviews import services as board_services

    (old,) = board_services.revision_assign_reviewers(
        revision=submitted,
        actor=chief_editor,
        reviewers=[reviewer.board_member],
        due_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(chief_editor)
    response = client.post(
        reverse("workspace-reassign", args=[old.pk]),
        {"reviewer": second_reviewer.board_member.pk, "due_at": _due(10)},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_active
    new = ReviewAssignment.objects.get(is_active=True)
    assert new.reviewer == second_reviewer.board_member
    assert old.history.first().history_change_reason.startswith("Reassigned to")
    timeline = client.get(reverse("workspace-timeline", args=[submitted.article.slug])).content.decode()
    assert "Reassigned to" in timeline


def test_the_author_cannot_be_assigned_to_review_their_own_revision(client, chief_editor, submitted, editor):
    client.force_login(chief_editor)
    page = client.get(reverse("workspace-assign", args=[submitted.pk])).content.decode()
    assert editor.get_full_name() not in page  # not even offered


def test_unpublishing_needs_a_reason_and_hides_the_article_from_readers(client, chief_editor, live_revision):
    article = live_revision.article
    client.force_login(chief_editor)
    empty = client.post(reverse("workspace-unpublish", args=[article.slug]), {"reason": " "})
    assert empty.status_code == 400
    article.refresh_from_db()
    assert article.is_live
    client.post(reverse("workspace-unpublish", args=[article.slug]), {"reason": "Dosing guidance changed"})
    article.refresh_from_db()
    assert not article.is_live and article.unpublished_reason == "Dosing guidance changed"
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_e_mails_link_to_the_workspace_revision_page(editor, draft, reviewer):
    services.revision_submit(revision=draft, actor=editor)
    review_decisions.revision_start_review(revision=draft, actor=reviewer)
    review_decisions.revision_request_changes(revision=draft, actor=reviewer, comment="More detail.")
    link = f"http://testserver{reverse('workspace-revision', args=[draft.pk])}"
    for kind in ("revision_submitted", "changes_requested"):
        for mail in Notification.objects.filter(kind=kind):
            assert link in mail.body_text and link in mail.body_html
            assert "/admin/" not in mail.body_text
