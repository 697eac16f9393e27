"""Scheduled publication in the workspace and the admin: the approve form's "Publish at" and its
errors, the revision page's notice and the chief editor's Cancel, the queue's list of upcoming
publications and the timeline."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import PublicationSchedule, Revision
from articles.publication import scheduled_publication_run
from reviews.models import ReviewDecision

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"  # what a datetime-local input sends


def _approve(client, revision, all_checked, publish_at, decision="approve"):
    return client.post(
        reverse("workspace-review-decide", args=[revision.pk]),
        {"decision": decision, "checklist": all_checked, "comment": "Fine.", "publish_at": publish_at},
    )


@pytest.fixture
def scheduled(client, under_review, reviewer, all_checked):
    client.force_login(reviewer)
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = _approve(client, under_review, all_checked, when.strftime(FORMAT))
    assert response.status_code == 302
    return under_review


def test_approving_with_a_publish_at_time_schedules_it_and_says_so(client, scheduled, reviewer):
    page = client.get(reverse("workspace-revision", args=[scheduled.pk]), follow=True).content.decode()
    assert "goes live at the time set" in page
    assert "Scheduled to go live on" in page
    assert "Cancel the scheduled publication" not in page  # a reviewer cannot cancel
    scheduled.refresh_from_db()
    assert scheduled.state == Revision.State.APPROVED
    assert scheduled.article.live_revision_id is None
    assert client.get(scheduled.article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("value", "decision", "message"),
    [
        ("2001-01-01T09:00", "approve", "already passed"),
        ("next tuesday", "approve", "Enter a valid date/time."),
        (None, "request_changes", "goes with an approval"),
    ],
)
def test_a_bad_publish_at_time_is_a_form_error_and_changes_nothing(
    client, under_review, reviewer, all_checked, value, decision, message
):
    if value is None:
        value = (timezone.now() + timedelta(days=1)).strftime(FORMAT)
    client.force_login(reviewer)
    response = _approve(client, under_review, all_checked, value, decision=decision)
    assert response.status_code == 400
    assert message in response.content.decode()
    under_review.refresh_from_db()
    assert under_review.state == Revision.State.UNDER_REVIEW
    assert not ReviewDecision.objects.exists()
    assert not PublicationSchedule.objects.exists()


def test_a_chief_editor_sees_the_upcoming_publication_and_cancels_it_with_a_reason(
    client, scheduled, chief_editor
):
    client.force_login(chief_editor)
    assert scheduled.article.question in client.get(reverse("workspace-queue")).content.decode()
    page = client.get(reverse("workspace-revision", args=[scheduled.pk])).content.decode()
    assert "Cancel the scheduled publication" in page
    url = reverse("workspace-schedule-cancel", args=[scheduled.pk])

    response = client.post(url, {"cancel-reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert PublicationSchedule.objects.get().is_pending

    response = client.post(url, {"cancel-reason": "The journal moved the embargo."}, follow=True)
    page = response.content.decode()
    assert "Scheduled publication cancelled" in page
    assert "The journal moved the embargo." in page
    schedule = PublicationSchedule.objects.get()
    assert schedule.cancelled_by == chief_editor
    assert scheduled.article.question not in client.get(reverse("workspace-queue")).content.decode()
    timeline = client.get(reverse("workspace-timeline", args=[scheduled.article.slug])).content.decode()
    assert "Approved; scheduled to go live" in timeline
    assert "Scheduled publication cancelled" in timeline

    # Cancelling twice is not possible now: a conflict, and nothing changes.
    response = client.post(url, {"cancel-reason": "Again."})
    assert response.status_code == 409
    assert PublicationSchedule.history.filter(cancel_reason="Again.").count() == 0


def test_a_board_member_who_is_not_chief_editor_cannot_cancel(client, scheduled, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-schedule-cancel", args=[scheduled.pk]), {"cancel-reason": "No."}
    )
    assert response.status_code == 403
    assert PublicationSchedule.objects.get().is_pending


def test_after_the_beat_job_the_pages_say_it_went_live_on_schedule(client, scheduled, chief_editor):
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        scheduled_publication_run()
    client.force_login(chief_editor)
    assert (
        "Went live on schedule"
        in client.get(reverse("workspace-revision", args=[scheduled.pk])).content.decode()
    )
    timeline = client.get(reverse("workspace-timeline", args=[scheduled.article.slug])).content.decode()
    assert "Published on schedule" in timeline
    assert client.get(scheduled.article.get_absolute_url()).status_code == 200


def test_the_admin_approve_button_takes_a_publish_at_time(client, under_review, reviewer, all_checked):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    when = (timezone.now() + timedelta(days=1)).strftime(FORMAT)
    url = reverse("admin:articles_revision_transition", args=[under_review.pk])
    response = client.post(url, {"action": "approve", "checklist": all_checked, "publish_at": "garbage"})
    assert response.status_code == 302
    assert not ReviewDecision.objects.exists()
    client.post(url, {"action": "approve", "checklist": all_checked, "publish_at": when})
    schedule = PublicationSchedule.objects.get()
    assert schedule.revision_id == under_review.pk
    assert schedule.publish_at.strftime(FORMAT) == when
