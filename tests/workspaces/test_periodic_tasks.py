"""Celery beat's daily jobs: overdue-review digests and re-review flags.
Called as the worker calls them, with the clock moved; a second run sends nothing twice."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import services
from notifications.models import Notification
from reviews import decisions as review_decisions
from reviews import services as board_services
from reviews.tasks import flag_articles_due_for_rereview, remind_overdue_reviews
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(draft, editor, reviewer, chief_editor):
    services.revision_submit(revision=draft, actor=editor)
    board_services.revision_assign_reviewers(
        revision=draft,
        actor=chief_editor,
        reviewers=[reviewer.board_member],
        due_at=timezone.now() + timedelta(days=7),
    )
    return draft


def _digests():
    return Notification.objects.filter(kind="overdue_digest")


def test_nothing_is_sent_before_a_review_is_due(assigned):
    with time_machine.travel(timezone.now() + timedelta(days=6), tick=False):
        assert remind_overdue_reviews() == 0
    assert not _digests().exists()


def test_an_overdue_review_is_reminded_once_a_day_and_never_twice_on_the_same_day(
    assigned, reviewer, chief_editor, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=8), tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            assert remind_overdue_reviews() == 1
        assert set(_digests().values_list("to_email", flat=True)) == {reviewer.email, chief_editor.email}
        assert len(callbacks) == 2
        reviewer_mail = _digests().get(recipient=reviewer)
        assert reverse("workspace-compare", args=[assigned.pk]) in reviewer_mail.body_text
        assert assigned.article.question in reviewer_mail.body_text

        # The same day again (a beat retry, a second worker): nothing new.
        with django_capture_on_commit_callbacks() as callbacks:
            assert remind_overdue_reviews() == 0
        assert _digests().count() == 2
        assert callbacks == []

    with time_machine.travel(start + timedelta(days=9), tick=False):
        assert remind_overdue_reviews() == 1
        assert _digests().count() == 4
        assert remind_overdue_reviews() == 0
        assert _digests().count() == 4


def test_a_decided_review_is_no_longer_overdue(assigned, reviewer, all_checked):
    review_decisions.revision_start_review(revision=assigned, actor=reviewer)
    review_decisions.review_decide(
        revision=assigned, actor=reviewer, decision="request_changes", comment="Add doses.",
        confirmed_keys=all_checked,
    )  # fmt: skip
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert remind_overdue_reviews() == 0
    assert not _digests().exists()


@override_settings(REREVIEW_INTERVAL_DAYS=365)
def test_a_live_article_past_the_rereview_interval_is_flagged_once_and_shown_to_the_chief_editor(
    client, live_revision, chief_editor, django_capture_on_commit_callbacks
):
    article = live_revision.article
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=364), tick=False):
        assert flag_articles_due_for_rereview() == []
    article.refresh_from_db()
    assert article.needs_rereview_since is None

    with time_machine.travel(start + timedelta(days=366), tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            assert flag_articles_due_for_rereview() == [article.pk]
        assert len(callbacks) == 1
        assert flag_articles_due_for_rereview() == []
    article.refresh_from_db()
    assert article.needs_rereview_since is not None
    notes = Notification.objects.filter(kind="rereview_due")
    assert list(notes.values_list("to_email", flat=True)) == [chief_editor.email]
    assert reverse("workspace-article", args=[article.slug]) in notes.get().body_text
    assert article.history.first().history_change_reason.startswith("Due for re-review")

    client.force_login(chief_editor)
    queue = client.get(reverse("workspace-queue")).content.decode()
    assert "due for re-review" in queue
    assert article.question in queue


@override_settings(REREVIEW_INTERVAL_DAYS=30)
def test_a_new_approval_clears_the_rereview_flag(live_revision, editor, reviewer):
    article = live_revision.article
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        flag_articles_due_for_rereview()
        article.refresh_from_db()
        assert article.needs_rereview_since is not None
        draft = services.revision_create_draft(article=article, actor=editor)
        services.revision_update_draft(
            revision=draft,
            actor=editor,
            body_patient=draft.body_patient,
            body_professional=draft.body_professional,
            change_summary="Re-reviewed: still current",
        )
        services.revision_submit(revision=draft, actor=editor)
        review_decisions.revision_start_review(revision=draft, actor=reviewer)
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=draft, actor=reviewer
        )
        article.refresh_from_db()
        assert article.needs_rereview_since is None
        assert flag_articles_due_for_rereview() == []


def test_an_unpublished_article_is_never_flagged(live_revision, chief_editor):
    services.article_unpublish(article=live_revision.article, actor=chief_editor, reason="Outdated")
    with time_machine.travel(timezone.now() + timedelta(days=800), tick=False):
        assert flag_articles_due_for_rereview() == []


def test_the_beat_schedule_names_both_tasks(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reviews.tasks.remind_overdue_reviews", "reviews.tasks.flag_articles_due_for_rereview"} <= tasks
