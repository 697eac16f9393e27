from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet

from .revision import Revision


class PublicationScheduleQuerySet(HistoryGuardedQuerySet):
    def pending(self):
        return self.filter(cancelled_at__isnull=True, published_at__isnull=True)

    def due(self, now):
        return self.pending().filter(publish_at__lte=now)


class PublicationSchedule(models.Model):
    """An approved revision that goes live at a set time instead of at approval."""

    revision = models.OneToOneField(
        Revision, on_delete=models.PROTECT, related_name="publication_schedule", editable=False
    )
    publish_at = models.DateTimeField(
        "publish at", db_index=True, help_text="When the approved revision goes live for readers."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The board member whose approval reached the quorum.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the site cancelled it (a newer revision went live first).",
    )
    cancel_reason = models.TextField("reason for cancelling", blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the scheduled publication ran and the revision went live."
    )

    history = HistoricalRecords()
    objects = PublicationScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["publish_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(published_at__isnull=True),
                name="schedule_not_both_cancelled_and_published",
            )
        ]

    def __str__(self):
        return f"{self.revision} — live at {self.publish_at:%Y-%m-%d %H:%M}"

    @property
    def audit_article_id(self):
        return self.revision.article_id

    @property
    def is_pending(self):
        return self.cancelled_at is None and self.published_at is None
