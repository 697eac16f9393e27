"""Guest specialists: an outside expert invited to review one revision through a signed link."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import RevisionFrozen
from audit.guards import HistoryGuardedQuerySet
from roles.guests import link_state


class GuestInvitation(models.Model):
    """An outside specialist asked to review one revision, through a link that expires."""

    revision = models.ForeignKey(
        "articles.Revision", on_delete=models.PROTECT, related_name="guest_invitations"
    )
    name = models.CharField(max_length=200, help_text='The specialist\'s name, e.g. "Dr Ana Ruiz".')
    credentials = models.CharField(
        max_length=100, help_text='Degrees and posts shown after the name, e.g. "MD, PhD, hepatologist".'
    )
    email = models.EmailField("e-mail address", help_text="Where the review link is sent.")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(help_text="The link stops working at this moment.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set when a chief editor revoked it.")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "guest specialist invitation"

    def __str__(self):
        return f"{self.name}, {self.credentials} (revision {self.revision.number})"

    @property
    def audit_article_id(self):
        return self.revision.article_id

    @property
    def status(self):
        """'active', 'expired' or 'revoked', as of now."""
        return link_state(self)

    # Once made, only its revocation may be recorded: who was invited, to what, until when, stays.
    FIXED_FIELDS = (
        "revision_id",
        "name",
        "credentials",
        "email",
        "invited_by_id",
        "created_at",
        "expires_at",
    )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                GuestInvitation.objects.filter(pk=self.pk).values(*self.FIXED_FIELDS, "revoked_at").first()
            )
            if stored is not None:
                if any(stored[name] != getattr(self, name) for name in self.FIXED_FIELDS):
                    raise RevisionFrozen("An invitation cannot be changed; revoke it and invite again.")
                if stored["revoked_at"] is not None and self.revoked_at != stored["revoked_at"]:
                    raise RevisionFrozen("A revoked invitation stays revoked.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RevisionFrozen("An invitation is kept on record; revoke it instead.")


class GuestRecommendation(models.Model):
    """A guest specialist's recommendation on the revision they were invited to review."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    invitation = models.OneToOneField(
        GuestInvitation, on_delete=models.PROTECT, related_name="recommendation"
    )
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    comment = models.TextField(blank=True, help_text="Required when requesting changes.")
    conflict_of_interest = models.TextField(
        "conflict-of-interest declaration",
        help_text='What the specialist declared for this review ("None declared." if nothing).',
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = "guest specialist recommendation"

    def __str__(self):
        return f"{self.invitation.name}: {self.get_recommendation_display()}"

    @property
    def audit_article_id(self):
        return self.invitation.revision.article_id

    def save(self, *args, **kwargs):
        # Like a board decision: recorded once, never edited (it never counts towards the quorum).
        if self.pk is not None and GuestRecommendation.objects.filter(pk=self.pk).exists():
            raise RevisionFrozen("A recorded guest recommendation cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RevisionFrozen("A recorded guest recommendation cannot be deleted.")
