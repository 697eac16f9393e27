from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import RevisionFrozen
from audit.guards import HistoryGuardedQuerySet

from .guest_models import GuestInvitation, GuestRecommendation

__all__ = ["BoardMember", "ChecklistItem", "EditorialPolicy", "GuestInvitation", "GuestRecommendation",
           "ReviewAssignment", "ReviewDecision"]  # fmt: skip


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

    history = HistoricalRecords(table_name="editorial_historicalboardmember")
    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        db_table = "editorial_boardmember"  # kept from before the app moved
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

    history = HistoricalRecords(table_name="editorial_historicaleditorialpolicy")
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        db_table = "editorial_editorialpolicy"  # kept from before the app moved
        verbose_name = "editorial policy"
        verbose_name_plural = "editorial policy"

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        return cls.objects.order_by("-pk").first()


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

    history = HistoricalRecords(table_name="editorial_historicalchecklistitem")
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        db_table = "editorial_checklistitem"  # kept from before the app moved
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


class ReviewDecision(models.Model):
    """One board member's decision on one revision."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    revision = models.ForeignKey("articles.Revision", on_delete=models.PROTECT, related_name="decisions")
    reviewer = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    checklist = models.JSONField(
        default=dict, blank=True, help_text="The review checklist as the member answered it."
    )
    conflict_of_interest = models.TextField(
        blank=True, help_text="Any conflict of interest the member declared for this review."
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        editable=False,
        help_text="The time the member asked the approved revision to go live, if not at once.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(table_name="articles_historicalreviewdecision")
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        db_table = "articles_reviewdecision"  # kept from before the app moved
        ordering = ["created_at"]
        constraints = [
            # A member decides once per revision, so a quorum counts distinct people.
            models.UniqueConstraint(fields=["revision", "reviewer"], name="decision_one_per_member")
        ]

    def __str__(self):
        return f"{self.reviewer.display_name}: {self.get_decision_display()} on {self.revision}"

    @property
    def audit_article_id(self):
        return self.revision.article_id

    def save(self, *args, **kwargs):
        if self.pk is not None and ReviewDecision.objects.filter(pk=self.pk).exists():
            raise RevisionFrozen("A recorded review decision cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RevisionFrozen("A recorded review decision cannot be deleted.")


class ReviewAssignment(models.Model):
    """A board member asked by the chief editor to review one revision by a date."""

    revision = models.ForeignKey("articles.Revision", on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    is_active = models.BooleanField(default=True, help_text="Off once the member is reassigned.")
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(table_name="articles_historicalreviewassignment")
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        db_table = "articles_reviewassignment"  # kept from before the app moved
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "reviewer"],
                condition=Q(is_active=True),
                name="assignment_one_active_per_member",
            )
        ]

    def __str__(self):
        return f"{self.reviewer.display_name} reviews {self.revision} by {self.due_at:%Y-%m-%d}"

    @property
    def audit_article_id(self):
        return self.revision.article_id
