"""The question readers ask, the disclaimers, and readers' follow-up questions."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Audience(models.TextChoices):
    PATIENT = "patient", "Patient"
    PROFESSIONAL = "professional", "Healthcare professional"


class RevisionFrozen(ValidationError):
    """Raised when something tries to change text or records that review has frozen."""


class Article(models.Model):
    """A stable question readers can find; its text lives in revisions."""

    slug = models.SlugField(
        max_length=200, unique=True, help_text="The article's address: /articles/<slug>/."
    )
    question = models.CharField(
        max_length=300, help_text="The question the article answers; it is the page title."
    )
    specialty = models.CharField(
        max_length=120, help_text="The clinical specialty the home page groups it under."
    )
    about = models.CharField(
        max_length=200,
        blank=True,
        help_text='The condition the article is about, e.g. "Knee osteoarthritis" (for search engines).',
    )
    related_articles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        help_text="Shown to readers as related questions, when they are live.",
    )
    live_revision = models.OneToOneField(
        "Revision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="live_for",
        help_text="The approved revision readers see. Set only by approval.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    unpublished_at = models.DateTimeField(null=True, blank=True, editable=False)
    unpublished_reason = models.TextField(blank=True, editable=False)
    # The live text as a PostgreSQL full-text vector (GIN-indexed by a migration), written
    # when an article is published or unpublished; unused on SQLite.
    search_document = SearchVectorField(null=True, blank=True, editable=False)
    needs_rereview_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when the live revision's review is older than the re-review interval.",
    )

    # Derived from the live text; the history keeps the text itself.
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["question"]
        permissions = [
            ("unpublish_article", "Can unpublish an article"),
        ]
        indexes = [
            # The home page lists live articles by specialty, then question.
            models.Index(fields=["specialty", "question"], name="article_home_order_idx"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return self.live_revision_id is not None

    def next_revision_number(self):
        last = self.revisions.aggregate(models.Max("number"))["number__max"]
        return (last or 0) + 1


class Disclaimer(models.Model):
    """One version of the disclaimer shown to one audience."""

    audience = models.CharField(max_length=20, choices=Audience.choices)
    version = models.PositiveIntegerField(editable=False)
    text = models.TextField(help_text="Plain text shown at the foot of every article page.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["audience", "version"], name="disclaimer_unique_version")
        ]

    def __str__(self):
        return f"{self.get_audience_display()} disclaimer v{self.version}"

    @classmethod
    def active_for(cls, audience):
        """The newest version for the audience: the one approval pins."""
        return cls.objects.filter(audience=audience).order_by("-version").first()

    @property
    def is_pinned(self):
        revisions = Article._meta.get_field("revisions").related_model
        return revisions.objects.filter(Q(disclaimer_patient=self) | Q(disclaimer_professional=self)).exists()

    def save(self, *args, **kwargs):
        if self.pk is None:
            if self.version is None:
                last = Disclaimer.objects.filter(audience=self.audience).aggregate(models.Max("version"))[
                    "version__max"
                ]
                self.version = (last or 0) + 1
        else:
            stored = Disclaimer.objects.filter(pk=self.pk).values("text", "audience").first()
            changed = stored and (stored["text"] != self.text or stored["audience"] != self.audience)
            if changed and self.is_pinned:
                raise RevisionFrozen(
                    "This disclaimer is pinned to approved articles and cannot be changed. "
                    "Add a new version instead; it will be pinned at the next approval."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_pinned:
            raise RevisionFrozen("This disclaimer is pinned to approved articles and cannot be deleted.")
        return super().delete(*args, **kwargs)


class FollowUpQuestion(models.Model):
    """A reader's follow-up question, waiting in the editors' intake queue. Never public."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        PLANNED = "planned", "Turned into an article draft"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up_questions"
    )
    question = models.TextField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PATIENT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    # A salted hash of the client address, only to rate-limit; never the address itself.
    client_fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    planned_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follow-up question"

    def __str__(self):
        return self.question[:80]
