import hashlib
import json

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet
from references.citations import extract_citation_keys

from .permissions import can_edit, can_review


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
    objects = HistoryGuardedQuerySet.as_manager()

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

    @property
    def audit_article_id(self):
        return self.pk

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
    objects = HistoryGuardedQuerySet.as_manager()

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
        return Revision.objects.filter(Q(disclaimer_patient=self) | Q(disclaimer_professional=self)).exists()

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


class RevisionQuerySet(HistoryGuardedQuerySet):
    # Bulk update() and delete() are refused by the guard: they would skip save(),
    # the freeze checks below and the history.
    def in_progress(self):
        return self.filter(state__in=Revision.IN_PROGRESS_STATES)


class Revision(ConcurrentTransitionMixin, models.Model):
    """One version of an article's text, in both audience wordings, moving through review."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    IN_PROGRESS_STATES = (State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW)
    # The reviewed text: editable only while the revision is a draft.
    FROZEN_FIELDS = (
        "article_id",
        "question",
        "body_patient",
        "body_professional",
        "change_summary",
        "author_id",
    )
    # The approval record: written once, by approval.
    APPROVAL_FIELDS = (
        "approved_at",
        "disclaimer_patient_id",
        "disclaimer_professional_id",
        "content_sha256",
    )

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(
        editable=False, help_text="1 for an article's first revision, then 2, 3, …"
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The revision this draft was copied from.",
    )
    question = models.CharField(
        max_length=300,
        help_text="The question as readers will see it as the page title; reviewed with the text.",
    )
    body_patient = models.TextField(
        "patient wording",
        blank=True,
        help_text="Markdown, in plain language. Cite references as [@key].",
    )
    body_professional = models.TextField(
        "healthcare professional wording",
        blank=True,
        help_text="Markdown, for clinicians. Cite references as [@key].",
    )
    change_summary = models.CharField(
        max_length=300,
        blank=True,
        help_text='One line for the public change log, e.g. "Updated dosing after the 2025 guideline".',
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_revisions"
    )
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    disclaimer_patient = models.ForeignKey(
        Disclaimer, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    disclaimer_professional = models.ForeignKey(
        Disclaimer, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    content_sha256 = models.CharField(
        "content SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of both wordings, pinned references and disclaimers at approval.",
    )

    history = HistoricalRecords()
    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        permissions = [
            ("review_revision", "Can review and decide on revisions"),
            ("assign_reviewers", "Can assign board members to review a revision"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_unique_number"),
            # One piece of work in progress per article: a draft, or one submission in review.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["draft", "submitted", "under_review"]),
                name="revision_one_in_progress_per_article",
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="revision_queue_idx")]

    def __str__(self):
        return f"{self.article.question} — revision {self.number}"

    # ------------------------------------------------------------------
    # What review depends on
    # ------------------------------------------------------------------
    def body_for(self, audience):
        return self.body_professional if audience == Audience.PROFESSIONAL else self.body_patient

    def cited_keys(self):
        """Citation keys in order of first citation, patient wording first."""
        keys = extract_citation_keys(self.body_patient) + extract_citation_keys(self.body_professional)
        return list(dict.fromkeys(keys))

    def citation_problems(self):
        """Sentences describing each citation that points nowhere or at a retracted source."""
        from references.models import Reference

        keys = self.cited_keys()
        found = {ref.citation_key: ref for ref in Reference.objects.filter(citation_key__in=keys)}
        problems = []
        for key in keys:
            ref = found.get(key)
            if ref is None:
                problems.append(f"The citation [@{key}] does not match any entry in the reference library.")
            elif ref.is_retracted:
                problems.append(f'The cited source "{ref.title}" ([@{key}]) has been retracted.')
        return problems

    def content_problems(self):
        """Sentences describing what stops this revision from being submitted."""
        problems = []
        if not self.question.strip():
            problems.append("The question is empty.")
        if not self.body_patient.strip():
            problems.append("The patient wording is empty.")
        if not self.body_professional.strip():
            problems.append("The healthcare professional wording is empty.")
        return problems

    def approvals(self):
        return self.decisions.filter(decision=ReviewDecision.Decision.APPROVE)

    def approval_count(self):
        return self.approvals().values("reviewer").distinct().count()

    def approval_problems(self):
        problems = list(self.citation_problems())
        for audience in Audience:
            if Disclaimer.active_for(audience) is None:
                problems.append(f"There is no {audience.label.lower()} disclaimer to pin.")
        return problems

    # Transition conditions: can_proceed() asks these, so pages show only possible actions.
    def _is_complete(self):
        return not self.content_problems()

    def _citations_resolve(self):
        return not self.approval_problems()

    def _quorum_reached(self):
        return self.approval_count() >= settings.REVIEW_APPROVAL_QUORUM

    # ------------------------------------------------------------------
    # The state machine
    # ------------------------------------------------------------------
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[_is_complete],
        permission=can_edit,
    )
    def submit(self):
        """draft → submitted."""
        self.submitted_at = timezone.now()

    @transition(field=state, source=State.SUBMITTED, target=State.UNDER_REVIEW, permission=can_review)
    def start_review(self):
        """submitted → under_review."""
        self.review_started_at = timezone.now()

    @transition(
        field=state,
        source=State.UNDER_REVIEW,
        target=State.APPROVED,
        conditions=[_citations_resolve, _quorum_reached],
        permission=can_review,
    )
    def approve(self):
        """under_review → approved: pins references and disclaimers and fingerprints the content."""
        now = timezone.now()
        self.approved_at = now
        self.decided_at = now
        self.disclaimer_patient = Disclaimer.active_for(Audience.PATIENT)
        self.disclaimer_professional = Disclaimer.active_for(Audience.PROFESSIONAL)

    @transition(field=state, source=State.UNDER_REVIEW, target=State.CHANGES_REQUESTED, permission=can_review)
    def request_changes(self):
        """under_review → changes_requested."""
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED],
        target=State.WITHDRAWN,
        permission=can_edit,
    )
    def withdraw(self):
        """draft or submitted → withdrawn."""

    # ------------------------------------------------------------------
    # Fingerprint of what the board approved
    # ------------------------------------------------------------------
    def compute_content_sha256(self):
        citations = sorted(
            (c.pinned_snapshot or c.reference.snapshot() for c in self.citations.select_related("reference")),
            key=lambda snap: snap["citation_key"],
        )
        payload = {
            "body_patient": self.body_patient,
            "body_professional": self.body_professional,
            "references": citations,
            "disclaimers": {
                Audience.PATIENT.value: self._disclaimer_payload(self.disclaimer_patient),
                Audience.PROFESSIONAL.value: self._disclaimer_payload(self.disclaimer_professional),
            },
        }
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @staticmethod
    def _disclaimer_payload(disclaimer):
        if disclaimer is None:
            return None
        return {"version": disclaimer.version, "text": disclaimer.text}

    def content_is_intact(self):
        """True when the approved content still matches the fingerprint taken at approval."""
        return bool(self.content_sha256) and self.compute_content_sha256() == self.content_sha256

    def disclaimer_for(self, audience):
        return self.disclaimer_professional if audience == Audience.PROFESSIONAL else self.disclaimer_patient

    # ------------------------------------------------------------------
    # Freezing
    # ------------------------------------------------------------------
    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self._refuse_frozen_changes()
        super().save(*args, **kwargs)

    def _refuse_frozen_changes(self):
        fields = self.FROZEN_FIELDS + self.APPROVAL_FIELDS
        stored = Revision.objects.filter(pk=self.pk).values("state", *fields).first()
        if stored is None:
            return
        if stored["state"] != self.State.DRAFT:
            changed = [f for f in self.FROZEN_FIELDS if stored[f] != getattr(self, f)]
            if changed:
                raise RevisionFrozen(
                    "This revision has been submitted, so its text can no longer change. "
                    "Start a new draft to make a correction."
                )
        if stored["state"] == self.State.APPROVED:
            changed = [f for f in self.APPROVAL_FIELDS if stored[f] != getattr(self, f)]
            if changed:
                raise RevisionFrozen("The approval record of an approved revision cannot be changed.")

    def delete(self, *args, **kwargs):
        raise RevisionFrozen("Revisions are never deleted; withdraw a draft instead.")


class ReviewDecision(models.Model):
    """One board member's decision on one revision."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="decisions")
    reviewer = models.ForeignKey("editorial.BoardMember", on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    checklist = models.JSONField(
        default=dict, blank=True, help_text="The review checklist as the member answered it."
    )
    conflict_of_interest = models.TextField(
        blank=True, help_text="Any conflict of interest the member declared for this review."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
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

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(
        "editorial.BoardMember", on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    is_active = models.BooleanField(default=True, help_text="Off once the member is reassigned.")
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
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
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follow-up question"

    def __str__(self):
        return self.question[:80]
