from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet


class BoardMemberQuerySet(HistoryGuardedQuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class BoardMember(models.Model):
    """A member of the Medical Advisory Board, as readers see them credited."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="board_member",
        verbose_name="user account",
    )
    slug = models.SlugField(unique=True, help_text="Used in the address of the member's public profile page.")
    display_name = models.CharField(max_length=200, help_text='The name readers see, for example "Jane Doe".')
    credentials = models.CharField(
        max_length=100, help_text='Degrees and fellowships shown after the name, e.g. "MD, FACP".'
    )
    specialty = models.CharField(max_length=120, help_text="The member's clinical specialty.")
    bio = models.TextField(blank=True, help_text="A short public biography.")
    conflict_of_interest = models.TextField(
        "conflict-of-interest statement",
        help_text='Shown publicly on the member\'s profile. Write "None declared." if there is none.',
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive members keep their past reviews but cannot review new revisions.",
    )
    joined_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()
    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = "board member"

    def __str__(self):
        return f"{self.display_name}, {self.credentials}"

    def get_absolute_url(self):
        return reverse("board-member", kwargs={"slug": self.slug})


class EditorialPolicy(models.Model):
    """The public editorial policy page; chief editors keep it current."""

    title = models.CharField(max_length=200, default="Editorial policy")
    body = models.TextField(help_text="Markdown. Shown on the public editorial policy page.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        verbose_name = "editorial policy"
        verbose_name_plural = "editorial policy"

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        return cls.objects.order_by("-pk").first()


class Notification(models.Model):
    """One e-mail to one person, written in the same transaction as the action that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50, help_text="Which event caused it, e.g. revision_submitted.")
    # Stops the same event from notifying the same person twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="notification_status_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to_email} ({self.get_status_display()})"


class ChecklistItem(models.Model):
    """One point of the review checklist a board member confirms before approving."""

    key = models.SlugField(
        max_length=60, unique=True, help_text="A short fixed name stored with each decision, e.g. doses."
    )
    label = models.CharField(
        max_length=200,
        help_text='What the reviewer confirms, e.g. "Doses checked against the product labelling".',
    )
    guidance = models.TextField(
        blank=True, help_text="Optional help shown under the point on the review page."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Points are shown in this order.")
    is_active = models.BooleanField(
        "in use",
        default=True,
        help_text="Points no longer in use stay in past decisions but are not asked any more.",
    )

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "review checklist point"

    def __str__(self):
        return self.label

    @classmethod
    def keys_in_use(cls):
        """Every point a member must confirm to approve now."""
        return list(cls.objects.filter(is_active=True).values_list("key", flat=True))

    @classmethod
    def answers(cls, *, confirmed_keys):
        """The checklist as stored with a decision: every point in use, and whether it was confirmed."""
        confirmed = set(confirmed_keys or ())
        return {
            item.key: {"label": item.label, "confirmed": item.key in confirmed}
            for item in cls.objects.filter(is_active=True)
        }
