"""Actions on partners' keys and usage. One function per action, as in the content layer."""

import hashlib
import hmac
import logging
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ApiKey, ApiKeyUsage, Partner

logger = logging.getLogger(__name__)

KEY_PREFIX = "rha"


def _hash(raw_key):
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def api_key_create(*, partner, actor=None, label="", raw_key=None):
    """Issue a key for `partner`. Returns (ApiKey, raw key); the raw key is shown once, never stored.

    `raw_key` is for the demo content only, whose key is printed on every `make run`."""
    if raw_key is None:
        prefix = secrets.token_hex(4)
        raw_key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    else:
        prefix = raw_key.split("_", 2)[1]
    api_key = ApiKey.objects.create(
        partner=partner, label=label.strip()[:100], prefix=prefix, key_sha256=_hash(raw_key), created_by=actor
    )
    return api_key, raw_key


def api_key_revoke(*, api_key):
    """Stop a key from working, at once. Revoking twice changes nothing."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_key_find(raw_key):
    """The usable key matching `raw_key`, or None (unknown, malformed, revoked, or partner inactive)."""
    parts = raw_key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or len(parts[1]) > 16:
        return None
    api_key = ApiKey.objects.select_related("partner").filter(prefix=parts[1]).first()
    if api_key is None or not hmac.compare_digest(api_key.key_sha256, _hash(raw_key)):
        return None
    return api_key if api_key.is_usable else None


def api_key_record_usage(*, api_key, throttled=False):
    """Count one request of `api_key` today. Never fails the request it counts."""
    day = timezone.now().date()
    changes = {"requests": F("requests") + 1}
    if throttled:
        changes["throttled"] = F("throttled") + 1
    try:
        if not ApiKeyUsage.objects.filter(api_key=api_key, day=day).update(**changes):
            try:
                with transaction.atomic():
                    ApiKeyUsage.objects.create(api_key=api_key, day=day, requests=1, throttled=int(throttled))
            except IntegrityError:
                # Another request created today's row a moment ago.
                ApiKeyUsage.objects.filter(api_key=api_key, day=day).update(**changes)
    except Exception:  # noqa: BLE001 - counting must never turn a good answer into an error
        logger.warning("Could not count a request of API key %s.", api_key.prefix, exc_info=True)


def partner_by_name(name):
    return Partner.objects.filter(name=name).first()


def webhook_resend(*, ids):
    """Queue the selected deliveries again, delivered or failed (a partner lost an event).
    One already being sent is left alone. Returns how many were queued."""
    from .models import WebhookDelivery
    from .receivers import enqueue_callback

    with transaction.atomic():
        chosen = list(
            WebhookDelivery.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=WebhookDelivery.Status.SENDING)
            .values_list("pk", flat=True)
        )
        WebhookDelivery.objects.filter(pk__in=chosen).update(
            status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=None, claimed_at=None
        )
        for delivery_id in chosen:
            transaction.on_commit(enqueue_callback(delivery_id), robust=True)
    return len(chosen)
