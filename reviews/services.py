"""The board's side of the workflow: assignments, the review checklist, reminders, re-review.

Decisions themselves go through reviews.decisions (revision_approve,
revision_request_changes), which every interface shares, the review
checklist included. One function per user action,
keyword-only arguments, refusals raised before anything is written.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article, Revision
from audit.history import save_with_history
from audit.log import log_action
from editorial.exceptions import ActionConflict, InvalidAction
from notifications.outbox import notification_queue
from roles import policy
from roles.groups import chief_editors
from roles.policy import Action

from .models import BoardMember, ReviewAssignment, ReviewDecision
from .queue import OPEN_STATES


def _check_due_at(due_at):
    if due_at is None:
        raise InvalidAction("Give the date the review is due.", field_errors={"due_at": ["Required."]})
    if due_at <= timezone.now():
        raise InvalidAction(
            "The due date has already passed. Choose a date in the future.",
            field_errors={"due_at": ["Choose a date in the future."]},
        )


def _check_reviewer(revision, member):
    if not member.is_active or not member.user.is_active:
        raise InvalidAction(f"{member.display_name} is no longer an active board member.")
    if member.user_id == revision.author_id:
        raise InvalidAction(f"{member.display_name} wrote this revision, so cannot review it.")


# ----------------------------------------------------------------------
# Chief editor: who reviews what, by when
# ----------------------------------------------------------------------
def revision_assign_reviewers(*, revision, actor, reviewers, due_at):
    """Ask board members to review a submission by a date. Returns the new assignments."""
    policy.require(actor, Action.ASSIGN_REVIEWERS)
    reviewers = list(reviewers)
    if not reviewers:
        raise InvalidAction("Choose at least one board member.", field_errors={"reviewers": ["Required."]})
    _check_due_at(due_at)
    created = []
    try:
        with transaction.atomic():
            revision = Revision.objects.select_for_update().select_related("article").get(pk=revision.pk)
            policy.require(actor, Action.ASSIGN_REVIEWERS, revision)
            for member in reviewers:
                member = BoardMember.objects.select_related("user").get(pk=member.pk)
                _check_reviewer(revision, member)
                if revision.assignments.filter(reviewer=member, is_active=True).exists():
                    raise ActionConflict(
                        f"{member.display_name} is already assigned to this revision. "
                        "Reassign the review instead to change its due date."
                    )
                assignment = ReviewAssignment(
                    revision=revision, reviewer=member, assigned_by=actor, due_at=due_at
                )
                save_with_history(assignment, actor=actor, reason=f"Assigned, due {due_at:%Y-%m-%d}")
                _log_assignment(assignment, verb="assignment.assign", actor=actor)
                _notify_assigned(assignment)
                created.append(assignment)
    except IntegrityError as exc:
        raise ActionConflict(
            "Someone assigned this review at the same moment. Reload the page to see the assignments."
        ) from exc
    return created


def assignment_reassign(*, assignment, actor, reviewer, due_at):
    """Hand an assigned review to another board member (or the same one with a new date)."""
    policy.require(actor, Action.ASSIGN_REVIEWERS)
    _check_due_at(due_at)
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
            revision = (
                Revision.objects.select_for_update().select_related("article").get(pk=assignment.revision_id)
            )
            if not assignment.is_active:
                raise ActionConflict("This assignment was already handed on. Reload the page.")
            policy.require(actor, Action.ASSIGN_REVIEWERS, revision)
            member = BoardMember.objects.select_related("user").get(pk=reviewer.pk)
            _check_reviewer(revision, member)
            if (
                member.pk != assignment.reviewer_id
                and revision.assignments.filter(reviewer=member, is_active=True).exists()
            ):
                raise ActionConflict(f"{member.display_name} is already assigned to this revision.")
            assignment.is_active = False
            save_with_history(assignment, actor=actor, reason=f"Reassigned to {member.display_name}")
            new = ReviewAssignment(revision=revision, reviewer=member, assigned_by=actor, due_at=due_at)
            save_with_history(new, actor=actor, reason=f"Assigned, due {due_at:%Y-%m-%d}")
            _log_assignment(
                new,
                verb="assignment.reassign",
                actor=actor,
                previous={"id": assignment.reviewer_id, "name": assignment.reviewer.display_name},
            )
            _notify_assigned(new)
    except IntegrityError as exc:
        raise ActionConflict("Someone changed this assignment at the same moment. Reload the page.") from exc
    return new


def _log_assignment(assignment, *, verb, actor, previous=None):
    data = {
        "revision": assignment.revision.number,
        "reviewer": {"id": assignment.reviewer_id, "name": assignment.reviewer.display_name},
        "due_at": assignment.due_at,
    }
    if previous is not None:
        data["previous_reviewer"] = previous
    log_action(actor=actor, verb=verb, obj=assignment, data=data)


def _notify_assigned(assignment):
    notification_queue(
        kind="reviewer_assigned",
        recipients=[assignment.reviewer.user],
        context={
            "assignment": assignment,
            "revision": assignment.revision,
            "article": assignment.revision.article,
        },
        event_key=f"assignment-{assignment.pk}",
    )


def _digest_of(ids):
    return hashlib.sha256(",".join(str(i) for i in ids).encode()).hexdigest()[:16]


def default_due_at(now=None):
    return (now or timezone.now()) + timedelta(days=settings.REVIEW_DUE_DAYS)


# ----------------------------------------------------------------------
# Periodic work (Celery beat calls these through articles.tasks)
# ----------------------------------------------------------------------
def overdue_assignments(*, now):
    """Active assignments past their due date on revisions still waiting for that member."""
    return (
        ReviewAssignment.objects.filter(
            is_active=True,
            due_at__lt=now,
            revision__state__in=OPEN_STATES,
            reviewer__is_active=True,
        )
        .exclude(
            Exists(
                ReviewDecision.objects.filter(
                    revision_id=OuterRef("revision_id"), reviewer_id=OuterRef("reviewer_id")
                )
            )
        )
        .select_related("revision__article", "reviewer__user")
        .order_by("due_at")
    )


def review_remind_overdue(*, now=None):
    """Send each member one digest of their overdue reviews, and the chief editors one of all.

    At most once a day: each assignment remembers the day it was last in a
    reminder, and each digest's notification key names the day.
    Returns the number of assignments reminded about.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        due = list(
            overdue_assignments(now=now).select_for_update(of=("self",)).exclude(last_reminded_on=today)
        )
        if not due:
            return 0
        by_member = {}
        for assignment in due:
            by_member.setdefault(assignment.reviewer, []).append(assignment)
        for member, assignments in by_member.items():
            notification_queue(
                kind="overdue_digest",
                recipients=[member.user],
                context={"assignments": assignments, "for_chief": False, "today": today},
                event_key=f"overdue-digest-{today:%Y-%m-%d}-member-{member.pk}",
            )
        notification_queue(
            kind="overdue_digest",
            recipients=chief_editors(),
            context={"assignments": due, "for_chief": True, "today": today},
            event_key=f"overdue-digest-{today:%Y-%m-%d}-chief",
        )
        for assignment in due:
            assignment.last_reminded_on = today
            save_with_history(assignment, actor=None, reason="Overdue reminder sent")
            log_action(
                actor=None,
                verb="assignment.remind",
                obj=assignment,
                data={
                    "revision": assignment.revision.number,
                    "reviewer": {"id": assignment.reviewer_id, "name": assignment.reviewer.display_name},
                    "due_at": assignment.due_at,
                    "reminded_on": today,
                },
            )
    return len(due)


def article_flag_due_for_rereview(*, now=None):
    """Flag live articles whose last approval is older than the re-review interval.

    A flagged article waits in the chief editor's queue until a new approval
    clears the flag; flagging again does nothing. Returns the articles flagged now.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REREVIEW_INTERVAL_DAYS)
    flagged = []
    with transaction.atomic():
        articles = (
            Article.objects.select_for_update(of=("self",))
            .filter(
                live_revision__isnull=False,
                live_revision__approved_at__lt=cutoff,
                needs_rereview_since__isnull=True,
            )
            .select_related("live_revision")
        )
        for article in articles:
            article.needs_rereview_since = now
            save_with_history(
                article,
                actor=None,
                reason=f"Due for re-review: last approved {article.live_revision.approved_at:%Y-%m-%d}",
            )
            log_action(
                actor=None,
                verb="article.flag_rereview",
                obj=article,
                data={
                    "revision": article.live_revision.number,
                    "approved_at": article.live_revision.approved_at,
                    "interval_days": settings.REREVIEW_INTERVAL_DAYS,
                },
            )
            flagged.append(article)
        if flagged:
            notification_queue(
                kind="rereview_due",
                recipients=chief_editors(),
                context={"articles": flagged, "interval_days": settings.REREVIEW_INTERVAL_DAYS},
                event_key=f"rereview-due-{now:%Y-%m-%d}-" + _digest_of(a.pk for a in flagged),
            )
    return flagged
