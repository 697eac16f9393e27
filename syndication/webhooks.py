"""Signed webhook events.

Each POST carries a small JSON event (no article text) and three headers:

    Webhook-Id:         evt_<change id>, the same on every retry: drop a repeat
    Webhook-Timestamp:  Unix seconds when this attempt was signed
    Webhook-Signature:  v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the partner's secret>

A receiver recomputes the signature over the raw body, compares in constant time, and refuses
a timestamp more than REPLAY_WINDOW_SECONDS from its own clock: a captured request cannot be
replayed later. Every retry is signed afresh with a new timestamp.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from .models import ChangeFeedEntry

REPLAY_WINDOW_SECONDS = 300
TIMEOUT_SECONDS = 5
USER_AGENT = "ReviewedHealthAnswers-Webhooks/1"


def event_payload(delivery):
    entry = delivery.entry
    article = {"slug": entry.slug, "revision": entry.revision_number, "url": None}
    if entry.kind != ChangeFeedEntry.Kind.UNPUBLISHED:
        path = reverse("syndication:api-article-detail", kwargs={"slug": entry.slug})
        article["url"] = settings.SITE_URL + path
    return {
        "id": delivery.event_id,
        "type": f"article.{entry.kind}",
        "occurred_at": entry.occurred_at,
        "change_id": entry.pk,
        "article": article,
    }


def sign(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, *, now=None):
    """What a receiver does; used by our tests and shown in the README."""
    now = time.time() if now is None else now
    try:
        fresh = abs(now - int(timestamp)) <= REPLAY_WINDOW_SECONDS
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


@dataclass
class Attempt:
    ok: bool
    status_code: int | None = None
    error: str = ""


def post_event(delivery):
    """POST the event once. Never raises: the outcome says what happened."""
    body = json.dumps(event_payload(delivery), cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        delivery.partner.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Webhook-Id": delivery.event_id,
            "Webhook-Timestamp": timestamp,
            "Webhook-Signature": sign(delivery.partner.webhook_secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - https only
            return Attempt(ok=200 <= response.status < 300, status_code=response.status)
    except urllib.error.HTTPError as exc:
        return Attempt(ok=False, status_code=exc.code, error=f"HTTP {exc.code} {exc.reason}")
    except Exception as exc:  # noqa: BLE001 - refused, timed out, TLS, DNS: all a failed attempt
        return Attempt(ok=False, error=f"{type(exc).__name__}: {exc}"[:2000])
