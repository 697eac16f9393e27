"""The board's review queue: what awaits a board member, in lists that page through any number
of revisions at a constant number of queries, and the chief editor's to-do lists."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, Revision
from roles import policy

from .models import BoardMember, ReviewAssignment, ReviewDecision

OPEN_STATES = (Revision.State.SUBMITTED, Revision.State.UNDER_REVIEW)


def _started_by(revision_ref="pk"):
    """Subquery: who took the revision into review, from its history."""
    return Subquery(
        Revision.history.filter(id=OuterRef(revision_ref), state=Revision.State.UNDER_REVIEW)
        .order_by("history_id")
        .values("history_user_id")[:1]
    )


def _approvals(revision_ref="pk"):
    """Subquery: how many approvals the revision has."""
    approvals = ReviewDecision.objects.filter(
        revision_id=OuterRef(revision_ref), decision=ReviewDecision.Decision.APPROVE
    )
    return Coalesce(
        Subquery(approvals.order_by().values("revision_id").annotate(n=Count("pk")).values("n")[:1]), 0
    )


def _display_name(user_ref):
    return Subquery(BoardMember.objects.filter(user_id=OuterRef(user_ref)).values("display_name")[:1])


def _open_revisions():
    return (
        Revision.objects.filter(state__in=OPEN_STATES)
        .select_related("article", "author")
        .annotate(started_by_id=_started_by())
        .order_by("submitted_at", "pk")
    )


@dataclass
class QueueRow:
    revision: Revision
    due_at: datetime | None = None
    approvals: int = 0
    # The board member who took it into review ("" while it is only submitted).
    reviewer_name: str = ""
    # For an overdue assignment: whose it is.
    assigned_to: str = ""

    @property
    def is_overdue(self):
        return self.due_at is not None and self.due_at < timezone.now()

    @property
    def age(self):
        return timezone.now() - self.revision.submitted_at if self.revision.submitted_at else None


@dataclass
class ReviewQueue:
    """What awaits a board member, as querysets to page through (`queue_rows` turns a page into
    rows): revisions in the first four lists, assignments in `overdue`."""

    submitted: QuerySet
    under_review_by_me: QuerySet
    waiting_for_my_decision: QuerySet
    in_review_by_colleagues: QuerySet
    overdue: QuerySet
    quorum: int = 1

    LISTS = (
        "overdue",
        "under_review_by_me",
        "waiting_for_my_decision",
        "in_review_by_colleagues",
        "submitted",
    )


def review_queue_for(*, user, now=None):
    """What awaits a board member, in five lists (the chief editor's overdue list covers everyone).

    - submitted: not yet taken into review;
    - under review by me: I took it into review and have not decided yet;
    - waiting for my decision: assigned to me, in review by someone else, no decision of mine yet;
    - in review by colleagues: taken into review by another member, not assigned to me
      (with a quorum above one my approval may still count, but nobody waits on me);
    - overdue: assignments past their due date with no decision.

    Each list is a queryset, so that a page of it costs the same whatever the queue's length.
    """
    now = now or timezone.now()
    member = policy.board_member_for(user)
    quorum = settings.REVIEW_APPROVAL_QUORUM
    if member is None:
        nothing = Revision.objects.none()
        return ReviewQueue(nothing, nothing, nothing, nothing, ReviewAssignment.objects.none(), quorum)
    mine = ReviewDecision.objects.filter(revision=OuterRef("pk"), reviewer=member)
    my_assignment = ReviewAssignment.objects.filter(revision=OuterRef("pk"), reviewer=member, is_active=True)
    revisions = (
        _open_revisions()
        .exclude(author=user)
        .annotate(
            decided_by_me=Exists(mine),
            assigned_to_me=Exists(my_assignment),
            my_due_at=Subquery(my_assignment.order_by("due_at").values("due_at")[:1]),
            approvals=_approvals(),
            reviewer_name=_display_name("started_by_id"),
        )
    )
    in_review = revisions.filter(state=Revision.State.UNDER_REVIEW, decided_by_me=False)
    not_started_by_me = Q(started_by_id__isnull=True) | ~Q(started_by_id=user.pk)
    overdue = ReviewAssignment.objects.filter(
        is_active=True, due_at__lt=now, revision__state__in=OPEN_STATES
    ).exclude(
        Exists(
            ReviewDecision.objects.filter(
                revision_id=OuterRef("revision_id"), reviewer_id=OuterRef("reviewer_id")
            )
        )
    )
    if not policy.is_chief_editor(user):
        overdue = overdue.filter(reviewer=member)
    overdue = (
        overdue.select_related("revision__article", "revision__author", "reviewer")
        .annotate(approvals=_approvals("revision_id"), started_by_id=_started_by("revision_id"))
        .annotate(reviewer_name=_display_name("started_by_id"))
        .order_by("due_at", "pk")
    )
    return ReviewQueue(
        submitted=revisions.filter(state=Revision.State.SUBMITTED),
        under_review_by_me=in_review.filter(started_by_id=user.pk),
        waiting_for_my_decision=in_review.filter(not_started_by_me, assigned_to_me=True),
        in_review_by_colleagues=in_review.filter(not_started_by_me, assigned_to_me=False),
        overdue=overdue,
        quorum=quorum,
    )


def queue_rows(items):
    """QueueRow for each revision (or overdue assignment) of a page of a ReviewQueue list."""
    rows = []
    for item in items:
        if isinstance(item, ReviewAssignment):
            rows.append(
                QueueRow(
                    revision=item.revision,
                    due_at=item.due_at,
                    approvals=item.approvals,
                    reviewer_name=item.reviewer_name or "",
                    assigned_to=item.reviewer.display_name,
                )
            )
        else:
            rows.append(
                QueueRow(
                    revision=item,
                    due_at=item.my_due_at,
                    approvals=item.approvals,
                    reviewer_name=item.reviewer_name or "",
                )
            )
    return rows


def article_list_due_for_rereview():
    """Live articles flagged because their last review is older than the re-review interval."""
    return (
        Article.objects.filter(needs_rereview_since__isnull=False, live_revision__isnull=False)
        .select_related("live_revision")
        .order_by("needs_rereview_since", "pk")
    )


def revision_list_unassigned():
    """Submissions in the board's hands with nobody assigned: the chief editor's to-do."""
    active = ReviewAssignment.objects.filter(revision=OuterRef("pk"), is_active=True)
    return _open_revisions().exclude(Exists(active)).order_by("submitted_at", "pk")
