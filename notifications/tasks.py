"""Delivery of the notification outbox. Thin and idempotent: safe to run twice."""

import logging
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

# A claim older than this is taken to belong to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
# Leave fresh rows to the task queued at commit time.
REQUEUE_AFTER = timedelta(seconds=30)
MAX_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=60)
def deliver_notification(self, notification_id):
    """Send one pending notification. Returns True if this call sent it."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(status=Notification.Status.PENDING)
        | Q(status=Notification.Status.SENDING, claimed_at__lt=now - STALE_CLAIM),
        pk=notification_id,
    ).update(status=Notification.Status.SENDING, claimed_at=now)
    if not claimed:
        return False  # already sent, or another worker has it
    notification = Notification.objects.get(pk=notification_id)
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body_text, to=[notification.to_email]
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:
        attempts = notification.attempts + 1
        status = Notification.Status.FAILED if attempts >= MAX_ATTEMPTS else Notification.Status.PENDING
        Notification.objects.filter(pk=notification_id).update(
            status=status, attempts=attempts, last_error=str(exc)[:2000], claimed_at=None
        )
        if status == Notification.Status.PENDING:
            raise self.retry(exc=exc) from exc
        return False
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), attempts=notification.attempts + 1
    )
    return True


@shared_task
def requeue_pending_notifications():
    """Queue again what is still pending (e.g. the broker was down at commit time)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            Q(status=Notification.Status.PENDING, created_at__lt=now - REQUEUE_AFTER)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        ).values_list("pk", flat=True)[:1000]
    )
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(ids)


# Messages queued before the apps were split name the tasks by their old module
# (editorial.tasks); a worker running this code must still run them. Remove once no message
# queued by an older release can be waiting.
@shared_task(
    bind=True,
    name="editorial.tasks.deliver_notification",
    max_retries=MAX_ATTEMPTS,
    default_retry_delay=60,
)
def deliver_notification_by_old_name(self, notification_id):
    return deliver_notification.run.__func__(self, notification_id)


@shared_task(name="editorial.tasks.requeue_pending_notifications")
def requeue_pending_notifications_by_old_name():
    return requeue_pending_notifications()
