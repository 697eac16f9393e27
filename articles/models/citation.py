"""What a revision cites from the reference library, and live articles citing a retracted source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .article import Article, RevisionFrozen
from .revision import Revision


class Citation(models.Model):
    """One reference cited by one revision, with its data as pinned at approval."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey("references.Reference", on_delete=models.PROTECT, related_name="citations")
    pinned_snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The reference exactly as it was when the revision was approved.",
    )
    pinned_history_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The reference's history row at approval, for audits.",
    )

    history = HistoricalRecords(table_name="references_historicalcitation")

    class Meta:
        db_table = "references_citation"  # kept from before the model moved here
        constraints = [
            models.UniqueConstraint(fields=["revision", "reference"], name="citation_unique_per_revision")
        ]

    def __str__(self):
        return f"{self.revision} cites {self.reference.citation_key}"

    # Invariant 2: what an approved revision cites, and how, is frozen with it.
    # Pinning happens while the revision is still under review in the database.
    def _revision_is_approved(self):
        return Revision.objects.filter(pk=self.revision_id, state=Revision.State.APPROVED).exists()

    def save(self, *args, **kwargs):
        if self._revision_is_approved():
            raise RevisionFrozen("The references of an approved revision are frozen with it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._revision_is_approved():
            raise RevisionFrozen("The references of an approved revision are frozen with it.")
        return super().delete(*args, **kwargs)


class RetractionAlert(models.Model):
    """A live article that cites a retracted source, waiting for the chief editor to act."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reference = models.ForeignKey(
        "references.Reference", on_delete=models.PROTECT, related_name="retraction_alerts"
    )
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="retraction_alerts")
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The live revision that cited the source when it was marked retracted.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(
        blank=True, help_text='What the board decided, e.g. "Revision 4 replaces the source."'
    )

    history = HistoricalRecords(table_name="references_historicalretractionalert")

    class Meta:
        db_table = "references_retractionalert"  # kept from before the model moved here
        ordering = ["-created_at"]
        verbose_name = "retraction alert"
        constraints = [
            # Marking a source retracted twice never flags an article twice.
            models.UniqueConstraint(
                fields=["reference", "article"],
                condition=Q(status="open"),
                name="retraction_alert_one_open_per_article",
            )
        ]

    def __str__(self):
        return f"{self.article} cites the retracted source {self.reference.citation_key}"
