"""Delivery of the notification outbox: each e-mail handed to the mail server once, quickly.

- A worker claims a row with a conditional update (pending, or sending with an expired lease)
  and holds it with a short lease that a heartbeat thread renews while the message is being
  handed over. A worker that dies (kill -9, lost machine) stops renewing; the lease runs out
  after NOTIFICATION_LEASE_SECONDS and the sweep below queues the row again: the delay after
  a crash is about one lease plus one sweep period, well under two minutes.
- Every attempt carries the same Message-ID, derived from the row, so a message that the mail
  server accepted from a worker that died before it could record "sent" is recognisable as
  the same message if it is handed over again (see the README's guarantee).
- Tasks are acknowledged late and given back when their worker is lost; running one twice is
  harmless because only the holder of the claim sends.
- A message that keeps failing ends as failed after MAX_ATTEMPTS and is shown to the chief
  editors on their workspace page (editorial.selectors.notification_list_failed).
"""

import hashlib
import logging
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connections
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

# Leave fresh rows to the task queued at commit time.
REQUEUE_AFTER = timedelta(seconds=30)
MAX_ATTEMPTS = 8


def lease_duration():
    return timedelta(seconds=getattr(settings, "NOTIFICATION_LEASE_SECONDS", 30))


def message_id(notification):
    """The same Message-ID on every attempt to send this notification."""
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:20]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}-{digest}@{domain}>"


def _claim(notification_id):
    """Take the row if nobody holds it; returns the claim time (the lease's token) or None."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(status=Notification.Status.PENDING)
        | Q(status=Notification.Status.SENDING, claimed_at__lt=now - lease_duration()),
        pk=notification_id,
    ).update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return now if claimed else None


class LeaseKeeper(threading.Thread):
    """Renews the claim every third of the lease while the message is being handed over."""

    def __init__(self, notification_id, claimed_at):
        super().__init__(daemon=True, name=f"lease-{notification_id}")
        self.notification_id = notification_id
        self.claimed_at = claimed_at
        self.finished = threading.Event()
        self.lost = False

    def run(self):
        interval = lease_duration().total_seconds() / 3
        try:
            while not self.finished.wait(interval):
                renewed_at = timezone.now()
                renewed = Notification.objects.filter(
                    pk=self.notification_id, status=Notification.Status.SENDING, claimed_at=self.claimed_at
                ).update(claimed_at=renewed_at)
                if not renewed:
                    self.lost = True
                    logger.warning("Lost the claim on notification %s while sending.", self.notification_id)
                    return
                self.claimed_at = renewed_at
        except Exception:  # noqa: BLE001 - the lease then simply runs out; the sweep takes over
            logger.warning(
                "Could not renew the claim on notification %s.", self.notification_id, exc_info=True
            )
        finally:
            connections.close_all()

    def stop(self):
        self.finished.set()
        self.join()
        return self.claimed_at


def _build_message(notification):
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.to_email],
        headers={"Message-ID": message_id(notification)},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


@shared_task(
    bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=60, acks_late=True, reject_on_worker_lost=True
)
def deliver_notification(self, notification_id):
    """Send one pending notification. Returns True if this call sent it."""
    claimed_at = _claim(notification_id)
    if claimed_at is None:
        return False  # already sent, or another worker holds a live lease
    notification = Notification.objects.get(pk=notification_id)
    keeper = LeaseKeeper(notification_id, claimed_at)
    keeper.start()
    try:
        _build_message(notification).send()
    except Exception as exc:
        claimed_at = keeper.stop()
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(
            pk=notification_id, status=Notification.Status.SENDING, claimed_at=claimed_at
        ).update(
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
            last_error=str(exc)[:2000],
            claimed_at=None,
        )
        if failed:
            logger.error("Notification %s failed %s times.", notification_id, MAX_ATTEMPTS)
            return False
        raise self.retry(exc=exc) from exc
    claimed_at = keeper.stop()
    Notification.objects.filter(pk=notification_id, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


@shared_task
def requeue_pending_notifications():
    """Queue again what is still pending (the broker was down at commit time) or whose lease
    ran out (its worker died mid-send)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            Q(status=Notification.Status.PENDING, created_at__lt=now - REQUEUE_AFTER)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - lease_duration())
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
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
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_notification_by_old_name(self, notification_id):
    return deliver_notification.run.__func__(self, notification_id)


@shared_task(name="editorial.tasks.requeue_pending_notifications")
def requeue_pending_notifications_by_old_name():
    return requeue_pending_notifications()
