"""The board's actions on a revision: taking it into review, approving, requesting changes.

Like articles.services, one function per user action, each in one transaction. Approval
publishes through articles.publication once the quorum is reached: at once, or at the latest
"publish at" time the approving members gave. The two
ways of naming an action (the admin's and the workspace's buttons) are dispatched here.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from articles.actions import board_users, clean_text, conflict_on_race, lock_revision, run_transition
from articles.events import log_revision_event
from articles.fingerprint import approval_record_for
from articles.publication import publish_at_problem, revision_publish, revision_schedule_publication
from articles.services import MAX_COMMENT_LENGTH, revision_submit, revision_withdraw
from audit.history import save_with_history
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.outbox import notification_queue
from roles import policy
from roles.policy import Action

from .models import ChecklistItem, ReviewDecision


def _revision_context(revision):
    return {"revision": revision, "article": revision.article}


# ----------------------------------------------------------------------
# The board's actions: starting a review and deciding on it
# ----------------------------------------------------------------------
@conflict_on_race
def revision_start_review(*, revision, actor):
    """A board member takes a submission into review."""
    with transaction.atomic():
        revision = lock_revision(revision)
        policy.require(actor, Action.START_REVIEW, revision)
        run_transition(revision, "start_review", actor=actor)
    return revision


def _decision_data(decision):
    """What an event keeps of a decision: who, the checklist as answered, any conflict declared."""
    return {
        "decision_id": decision.pk,
        "decision": decision.decision,
        "reviewer": {
            "id": decision.reviewer_id,
            "name": decision.reviewer.display_name,
            "credentials": decision.reviewer.credentials,
        },
        "checklist": decision.checklist,
        "conflict_of_interest": decision.conflict_of_interest,
    }


@conflict_on_race
def revision_approve(
    *, revision, actor, comment="", checklist_confirmed=(), conflict_of_interest="", publish_at=None
):
    """Record one board member's approval; publish once the quorum is reached.

    `checklist_confirmed` names the review checklist points the member confirmed: every
    point in use must be, on every path (workspace, admin, commands). `publish_at` (optional,
    aware, in the future) asks for the revision to go live then rather than at the quorum.
    """
    if publish_at is not None and (problem := publish_at_problem(publish_at)):
        raise InvalidAction(problem, field_errors={"publish_at": [problem]})
    comment = clean_text(comment, label="comment", max_length=MAX_COMMENT_LENGTH).strip()
    conflict_of_interest = clean_text(
        conflict_of_interest, label="conflict-of-interest declaration", max_length=MAX_COMMENT_LENGTH
    ).strip()
    try:
        with transaction.atomic():
            revision = lock_revision(revision)
            policy.require(actor, Action.APPROVE, revision)
            if conflict_of_interest:
                raise ActionNotAllowed(
                    "You declared a conflict of interest for this review, so you cannot approve it. "
                    "Another board member must."
                )
            member = policy.board_member_for(actor)
            checklist = ChecklistItem.answers(confirmed_keys=checklist_confirmed)
            missing = [answer["label"] for answer in checklist.values() if not answer["confirmed"]]
            if missing:
                message = (
                    "Confirm every point of the review checklist before approving. Not confirmed: "
                    + "; ".join(missing)
                    + "."
                )
                raise InvalidAction(message, field_errors={"checklist": [message]})
            problems = revision.approval_problems()
            if problems:
                raise ActionConflict("This revision cannot be approved. " + " ".join(problems))
            decision = ReviewDecision(
                revision=revision,
                reviewer=member,
                decision=ReviewDecision.Decision.APPROVE,
                comment=comment,
                checklist=checklist,
                publish_at=publish_at,
            )
            save_with_history(decision, actor=actor, reason="Approved")
            approvals = revision.approval_count()
            log_revision_event(
                revision,
                verb="revision.approve",
                actor=actor,
                comment=comment,
                data={
                    **_decision_data(decision),
                    "approvals": approvals,
                    "quorum": settings.REVIEW_APPROVAL_QUORUM,
                    "publish_at": publish_at,
                },
            )
            if approvals >= settings.REVIEW_APPROVAL_QUORUM:
                _publish(revision, actor=actor, comment=comment)
    except IntegrityError as exc:
        raise ActionConflict("Your decision on this revision has already been recorded.") from exc
    return revision


def _publish(revision, *, actor, comment):
    """The quorum is reached: live now, or at the latest time an approving member asked for,
    so that nobody's embargo is broken (a time already passed by now means now)."""
    approvals = revision.approvals()
    record = approval_record_for(revision, approvals, quorum=settings.REVIEW_APPROVAL_QUORUM)
    publish_at = approvals.aggregate(latest=Max("publish_at"))["latest"]
    if publish_at is not None and publish_at > timezone.now():
        revision_schedule_publication(
            revision=revision, actor=actor, comment=comment, approval_record=record, publish_at=publish_at
        )
    else:
        revision_publish(revision=revision, actor=actor, comment=comment, approval_record=record)


@conflict_on_race
def revision_request_changes(*, revision, actor, comment, checklist_confirmed=(), conflict_of_interest=""):
    """Send a revision back to its author with a comment, keeping the checklist as answered
    and any conflict of interest the member declared."""
    comment = clean_text(comment, label="comment", max_length=MAX_COMMENT_LENGTH).strip()
    conflict_of_interest = clean_text(
        conflict_of_interest, label="conflict-of-interest declaration", max_length=MAX_COMMENT_LENGTH
    ).strip()
    if not comment:
        raise InvalidAction(
            "Say what needs to change: a request for changes needs a comment.",
            field_errors={"comment": ["Say what needs to change: a request for changes needs a comment."]},
        )
    try:
        with transaction.atomic():
            revision = lock_revision(revision)
            policy.require(actor, Action.REQUEST_CHANGES, revision)
            member = policy.board_member_for(actor)
            decision = ReviewDecision(
                revision=revision,
                reviewer=member,
                decision=ReviewDecision.Decision.REQUEST_CHANGES,
                comment=comment,
                checklist=ChecklistItem.answers(confirmed_keys=checklist_confirmed),
                conflict_of_interest=conflict_of_interest,
            )
            save_with_history(decision, actor=actor, reason="Requested changes")
            run_transition(
                revision, "request_changes", actor=actor, comment=comment, data=_decision_data(decision)
            )
            earlier_reviewers = board_users().filter(
                board_member__decisions__revision__article=revision.article
            )
            notification_queue(
                kind="changes_requested",
                recipients=[revision.author, *earlier_reviewers.exclude(pk=actor.pk).distinct()],
                context={**_revision_context(revision), "comment": comment, "reviewer": member},
                event_key=f"revision-{revision.pk}-changes-requested",
            )
    except IntegrityError as exc:
        raise ActionConflict("Your decision on this revision has already been recorded.") from exc
    return revision


# ----------------------------------------------------------------------
# Buttons: the admin and the workspaces name an action and call this
# ----------------------------------------------------------------------
def revision_perform_action(
    *, action, revision, actor, comment="", checklist_confirmed=(), conflict_of_interest="", publish_at=None
):
    """Run the action a button names on a revision (`publish_at` only for "approve")."""
    if action == "submit":
        return revision_submit(revision=revision, actor=actor)
    if action == "withdraw":
        return revision_withdraw(revision=revision, actor=actor, reason=comment)
    if action == "start_review":
        return revision_start_review(revision=revision, actor=actor)
    decision = {
        "comment": comment,
        "checklist_confirmed": checklist_confirmed,
        "conflict_of_interest": conflict_of_interest,
    }
    if action == "approve":
        return revision_approve(revision=revision, actor=actor, publish_at=publish_at, **decision)
    if action == "request_changes":
        return revision_request_changes(revision=revision, actor=actor, **decision)
    raise InvalidAction(f'"{action}" is not an action that can be taken on a revision.')


# ----------------------------------------------------------------------
# Board member: a decision with the checklist
# ----------------------------------------------------------------------
def review_decide(
    *, revision, actor, decision, comment="", confirmed_keys=(), conflict_of_interest="", publish_at=None
):
    """The review page's one form: approve or request changes, with the checklist.

    The rules (checklist, conflict of interest, quorum, citations) are those of
    revision_approve and revision_request_changes above, which the admin's buttons share.
    """
    policy.require(actor, Action.REVIEW)
    answers = {
        "comment": comment,
        "checklist_confirmed": confirmed_keys,
        "conflict_of_interest": conflict_of_interest,
    }
    if decision == ReviewDecision.Decision.APPROVE:
        return revision_approve(revision=revision, actor=actor, publish_at=publish_at, **answers)
    if decision == ReviewDecision.Decision.REQUEST_CHANGES:
        return revision_request_changes(revision=revision, actor=actor, **answers)
    raise InvalidAction("Choose whether to approve the revision or to request changes.")
