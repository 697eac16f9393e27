"""Figures: images an article's wordings place by key, and the copies approval pins."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet

from .article import Article, RevisionFrozen
from .revision import Revision

# The formats figures are stored in (the upload's own format, re-encoded), with their types.
FORMATS = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


def figure_storage_name(sha256, image_format):
    """Where a figure's bytes are kept: named by their SHA-256, so identical bytes are kept once
    and a stored name can never come to hold other bytes."""
    return f"figures/{sha256}.{image_format}"


class Figure(models.Model):
    """An image uploaded for an article, placed in a wording as ![@key]."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="figures")
    key = models.SlugField(
        max_length=60,
        help_text="Places the figure in a wording: write ![@key] on a line of its own.",
    )
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        db_index=True,
        editable=False,
        help_text="SHA-256 of the stored (re-encoded) image bytes; also its file name.",
    )
    image_format = models.CharField(max_length=8, choices=[(f, f.upper()) for f in FORMATS], editable=False)
    width = models.PositiveIntegerField(editable=False, help_text="In pixels.")
    height = models.PositiveIntegerField(editable=False, help_text="In pixels.")
    byte_size = models.PositiveIntegerField(editable=False, help_text="Size of the stored image in bytes.")
    alt = models.CharField(
        "alt text",
        max_length=400,
        help_text="What the image shows, for readers who cannot see it. Required.",
    )
    caption = models.CharField(max_length=600, blank=True, help_text="Shown under the image.")
    credit = models.CharField(
        max_length=200, blank=True, help_text='Who made the image, e.g. "Image: Jane Doe, CC BY 4.0".'
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["article", "key"]
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="figure_unique_key")]

    def __str__(self):
        return f"Figure {self.key} of {self.article.slug}"

    @property
    def storage_name(self):
        return figure_storage_name(self.sha256, self.image_format)

    @property
    def content_type(self):
        return FORMATS[self.image_format]

    @property
    def audit_article_id(self):
        return self.article_id

    def is_pinned(self):
        """True once a revision placing it was approved: it can then never change."""
        return self.pk is not None and PinnedFigure.objects.filter(figure_id=self.pk).exists()

    # Invariant 2 for figures: the approved image, alt text, caption and credit stay as approved.
    def save(self, *args, **kwargs):
        if self.is_pinned():
            raise RevisionFrozen("This figure is part of an approved revision, so it can never change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_pinned():
            raise RevisionFrozen("This figure is part of an approved revision, so it can never be deleted.")
        return super().delete(*args, **kwargs)


class PinnedFigure(models.Model):
    """One figure as an approved revision shows it, copied at approval."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="pinned_figures")
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="pins")
    key = models.SlugField(max_length=60)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    image_format = models.CharField(max_length=8)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt = models.CharField("alt text", max_length=400)
    caption = models.CharField(max_length=600, blank=True)
    credit = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "key"]
        verbose_name = "pinned figure"
        constraints = [models.UniqueConstraint(fields=["revision", "key"], name="pinned_figure_unique_key")]

    def __str__(self):
        return f"Figure {self.key} of {self.revision}"

    @property
    def audit_article_id(self):
        return self.revision.article_id

    @property
    def storage_name(self):
        return figure_storage_name(self.sha256, self.image_format)

    def fingerprint_entry(self):
        return {
            "key": self.key,
            "sha256": self.sha256,
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
        }

    # Written while the revision is still under review in the database (as citations are
    # pinned), and frozen with it from then on.
    def _revision_is_approved(self):
        return Revision.objects.filter(pk=self.revision_id, state=Revision.State.APPROVED).exists()

    def save(self, *args, **kwargs):
        if self._revision_is_approved():
            raise RevisionFrozen("The figures of an approved revision are frozen with it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._revision_is_approved():
            raise RevisionFrozen("The figures of an approved revision are frozen with it.")
        return super().delete(*args, **kwargs)
