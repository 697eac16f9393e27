from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from audit.guards import HistoryGuardedQuerySet
from references.citations import extract_citation_keys
from roles.policy import transition_permission

from .article import Article, Audience, Disclaimer, RevisionFrozen


class RevisionQuerySet(HistoryGuardedQuerySet):
    # Bulk update() and delete() are refused by the guard: they would skip save(),
    # the freeze checks below and the history.
    def in_progress(self):
        return self.filter(state__in=Revision.IN_PROGRESS_STATES)

    def published(self):
        """Approved revisions that went live: not one waiting for (or cancelled before) its
        scheduled time, which readers must not learn anything about."""
        return self.filter(went_live_q())


def went_live_q(prefix=""):
    """Approved and made live at some point; `prefix` reaches a revision through a relation
    ("revision__")."""
    return Q(**{f"{prefix}state": "approved"}) & (
        Q(**{f"{prefix}publication_schedule__isnull": True})
        | Q(**{f"{prefix}publication_schedule__published_at__isnull": False})
    )


def went_live_at(prefix=""):
    """When a revision that went live did so: its scheduled publication's time, else its
    approval (which made it live at once). `prefix` reaches a revision through a relation."""
    return Coalesce(F(f"{prefix}publication_schedule__published_at"), F(f"{prefix}approved_at"))


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
        "fingerprint_version",
        "approval_record",
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
        help_text="SHA-256 of the canonical document of what readers are shown (articles.fingerprint).",
    )
    fingerprint_version = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The format of the fingerprinted document: 1 before the question was covered, 2 since.",
    )
    approval_record = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The quorum in force at approval and the approving decisions (id, board member).",
    )

    history = HistoricalRecords()

    @property
    def edit_version(self):
        """A token that changes with every save: the editing form sends it back to catch overwrites."""
        return self.updated_at.isoformat() if self.updated_at else ""

    objects = RevisionQuerySet.as_manager()

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """Reload from the database without django-fsm's switch of the field's class-wide
        `protected` flag, which races between threads ("Direct state modification is not
        allowed" under a threaded server). The protected state is dropped from this instance
        only, so the reload may set it, exactly as loading a fresh row does."""
        names = {"state"} if fields is None or "state" in fields else set()
        kept = {name: self.__dict__.pop(name) for name in names if name in self.__dict__}
        try:
            models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
        except Exception:
            for name, value in kept.items():
                self.__dict__.setdefault(name, value)
            raise
        self._update_initial_state()

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
        return self.decisions.filter(decision="approve")

    def approval_count(self):
        return self.approvals().values("reviewer").distinct().count()

    def figure_problems(self):
        """Sentences describing each figure placement that readers could not be shown."""
        from articles.figures import figure_problems

        return figure_problems(self)

    def approval_problems(self):
        problems = list(self.citation_problems()) + self.figure_problems()
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
        permission=transition_permission("submit"),
    )
    def submit(self):
        """draft → submitted."""
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.UNDER_REVIEW,
        permission=transition_permission("start_review"),
    )
    def start_review(self):
        """submitted → under_review."""
        self.review_started_at = timezone.now()

    @transition(
        field=state,
        source=State.UNDER_REVIEW,
        target=State.APPROVED,
        conditions=[_citations_resolve, _quorum_reached],
        permission=transition_permission("approve"),
    )
    def approve(self):
        """under_review → approved: pins references and disclaimers and fingerprints the content."""
        now = timezone.now()
        self.approved_at = now
        self.decided_at = now
        self.disclaimer_patient = Disclaimer.active_for(Audience.PATIENT)
        self.disclaimer_professional = Disclaimer.active_for(Audience.PROFESSIONAL)

    @transition(
        field=state,
        source=State.UNDER_REVIEW,
        target=State.CHANGES_REQUESTED,
        permission=transition_permission("request_changes"),
    )
    def request_changes(self):
        """under_review → changes_requested."""
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED],
        target=State.WITHDRAWN,
        permission=transition_permission("withdraw"),
    )
    def withdraw(self):
        """draft or submitted → withdrawn."""

    # ------------------------------------------------------------------
    # Fingerprint of what the board approved
    # ------------------------------------------------------------------
    def content_is_intact(self):
        """True when the approved content still matches the fingerprint taken at approval."""
        from articles import fingerprint

        return fingerprint.matches(self)

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
