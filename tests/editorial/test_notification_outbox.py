"""Invariant 7: a transition and its notifications commit together; with the broker down
the transition still succeeds, and once it is back every e-mail goes out exactly once."""

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from articles import services
from articles.models import Revision
from editorial.celery import app as celery_app
from notifications.models import Notification
from notifications.tasks import deliver_notification, requeue_pending_notifications
from reviews import decisions as review_decisions
from tests import factories


@contextmanager
def broker_down():
    """Point Celery at a closed port, as if Redis had stopped."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    forget_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = original
        forget_broker_connections()


def forget_broker_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def running_worker():
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=20):
        yield


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db
def test_the_notification_rows_roll_back_with_a_failed_action(draft, editor, reviewer):
    draft.body_patient = ""
    draft.save()
    with pytest.raises(Exception):  # noqa: B017 - the refusal itself is tested elsewhere
        services.revision_submit(revision=draft, actor=editor)
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_delivering_the_same_notification_twice_sends_one_email(draft, editor, reviewer):
    services.revision_submit(revision=draft, actor=editor)
    notification = Notification.objects.get()
    assert deliver_notification(notification.pk) is True
    assert deliver_notification(notification.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reviewer.email]
    assert "Review needed" in mail.outbox[0].subject
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


@pytest.mark.django_db
def test_a_failed_send_stays_pending_for_a_retry(draft, editor, reviewer, settings):
    settings.EMAIL_BACKEND = "tests.editorial.failing_email.FailingBackend"
    services.revision_submit(revision=draft, actor=editor)
    notification = Notification.objects.get()
    with pytest.raises(Exception):  # noqa: B017 - Celery's Retry, raised to reschedule the task
        deliver_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "SMTP is down" in notification.last_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_fifty_transitions_with_the_broker_down_then_every_email_exactly_once(
    editor, reviewer, second_reviewer, disclaimers, reference
):
    drafts = [factories.make_draft(editor=editor, references=[reference]) for _ in range(25)]
    with broker_down():
        for draft in drafts:  # 25 submissions, each mailing both board members
            services.revision_submit(revision=draft, actor=editor)
        for draft in drafts:  # 25 reviews started
            review_decisions.revision_start_review(revision=draft, actor=reviewer)

    assert Revision.objects.filter(state=Revision.State.UNDER_REVIEW).count() == 25
    assert Notification.objects.filter(status=Notification.Status.PENDING).count() == 50
    assert mail.outbox == []

    with running_worker():
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            assert requeue_pending_notifications() == 50
        assert wait_until(lambda: Notification.objects.filter(status="sent").count() == 50)
        # The beat job runs again: nothing is pending, nothing is sent twice.
        with time_machine.travel(timezone.now() + timedelta(minutes=4)):
            assert requeue_pending_notifications() == 0
        time.sleep(0.5)

    assert len(mail.outbox) == 50
    delivered = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert len(set(delivered)) == 50
    assert {to for to, _ in delivered} == {reviewer.email, second_reviewer.email}


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_real_worker_delivers_the_email_queued_at_commit(editor, reviewer, disclaimers, reference):
    """With REDIS_URL set (CI), this goes through a real Redis queue."""
    draft = factories.make_draft(editor=editor, references=[reference])
    with running_worker():
        services.revision_submit(revision=draft, actor=editor)
        assert wait_until(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [reviewer.email]
    assert Notification.objects.get().status == Notification.Status.SENT


@pytest.mark.django_db
def test_plain_text_mail_is_not_html_escaped_but_the_html_part_is(editor, reviewer, disclaimers, reference):
    draft = factories.make_draft(
        editor=editor, question='Is "rest & ice" <best> for sprains?', references=[reference]
    )
    services.revision_submit(revision=draft, actor=editor)
    notification = Notification.objects.get()
    assert notification.subject == 'Review needed: Is "rest & ice" <best> for sprains?'
    assert '"Is "rest & ice" <best> for sprains?"' in notification.body_text
    assert "&lt;best&gt;" in notification.body_html
    assert "<best>" not in notification.body_html


@pytest.mark.django_db
def test_failed_emails_can_be_sent_again_from_the_admin_and_sent_ones_are_not(
    client, draft, editor, reviewer, second_reviewer, chief_editor, django_capture_on_commit_callbacks
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    services.revision_submit(revision=draft, actor=editor)
    failed, sent = Notification.objects.order_by("pk")[:2]
    Notification.objects.filter(pk=failed.pk).update(status=Notification.Status.FAILED, attempts=8)
    deliver_notification(sent.pk)
    chief_editor.is_staff = True
    chief_editor.save()
    client.force_login(chief_editor)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 failed e-mail(s) queued to be sent again." in response.content.decode()
    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Notification.Status.PENDING, 0)
    assert deliver_notification(failed.pk) is True
    assert deliver_notification(sent.pk) is False
    assert sorted(m.to[0] for m in mail.outbox) == sorted([failed.to_email, sent.to_email])
