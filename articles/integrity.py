"""Checks that what readers are served is what the board approved.

Each check yields Problem(subject, message): the subject names the article and revision, the
message says what is wrong in a sentence. `verify_integrity` prints them; the daily task mails
them to the chief editors.
"""

import hashlib
from typing import NamedTuple

from django.db import transaction

from editorial.notifications import notification_queue
from editorial.roles import chief_editors

from . import fingerprint
from .models import Revision


class Problem(NamedTuple):
    subject: str
    message: str

    def __str__(self):
        return f"{self.subject}: {self.message}"


def _subject(revision):
    return f"article {revision.article.slug} revision {revision.number}"


def approved_revisions():
    return (
        Revision.objects.filter(state=Revision.State.APPROVED)
        .select_related("article", "disclaimer_patient", "disclaimer_professional")
        .prefetch_related("citations__reference")
        .order_by("article__slug", "number")
    )


def revision_fingerprint_problems(revision):
    """What differs between an approved revision as served now and its fingerprint."""
    subject = _subject(revision)
    if not revision.content_sha256:
        yield Problem(subject, "is approved but has no fingerprint.")
        return
    if revision.fingerprint_version not in fingerprint.VERSIONS:
        yield Problem(subject, f"has a fingerprint of unknown version {revision.fingerprint_version}.")
        return
    for key in fingerprint.missing_pinned_copies(revision):
        yield Problem(subject, f"the pinned copy of reference [@{key}] is missing.")
    if not fingerprint.matches(revision):
        yield Problem(
            subject,
            f"what readers are served no longer matches the fingerprint taken at approval "
            f"(version {revision.fingerprint_version}).",
        )


def live_title_problems(revision):
    """Readers see the article's question as the page title: it must be the approved one."""
    article = revision.article
    if article.live_revision_id == revision.pk and article.question != revision.question:
        yield Problem(
            _subject(revision),
            "the page title readers see differs from the question the board approved.",
        )


def approval_record_problems(revision):
    """The approving decisions recorded at approval must still be on file, meet the quorum
    recorded then, and be the only approvals of the revision."""
    subject = _subject(revision)
    record = revision.approval_record or {}
    recorded = record.get("decisions") or []
    on_file = {
        decision.pk: decision
        for decision in revision.decisions.filter(decision="approve").only("pk", "reviewer_id", "revision_id")
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


def article_problems():
    """Every problem found in every approved revision."""
    for revision in approved_revisions():
        yield from revision_fingerprint_problems(revision)
        yield from live_title_problems(revision)
        yield from approval_record_problems(revision)


def event_log_problems():
    """The event log's own check (hash chain, history counts), when the audit app has it."""
    try:
        from audit.integrity import problems
    except ImportError:
        return
    for problem in problems():
        yield Problem(problem.subject, problem.message)


def all_problems():
    yield from article_problems()
    yield from event_log_problems()


def integrity_check_and_alert(*, today):
    """Run every check; if anything is wrong, mail the chief editors once per day per set of
    problems (running again the same day sends nothing twice). Returns the problems."""
    problems = [str(problem) for problem in all_problems()]
    if problems:
        digest = hashlib.sha256("\n".join(problems).encode("utf-8")).hexdigest()[:16]
        with transaction.atomic():
            notification_queue(
                kind="integrity_problems",
                recipients=list(chief_editors()),
                context={"problems": problems},
                event_key=f"integrity-{today.isoformat()}-{digest}",
            )
    return problems
