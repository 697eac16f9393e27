"""The whole integrity check: every approved revision's content (articles.integrity), its
approval record against the board's decisions on file, and the event log's own checks.

`manage.py verify_integrity` prints the problems; the daily task mails them to the chief
editors.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.integrity import Problem, approved_revisions, revision_content_problems, revision_subject
from articles.models import Article
from articles.signals import reader_content_changed
from audit.integrity import problems
from notifications.models import Notification
from notifications.outbox import notification_queue
from roles.groups import chief_editors

from .models import ReviewDecision


def approval_record_problems(revision):
    """The approving decisions recorded at approval must still be on file, meet the quorum
    recorded then, and be the only approvals of the revision."""
    subject = revision_subject(revision)
    record = revision.approval_record or {}
    recorded = record.get("decisions") or []
    on_file = {
        decision.pk: decision
        for decision in ReviewDecision.objects.filter(
            revision=revision, decision=ReviewDecision.Decision.APPROVE
        ).only("pk", "reviewer_id", "revision_id")
    }
    if not recorded:
        yield Problem(subject, "has no approving decision in its approval record.")
    present_members = set()
    for entry in recorded:
        decision = on_file.get(entry.get("id"))
        if decision is None:
            yield Problem(subject, f"approval decision #{entry.get('id')} is missing.")
        elif decision.reviewer_id != entry.get("board_member_id"):
            yield Problem(subject, f"approval decision #{decision.pk} names another board member.")
        else:
            present_members.add(decision.reviewer_id)
    quorum = record.get("quorum")
    if quorum is not None and len(present_members) < quorum:
        yield Problem(
            subject,
            f"has {len(present_members)} of the {quorum} board approvals its quorum required.",
        )
    recorded_ids = {entry.get("id") for entry in recorded}
    for decision_id in sorted(set(on_file) - recorded_ids):
        yield Problem(subject, f"approval decision #{decision_id} is not in the approval record.")


def revision_problems(revision):
    """Everything wrong with one approved revision: its content and its approval record."""
    yield from revision_content_problems(revision)
    yield from approval_record_problems(revision)


def event_log_problems():
    """The event log's own check (hash chain, history tables)."""
    slugs = {}
    for problem in problems():
        article_id = getattr(problem, "article_id", None)
        subject = problem.subject
        if article_id is not None:
            if article_id not in slugs:
                article = Article.objects.filter(pk=article_id).only("slug").first()
                slugs[article_id] = article.slug if article else f"#{article_id}"
            subject = f"{subject} (article {slugs[article_id]})"
        yield Problem(subject, problem.message)


def all_problems():
    for revision in approved_revisions():
        yield from revision_problems(revision)
    yield from event_log_problems()


def integrity_check_and_alert(*, today):
    """Run every check; if anything is wrong, mail the chief editors once per day per set of
    problems (running again the same day sends nothing twice). Returns the problems."""
    problems = [str(problem) for problem in all_problems()]
    if problems:
        digest = hashlib.sha256("\n".join(problems).encode("utf-8")).hexdigest()[:16]
        with transaction.atomic():
            # Cached reader and verify pages were built before the change the check found: they
            # are rebuilt (and re-verified, or withheld) rather than kept saying all is well.
            reader_content_changed.send(sender=Problem, article_ids=None)
            notification_queue(
                kind="integrity_problems",
                recipients=list(chief_editors()),
                context={"problems": problems},
                event_key=f"integrity-{today.isoformat()}-{digest}",
            )
    return problems


ALERT_SHOWN_FOR = timedelta(hours=36)


def integrity_alert_for(*, user):
    """The latest integrity alert mailed to `user` within the last day and a half (the daily
    check's period, with slack), for the chief editor's workspace; None if there is none."""
    return (
        Notification.objects.filter(
            kind="integrity_problems", recipient=user, created_at__gte=timezone.now() - ALERT_SHOWN_FOR
        )
        .only("subject", "created_at")
        .order_by("-created_at")
        .first()
    )
