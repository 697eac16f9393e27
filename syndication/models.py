"""Partners of the syndication API, their keys and usage, the change feed and webhook deliveries."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet


def _new_webhook_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def validate_https_url(value):
    URLValidator(schemes=["https"])(value)


def validate_origins(value):
    """One origin per line, each a scheme and host (and port) without a path: what browsers send."""
    for line in value.splitlines():
        origin = line.strip()
        if not origin:
            continue
        URLValidator(
            schemes=["https", "http"], message=f'"{origin}" is not an origin such as https://example.org.'
        )(origin)
        if origin.count("/") != 2:
            raise ValidationError(
                f'"{origin}" has a path; an origin is only a scheme and host, e.g. https://example.org.'
            )


class Partner(models.Model):
    """A registered organisation that shows our reviewed answers on its own pages."""

    name = models.CharField(
        max_length=200, unique=True, help_text="The organisation, e.g. a hospital or an app."
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True, help_text="Whom to tell about changes to the API.")
    allowed_origins = models.TextField(
        "allowed CORS origins",
        blank=True,
        validators=[validate_origins],
        help_text="Web origins allowed to call the API from a browser, one per line, e.g. https://clinic.example.",
    )
    webhook_url = models.URLField(
        blank=True,
        max_length=500,
        validators=[validate_https_url],
        help_text="HTTPS address we POST a signed event to on every publication, update and unpublication.",
    )
    webhook_secret = models.CharField(
        max_length=100,
        default=_new_webhook_secret,
        help_text="Shared secret for the webhook signature (HMAC-SHA256). Give it to the partner once.",
    )
    requests_per_minute = models.PositiveIntegerField(
        default=120, help_text="Requests each of the partner's keys may make per minute before 429."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="An inactive partner's keys stop working and get no webhooks."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["webhook_secret"])
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def origin_list(self):
        return [line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()]


class ApiKey(models.Model):
    """One key a partner sends as `Authorization: Bearer <key>`; only its hash is stored."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="api_keys")
    label = models.CharField(
        max_length=100, blank=True, help_text='What the key is for, e.g. "production site".'
    )
    # The public part of the key, so a request finds its row without scanning hashes.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_sha256 = models.CharField("key SHA-256", max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.partner.name}: {self.prefix}…" + (" (revoked)" if self.revoked_at else "")

    @property
    def is_usable(self):
        return self.revoked_at is None and self.partner.is_active


class ApiKeyUsage(models.Model):
    """How many requests one key made on one day (UTC)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(
        default=0, help_text="Requests refused with 429 (included above)."
    )

    class Meta:
        ordering = ["-day"]
        verbose_name = "API usage per day"
        verbose_name_plural = "API usage per day"
        constraints = [models.UniqueConstraint(fields=["api_key", "day"], name="apikeyusage_one_row_per_day")]

    def __str__(self):
        return f"{self.api_key.prefix} on {self.day}: {self.requests}"


class ChangeFeedEntry(models.Model):
    """One publication, update or unpublication, in the order they were committed."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated"
        UNPUBLISHED = "unpublished", "Unpublished"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="+")
    # Copied so a feed entry reads without joining the article; no text of the article.
    slug = models.CharField(max_length=200)
    revision_number = models.PositiveIntegerField(null=True, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = "change feed entry"
        verbose_name_plural = "change feed"

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.slug}"


class WebhookDelivery(models.Model):
    """One change to be POSTed to one partner's webhook: written with the change (outbox)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhook_deliveries")
    entry = models.ForeignKey(ChangeFeedEntry, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            # Each change reaches each partner once.
            models.UniqueConstraint(fields=["partner", "entry"], name="webhookdelivery_once_per_partner")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self):
        return f"{self.entry} → {self.partner.name} ({self.get_status_display()})"

    @property
    def event_id(self):
        """Stable across retries, so a receiver can drop a repeat."""
        return f"evt_{self.entry_id}"
