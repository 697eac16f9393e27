"""Webhook delivery: thin and idempotent, like the e-mail outbox (editorial.tasks)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import WebhookDelivery
from .webhooks import post_event

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=10)
REQUEUE_AFTER = timedelta(seconds=30)


def retry_delay(attempts):
    """Seconds before the next attempt: doubling from the base, capped at an hour."""
    base = settings.SYNDICATION_WEBHOOK_RETRY_BASE_SECONDS
    return min(base * 2 ** (attempts - 1), 3600)


@shared_task(bind=True, max_retries=None)
def deliver_webhook(self, delivery_id):
    """POST one pending delivery. Returns True if this call delivered it."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.PENDING)
        | Q(status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM),
        pk=delivery_id,
    ).update(status=WebhookDelivery.Status.SENDING, claimed_at=now)
    if not claimed:
        return False  # delivered already, given up on, or another worker has it
    delivery = WebhookDelivery.objects.select_related("partner", "entry").get(pk=delivery_id)
    attempt = post_event(delivery)
    attempts = delivery.attempts + 1
    if attempt.ok:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDelivery.Status.DELIVERED,
            attempts=attempts,
            last_status_code=attempt.status_code,
            last_error="",
            delivered_at=timezone.now(),
            claimed_at=None,
            next_attempt_at=None,
        )
        return True
    gave_up = attempts >= settings.SYNDICATION_WEBHOOK_MAX_ATTEMPTS
    delay = retry_delay(attempts)
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=WebhookDelivery.Status.FAILED if gave_up else WebhookDelivery.Status.PENDING,
        attempts=attempts,
        last_status_code=attempt.status_code,
        last_error=attempt.error or f"HTTP {attempt.status_code}",
        claimed_at=None,
        next_attempt_at=None if gave_up else timezone.now() + timedelta(seconds=delay),
    )
    logger.info("Webhook delivery %s failed (attempt %s): %s", delivery_id, attempts, attempt.error)
    if gave_up:
        return False
    raise self.retry(countdown=delay)


@shared_task
def requeue_due_webhooks():
    """Queue again what is due but not queued (the broker was down, a worker died)."""
    now = timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            Q(status=WebhookDelivery.Status.PENDING, created_at__lt=now - REQUEUE_AFTER)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now - REQUEUE_AFTER))
            | Q(status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        ).values_list("pk", flat=True)[:1000]
    )
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)
