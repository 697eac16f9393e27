"""Reads for the editors' and the board's workspaces: queues, visibility and timelines.

Who may see which revision is decided here, in one place, so no workspace page
shows an editor's draft to anyone but its author and the chief editors.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from articles.models import Article, Revision
from roles.groups import board_member_for, is_chief_editor, is_editor

from .models import BoardMember, ChecklistItem, ReviewAssignment, ReviewDecision

OPEN_STATES = (Revision.State.SUBMITTED, Revision.State.UNDER_REVIEW)


# ----------------------------------------------------------------------
# Visibility
# ----------------------------------------------------------------------
def revision_visible_to(*, revision, user):
    """True if `user` may open `revision` in a workspace.

    Authors and chief editors see everything; board members see whatever has
    been submitted; other editors see only what is approved (public anyway).
    """
    if not user.is_authenticated:
        return False
    if revision.author_id == user.pk or is_chief_editor(user):
        return True
    if revision.state == Revision.State.APPROVED:
        return is_editor(user) or board_member_for(user) is not None
    if board_member_for(user) is not None:
        return revision.state != Revision.State.DRAFT and revision.submitted_at is not None
    return False


def article_visible_to(*, article, user):
    """True if `user` may open the article's workspace pages (overview, timeline)."""
    if is_chief_editor(user) or board_member_for(user) is not None:
        return True
    if is_editor(user):
        return article.created_by_id == user.pk or article.revisions.filter(author=user).exists()
    return False


# ----------------------------------------------------------------------
# Editors
# ----------------------------------------------------------------------
@dataclass
class ArticleRow:
    article: Article
    latest: Revision
    live: Revision | None


def article_list_for_editor(*, user):
    """The editor's articles (every article, for a chief editor), newest work first."""
    articles = Article.objects.select_related("live_revision").order_by("question")
    if not is_chief_editor(user):
        articles = articles.filter(Q(created_by=user) | Q(revisions__author=user)).distinct()
    rows = []
    for article in articles:
        latest = article.revisions.select_related("author").order_by("-number").first()
        rows.append(ArticleRow(article=article, latest=latest, live=article.live_revision))
    rows.sort(key=lambda row: row.latest.updated_at if row.latest else row.article.created_at, reverse=True)
    return rows


def article_list_live_for_update():
    """Live articles an editor may start an update of."""
    return Article.objects.filter(live_revision__isnull=False).select_related("live_revision")


def revision_comparison_base(*, revision):
    """What a submission is compared with: the live revision, else the revision it was based on."""
    live = revision.article.live_revision
    if live is not None and live.pk != revision.pk:
        return live
    if revision.based_on_id:
        return revision.based_on
    return None


def revision_decisions(*, revision):
    return revision.decisions.select_related("reviewer").order_by("created_at")


def revision_change_requests_before(*, revision):
    """Change requests on the earlier revisions of the same article, newest first."""
    return (
        ReviewDecision.objects.filter(
            revision__article=revision.article,
            revision__number__lt=revision.number,
            decision=ReviewDecision.Decision.REQUEST_CHANGES,
        )
        .select_related("reviewer", "revision")
        .order_by("-created_at")
    )


# ----------------------------------------------------------------------
# The board's queue
# ----------------------------------------------------------------------
def _started_by():
    """Subquery: who took the revision into review, from its history."""
    return Subquery(
        Revision.history.filter(id=OuterRef("pk"), state=Revision.State.UNDER_REVIEW)
        .order_by("history_id")
        .values("history_user_id")[:1]
    )


def _open_revisions():
    return (
        Revision.objects.filter(state__in=OPEN_STATES)
        .select_related("article", "author")
        .annotate(started_by_id=_started_by())
        .order_by("submitted_at")
    )


@dataclass
class QueueRow:
    revision: Revision
    assignment: ReviewAssignment | None = None
    approvals: int = 0
    # The board member who took it into review ("" while it is only submitted).
    reviewer_name: str = ""

    @property
    def due_at(self):
        return self.assignment.due_at if self.assignment else None

    @property
    def is_overdue(self):
        return self.due_at is not None and self.due_at < timezone.now()

    @property
    def age(self):
        return timezone.now() - self.revision.submitted_at if self.revision.submitted_at else None


@dataclass
class ReviewQueue:
    submitted: list = field(default_factory=list)
    under_review_by_me: list = field(default_factory=list)
    waiting_for_my_decision: list = field(default_factory=list)
    in_review_by_colleagues: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    quorum: int = 1

    @property
    def is_empty(self):
        return not (
            self.submitted
            or self.under_review_by_me
            or self.waiting_for_my_decision
            or self.in_review_by_colleagues
            or self.overdue
        )


def review_queue_for(*, user, now=None):
    """What awaits a board member, in four lists (the chief editor's overdue list covers everyone).

    - submitted: not yet taken into review;
    - under review by me: I took it into review and have not decided yet;
    - waiting for my decision: assigned to me, in review by someone else, no decision of mine yet;
    - in review by colleagues: taken into review by another member, not assigned to me
      (with a quorum above one my approval may still count, but nobody waits on me);
    - overdue: assignments past their due date with no decision.
    """
    now = now or timezone.now()
    member = board_member_for(user)
    queue = ReviewQueue(quorum=settings.REVIEW_APPROVAL_QUORUM)
    if member is None:
        return queue
    mine = ReviewDecision.objects.filter(revision=OuterRef("pk"), reviewer=member)
    revisions = (
        _open_revisions()
        .exclude(author=user)
        .annotate(decided_by_me=Exists(mine))
        .prefetch_related("decisions")
    )
    my_assignments = {
        a.revision_id: a
        for a in ReviewAssignment.objects.filter(
            reviewer=member, is_active=True, revision__state__in=OPEN_STATES
        )
    }
    revisions = list(revisions)
    names = dict(
        BoardMember.objects.filter(user_id__in={r.started_by_id for r in revisions}).values_list(
            "user_id", "display_name"
        )
    )
    for revision in revisions:
        row = QueueRow(
            revision=revision,
            assignment=my_assignments.get(revision.pk),
            approvals=sum(
                1 for d in revision.decisions.all() if d.decision == ReviewDecision.Decision.APPROVE
            ),
            reviewer_name=names.get(revision.started_by_id, ""),
        )
        if revision.state == Revision.State.SUBMITTED:
            queue.submitted.append(row)
        elif revision.decided_by_me:
            continue
        elif revision.started_by_id == user.pk:
            queue.under_review_by_me.append(row)
        elif row.assignment is not None:
            queue.waiting_for_my_decision.append(row)
        else:
            queue.in_review_by_colleagues.append(row)
    overdue = ReviewAssignment.objects.filter(
        is_active=True, due_at__lt=now, revision__state__in=OPEN_STATES
    ).exclude(
        Exists(
            ReviewDecision.objects.filter(
                revision_id=OuterRef("revision_id"), reviewer_id=OuterRef("reviewer_id")
            )
        )
    )
    if not is_chief_editor(user):
        overdue = overdue.filter(reviewer=member)
    queue.overdue = [
        QueueRow(revision=a.revision, assignment=a)
        for a in overdue.select_related("revision__article", "revision__author", "reviewer").order_by(
            "due_at"
        )
    ]
    return queue


def article_list_due_for_rereview():
    """Live articles flagged because their last review is older than the re-review interval."""
    return (
        Article.objects.filter(needs_rereview_since__isnull=False, live_revision__isnull=False)
        .select_related("live_revision")
        .order_by("needs_rereview_since")
    )


def revision_list_unassigned():
    """Submissions in the board's hands with nobody assigned: the chief editor's to-do."""
    active = ReviewAssignment.objects.filter(revision=OuterRef("pk"), is_active=True)
    return _open_revisions().exclude(Exists(active))


def revision_assignments(*, revision):
    return revision.assignments.filter(is_active=True).select_related("reviewer", "assigned_by")


def checklist_items():
    return ChecklistItem.objects.filter(is_active=True)


@dataclass
class QuorumProgress:
    required: int
    approved_by: list

    @property
    def count(self):
        return len(self.approved_by)

    @property
    def is_reached(self):
        return self.count >= self.required


def revision_quorum(*, revision):
    """Who has approved so far, of how many approvals are needed."""
    approvals = revision.decisions.filter(decision=ReviewDecision.Decision.APPROVE).select_related("reviewer")
    return QuorumProgress(
        required=settings.REVIEW_APPROVAL_QUORUM,
        approved_by=[d.reviewer for d in approvals.order_by("created_at")],
    )


# ----------------------------------------------------------------------
# An article's timeline, from history
# ----------------------------------------------------------------------
@dataclass
class TimelineEvent:
    when: datetime
    who: str
    what: str
    revision_number: int | None = None
    comment: str = ""
    checklist: dict = field(default_factory=dict)
    kind: str = "change"
    # Keeps events that share a timestamp in the order they were written.
    order: int = 0


def _person(user):
    if user is None:
        return "The system"
    return user.get_full_name() or user.username


_TRANSITION_WORDS = {
    "submit": "Submitted for review",
    "start_review": "Taken into review",
    "approve": "Approved and published",
    "request_changes": "Changes requested",
    "withdraw": "Withdrawn",
}


def _describe_revision_row(row, previous):
    reason = row.history_change_reason or ""
    if previous is None:
        return "Draft created" if not reason else reason, ""
    if previous.state != row.state:
        name = reason.split(":", 1)[0]
        what = _TRANSITION_WORDS.get(name, f"Moved from {previous.state} to {row.state}")
        comment = reason.split(" — ", 1)[1] if " — " in reason else ""
        return f"{what} ({previous.get_state_display().lower()} → {row.get_state_display().lower()})", comment
    return reason or "Edited", ""


def article_timeline(*, article):
    """Every revision, transition, decision, assignment and article change, oldest first."""
    events = []
    for row in article.history.select_related("history_user").order_by("history_id"):
        events.append(
            TimelineEvent(
                when=row.history_date,
                who=_person(row.history_user),
                what=row.history_change_reason
                or ("Article created" if row.history_type == "+" else "Edited"),
                kind="article",
                order=row.history_id,
            )
        )
    revision_ids = list(article.revisions.values_list("pk", flat=True))
    previous_by_revision = {}
    for row in (
        Revision.history.filter(id__in=revision_ids).select_related("history_user").order_by("history_id")
    ):
        previous = previous_by_revision.get(row.id)
        what, comment = _describe_revision_row(row, previous)
        events.append(
            TimelineEvent(
                when=row.history_date,
                who=_person(row.history_user),
                what=what,
                revision_number=row.number,
                comment=comment,
                kind="transition" if previous is not None and previous.state != row.state else "revision",
                order=row.history_id,
            )
        )
        previous_by_revision[row.id] = row
    decisions = ReviewDecision.objects.filter(revision__article=article).select_related(
        "reviewer", "revision"
    )
    for decision in decisions:
        events.append(
            TimelineEvent(
                when=decision.created_at,
                who=f"{decision.reviewer.display_name}, {decision.reviewer.credentials}",
                what=f"Decision: {decision.get_decision_display().lower()}",
                revision_number=decision.revision.number,
                comment=decision.comment,
                checklist=decision.checklist,
                kind="decision",
                order=decision.pk,
            )
        )
    assignments = ReviewAssignment.history.filter(revision__article=article).select_related("history_user")
    for row in assignments.order_by("history_id"):
        reviewer = row.reviewer
        events.append(
            TimelineEvent(
                when=row.history_date,
                who=_person(row.history_user),
                what=f"{row.history_change_reason or 'Assignment changed'}: {reviewer.display_name}",
                revision_number=row.revision.number,
                kind="assignment",
                order=row.history_id,
            )
        )
    kind_order = {"article": 0, "revision": 1, "transition": 1, "decision": 2, "assignment": 3}
    events.sort(key=lambda e: (e.when, kind_order[e.kind], e.order))
    return events
