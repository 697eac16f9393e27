"""Publication: sealing an approved revision and making it the article's live text, at
approval or at a time the board set (PublicationSchedule, run by Celery beat).

The two steps are separate so that both paths share them: `revision_seal` is what approval
does to the revision (state, pins, fingerprint) and `revision_make_live` is what readers
see change (the article's live revision, the search document, the signals the reader pages,
caches and partner webhooks listen to, the author's e-mail). A scheduled revision is sealed
at approval and made live only when its time comes, so nothing of it reaches readers early.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit.history import save_with_history
from notifications.outbox import notification_queue
from roles import policy
from roles.policy import Action

from . import fingerprint
from .actions import clean_text
from .events import log_revision_event, publication_data
from .figures import pin_figures
from .models import Article, PublicationSchedule, Revision
from .search import article_refresh_search_document
from .services import MAX_COMMENT_LENGTH
from .signals import revision_published

logger = logging.getLogger(__name__)

# Far enough for an embargo agreed with a journal; further is more likely a typo in the year.
MAX_SCHEDULE_AHEAD = timedelta(days=366)


def publish_at_problem(publish_at, *, now=None):
    """The sentence saying why `publish_at` cannot be a publication time, or ""."""
    now = now or timezone.now()
    if timezone.is_naive(publish_at):
        return "Give the publication time with its time zone."
    if publish_at <= now:
        return "The publication time has already passed. Choose a time in the future, or leave it empty."
    if publish_at > now + MAX_SCHEDULE_AHEAD:
        return "A publication can be scheduled at most one year ahead."
    return ""


# ----------------------------------------------------------------------
# The two steps, inside the caller's transaction, on a locked revision
# ----------------------------------------------------------------------
def revision_seal(*, revision, actor, approval_record, comment=""):
    """under_review → approved: pin the cited references, the placed figures and the disclaimers, store the
    approval record and the fingerprint. Returns the state it came from."""
    source = revision.state
    revision.approve()
    for citation in revision.citations.select_related("reference"):
        citation.pinned_snapshot = citation.reference.snapshot()
        latest = citation.reference.history.order_by("-history_id").first()
        citation.pinned_history_id = latest.history_id if latest else None
        save_with_history(citation, actor=actor, reason="Pinned at approval")
    pin_figures(revision, actor=actor)
    revision.approval_record = approval_record
    fingerprint.seal(revision)
    reason = f"approve: {source} → {revision.state}"
    if comment:
        reason += f" — {comment}"
    save_with_history(revision, actor=actor, reason=reason)
    return source


def revision_make_live(*, revision, actor, comment="", from_state="", data=None):
    """Make the approved revision the article's live text and tell everyone who listens."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    previous = article.live_revision_id
    article.live_revision = revision
    # The title readers see is the one the board approved with the text.
    article.question = revision.question
    article.unpublished_at = None
    article.unpublished_reason = ""
    article.needs_rereview_since = None
    save_with_history(
        article,
        actor=actor,
        reason=f"Revision {revision.number} published"
        + (" (replacing the previous live revision)" if previous else ""),
    )
    revision.article = article
    previous_number = Revision.objects.filter(pk=previous).values_list("number", flat=True).first()
    log_revision_event(
        revision,
        verb="revision.publish",
        actor=actor,
        from_state=from_state,
        comment=comment,
        data={**publication_data(revision, replaces=previous_number), **(data or {})},
    )
    # An older revision waiting for its time would now replace this one: it never will. One the
    # beat job holds is skipped (waiting for it could deadlock: the job locks the schedule, then
    # the article); the job then finds this revision live and cancels it itself.
    stale = PublicationSchedule.objects.pending().filter(
        revision__article=article, revision__number__lt=revision.number
    )
    for schedule in stale.select_for_update(skip_locked=True, of=("self",)).select_related("revision"):
        _cancel(schedule, actor=None, reason=_superseded(revision.number, schedule.revision.number))
    article_refresh_search_document(article.pk)
    revision_published.send(
        sender=Revision,
        revision=revision,
        previous=Revision.objects.filter(pk=previous).first() if previous else None,
    )
    notification_queue(
        kind="revision_approved",
        recipients=[revision.author],
        context={"revision": revision, "article": article},
        event_key=f"revision-{revision.pk}-approved",
    )


def revision_publish(*, revision, actor, approval_record, comment=""):
    """Approve the locked revision and make it the article's live text at once.

    Called by reviews.decisions once the quorum is reached, inside its transaction, with the
    approval record (fingerprint.approval_record_for) that the fingerprint covers."""
    source = revision_seal(revision=revision, actor=actor, approval_record=approval_record, comment=comment)
    revision_make_live(revision=revision, actor=actor, comment=comment, from_state=source)


def revision_schedule_publication(*, revision, actor, approval_record, publish_at, comment=""):
    """Approve the locked revision now and have it go live at `publish_at`."""
    source = revision_seal(revision=revision, actor=actor, approval_record=approval_record, comment=comment)
    schedule = PublicationSchedule(revision=revision, publish_at=publish_at, created_by=actor)
    save_with_history(schedule, actor=actor, reason="Scheduled at approval")
    log_revision_event(
        revision,
        verb="revision.schedule",
        actor=actor,
        from_state=source,
        comment=comment,
        data={"schedule_id": schedule.pk, "publish_at": publish_at},
    )
    notification_queue(
        kind="revision_scheduled",
        recipients=[revision.author],
        context={"revision": revision, "article": revision.article, "publish_at": publish_at},
        event_key=f"revision-{revision.pk}-scheduled",
    )
    return schedule


# ----------------------------------------------------------------------
# The chief editor's cancel, and the beat job's run
# ----------------------------------------------------------------------
def publication_schedule_cancel(*, revision, actor, reason):
    """Stop a scheduled publication for good: the approved revision never goes live by it."""
    policy.require(actor, Action.CANCEL_SCHEDULED_PUBLICATION, revision)
    reason = clean_text(reason, label="reason", max_length=MAX_COMMENT_LENGTH, required=True).strip()
    with transaction.atomic():
        schedule = (
            PublicationSchedule.objects.select_for_update().select_related("revision").get(revision=revision)
        )
        # Asked again under the lock: the beat job may have published it a moment ago.
        policy.require(actor, Action.CANCEL_SCHEDULED_PUBLICATION, schedule.revision)
        _cancel(schedule, actor=actor, reason=reason)
    return schedule


def _cancel(schedule, *, actor, reason):
    schedule.cancelled_at = timezone.now()
    schedule.cancelled_by = actor
    schedule.cancel_reason = reason
    save_with_history(schedule, actor=actor, reason=f"Cancelled — {reason}")
    log_revision_event(
        schedule.revision,
        verb="revision.cancel_schedule",
        actor=actor,
        comment=reason,
        data={"schedule_id": schedule.pk, "publish_at": schedule.publish_at, "reason": reason},
    )
    revision = schedule.revision
    notification_queue(
        kind="schedule_cancelled",
        recipients=[revision.author],
        context={
            "revision": revision,
            "article": revision.article,
            "publish_at": schedule.publish_at,
            "reason": reason,
            "actor": actor,
        },
        event_key=f"schedule-{schedule.pk}-cancelled",
    )


def _superseded(live_number, number):
    return (
        f"Revision {live_number} went live after this publication was scheduled; the older "
        f"revision {number} must not replace it."
    )


def _refusal(schedule):
    """Why a due schedule must not go live now (a sentence), or ""."""
    article = Article.objects.select_for_update().get(pk=schedule.revision.article_id)
    live = Revision.objects.filter(pk=article.live_revision_id).values_list("number", flat=True).first()
    if live is not None and live > schedule.revision.number:
        return _superseded(live, schedule.revision.number)
    if article.unpublished_at is not None and article.unpublished_at > schedule.created_at:
        return "The article was unpublished after this publication was scheduled."
    return ""


def scheduled_publication_run(*, now=None):
    """Publish every due, uncancelled, unpublished schedule once. Returns the revisions made live.

    Each schedule is claimed under a row lock that a concurrent run skips, so two runs at
    the same time never publish one twice; one that must not run any more (a newer revision
    went live, the article was unpublished since) is cancelled by the site, saying why. One
    that fails is rolled back and left due, and the others still run."""
    now = now or timezone.now()
    published, failed = [], []
    while True:
        claim = []
        try:
            with transaction.atomic():
                done = _publish_next_due(now, claim=claim, published=published, exclude=failed)
        except Exception:
            if not claim:
                raise
            logger.exception("Scheduled publication %s failed; it stays due.", claim[0])
            failed.append(claim[0])
            continue
        if not done:
            return published


def _publish_next_due(now, *, claim, published, exclude):
    """Claim the next due schedule (its id goes into `claim`) and run it; False when none is due."""
    schedule = (
        PublicationSchedule.objects.due(now)
        .exclude(pk__in=exclude)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("publish_at", "pk")
        .first()
    )
    if schedule is None:
        return False
    claim.append(schedule.pk)
    revision = Revision.objects.select_for_update().get(pk=schedule.revision_id)
    schedule.revision = revision
    refusal = _refusal(schedule)
    if refusal:
        _cancel(schedule, actor=None, reason=refusal)
        return True
    schedule.published_at = now
    save_with_history(schedule, actor=None, reason="Published on schedule")
    revision_make_live(
        revision=revision,
        actor=None,
        data={"scheduled_for": schedule.publish_at, "schedule_id": schedule.pk},
    )
    published.append(revision)
    return True
