"""E-mail exactly once, quickly: a short lease renewed while sending, the same Message-ID on
every attempt, a dead worker's message sent again within a minute, and a message that keeps
failing shown to the chief editors."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import services
from notifications.models import Notification
from notifications.tasks import MAX_ATTEMPTS, deliver_notification, message_id, requeue_pending_notifications


@pytest.fixture
def notification(draft, editor, reviewer):
    services.revision_submit(revision=draft, actor=editor)
    return Notification.objects.get()


@pytest.mark.django_db
def test_every_attempt_carries_the_same_message_id(notification, settings):
    settings.EMAIL_BACKEND = "tests.editorial.failing_email.FailingBackend"
    with pytest.raises(Exception):  # noqa: B017 - Celery's Retry after the refused attempt
        deliver_notification(notification.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert deliver_notification(notification.pk) is True

    sent = mail.outbox[0]
    assert sent.extra_headers["Message-ID"] == message_id(notification)
    assert sent.message()["Message-ID"] == message_id(notification)
    assert message_id(notification).startswith(f"<notification-{notification.pk}-")


@pytest.mark.django_db
def test_a_message_held_by_a_worker_that_died_is_sent_again_once_its_lease_runs_out(notification, settings):
    settings.NOTIFICATION_LEASE_SECONDS = 30
    # A worker claimed it and was killed mid-send: the row says "sending", nobody renews it.
    claimed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, claimed_at=claimed_at, attempts=1
    )

    # While the lease may still be renewed, nobody else sends it and the sweep leaves it.
    assert deliver_notification(notification.pk) is False
    with time_machine.travel(claimed_at + timedelta(seconds=20)):
        assert requeue_pending_notifications() == 0
    assert mail.outbox == []

    # Past the lease, the sweep (every 30 s) queues it: well under two minutes in all.
    with time_machine.travel(claimed_at + timedelta(seconds=31)):
        assert requeue_pending_notifications() == 1
        assert deliver_notification(notification.pk) is True
        assert deliver_notification(notification.pk) is False

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 2)


@pytest.mark.django_db(transaction=True)
def test_a_live_worker_renews_its_lease_so_a_slow_send_is_never_taken_over(draft, editor, reviewer, settings):
    settings.NOTIFICATION_LEASE_SECONDS = 1
    settings.SLOW_EMAIL_SECONDS = 2.5
    settings.EMAIL_BACKEND = "tests.editorial.failing_email.SlowBackend"
    services.revision_submit(revision=draft, actor=editor)
    notification = Notification.objects.get()
    results = []
    first = threading.Thread(target=lambda: results.append(deliver_notification(notification.pk)))
    first.start()
    try:
        # Well past the one-second lease, the first worker is still sending and renewing.
        first.join(timeout=1.8)
        assert first.is_alive()
        assert requeue_pending_notifications() == 0
        assert deliver_notification(notification.pk) is False
    finally:
        first.join()

    assert results == [True]
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


@pytest.mark.django_db
def test_a_message_that_keeps_failing_alerts_the_chief_editors_in_their_workspace(
    client, notification, chief_editor, settings
):
    settings.EMAIL_BACKEND = "tests.editorial.failing_email.FailingBackend"
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(Exception):  # noqa: B017 - Celery's Retry
            deliver_notification(notification.pk)
    assert deliver_notification(notification.pk) is False
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.FAILED, MAX_ATTEMPTS)

    client.force_login(chief_editor)
    page = client.get(reverse("workspace-queue")).content.decode()

    assert "e-mails that could not be sent" in page
    assert notification.to_email in page
    assert "SMTP is down" in page


@pytest.mark.django_db
def test_board_members_who_are_not_chief_editors_see_no_mail_alert(client, notification, reviewer):
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED)
    client.force_login(reviewer)
    page = client.get(reverse("workspace-queue")).content.decode()
    assert "could not be sent" not in page
