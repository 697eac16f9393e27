"""Writing notifications into the outbox, in the caller's transaction.

Each e-mail has its subject, text and HTML templates side by side in
templates/notifications/email/. The delivery task is queued only once the
transaction commits; if the broker is down then, the re-queue beat job
delivers it later (see editorial.tasks).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from editorial.cache import CircuitBreaker

from .models import Notification

logger = logging.getLogger(__name__)


def notification_queue(*, kind, recipients, context, event_key):
    """Write one pending notification per recipient with an e-mail address.

    `event_key` names the event (e.g. "revision-12-submitted"); with the recipient
    it forms a unique key, so the same event never mails the same person twice.
    """
    created = []
    seen = set()
    for user in recipients:
        if not user.email or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notification = _write(kind, user, user.email, context, dedupe_key=f"{event_key}:user-{user.pk}")
        if notification is not None:
            created.append(notification)
    return created


def notification_queue_to_address(*, kind, email, context, event_key):
    """Write one pending notification to someone without an account (a guest specialist).

    The context names them as `recipient_name`; returns the notification, or None if this
    event already mailed this address.
    """
    return _write(kind, None, email, context, dedupe_key=f"{event_key}:address")


def _write(kind, user, email, context, *, dedupe_key):
    full_context = {**context, "recipient": user, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"notifications/email/{kind}_subject.txt", full_context).split())
    notification, was_created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "recipient": user,
            "to_email": email,
            "subject": subject,
            "body_text": render_to_string(f"notifications/email/{kind}.txt", full_context),
            # The subject doubles as the HTML document's <title>.
            "body_html": render_to_string(
                f"notifications/email/{kind}.html", {**full_context, "subject": subject}
            ),
        },
    )
    if not was_created:
        return None
    transaction.on_commit(_enqueue_callback(notification.pk), robust=True)
    return notification


# After the broker failed, skip it for a few seconds: the rows stay pending and the sweep
# queues them, and an action that mails ten people does not wait on ten dead connections.
_broker_breaker = CircuitBreaker(cooldown=10.0)


def _enqueue_callback(notification_id):
    def enqueue():
        from .tasks import deliver_notification

        if _broker_breaker.is_open:
            logger.info("Broker unavailable; notification %s stays pending for the sweep.", notification_id)
            return
        try:
            deliver_notification.delay(notification_id)
        except Exception:  # noqa: BLE001 - any broker failure; the row stays pending
            _broker_breaker.record_failure()
            logger.warning(
                "Could not queue notification %s; it stays pending and will be re-queued.",
                notification_id,
                exc_info=True,
            )
        else:
            _broker_breaker.record_success()

    return enqueue


def notification_retry_failed(*, ids):
    """Put failed notifications back in the queue (after, say, the mail server was fixed).
    Sent ones are left alone, so nobody is mailed twice. Returns how many were re-queued."""
    with transaction.atomic():
        failed = list(
            Notification.objects.select_for_update()
            .filter(pk__in=ids, status=Notification.Status.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=failed).update(
            status=Notification.Status.PENDING, attempts=0, claimed_at=None
        )
        for notification_id in failed:
            transaction.on_commit(_enqueue_callback(notification_id), robust=True)
    return len(failed)


def notification_list_failed(limit=20):
    """E-mails given up on after every attempt, newest first, for the chief editors' alert."""
    return list(
        Notification.objects.filter(status=Notification.Status.FAILED)
        .only("pk", "subject", "to_email", "attempts", "last_error", "created_at")
        .order_by("-created_at")[:limit]
    )
