"""A cited source was retracted: live articles citing it are flagged for the chief editors and
authors of open drafts citing it are told. The reference library signals; this side acts."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from audit.history import save_with_history
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.outbox import notification_queue
from references.models import Reference
from references.signals import reference_retracted
from roles.policy import is_chief_editor

from .models import Article, RetractionAlert, Revision


@receiver(reference_retracted, sender=Reference, dispatch_uid="articles-reference-retracted")
def flag_articles_citing_a_retracted_source(sender, reference, event_key, **kwargs):
    """Returns the alerts raised, which the library's service reports to the chief editors."""
    alerts = _flag_live_articles(reference)
    _tell_authors_of_open_revisions(reference, event_key=event_key)
    return alerts


def _tell_authors_of_open_revisions(reference, *, event_key):
    """Authors whose draft or submission cites the source learn why it is now blocked."""
    citing = (
        Revision.objects.in_progress()
        .filter(citations__reference=reference)
        .select_related("author", "article")
        .distinct()
    )
    for revision in citing:
        notification_queue(
            kind="cited_source_retracted",
            recipients=[revision.author],
            context={"reference": reference, "revision": revision, "article": revision.article},
            event_key=f"{event_key}-revision-{revision.pk}",
        )


def _flag_live_articles(reference):
    live_citing = (
        Article.objects.filter(live_revision__citations__reference=reference)
        .select_related("live_revision")
        .distinct()
    )
    alerts = []
    for article in live_citing:
        if RetractionAlert.objects.filter(
            reference=reference, article=article, status=RetractionAlert.Status.OPEN
        ).exists():
            continue
        alert = RetractionAlert(reference=reference, article=article, revision=article.live_revision)
        save_with_history(alert, actor=None, reason="The cited source was marked retracted")
        alerts.append(alert)
    return alerts


def retraction_alert_resolve(*, alert, actor, resolution):
    """The chief editor records what the board did about a live article citing a retracted source."""
    if actor is None or not is_chief_editor(actor):
        raise ActionNotAllowed("Only a chief editor can resolve a retraction alert.")
    resolution = (resolution or "").strip()
    if not resolution:
        raise InvalidAction("Say what the board decided before resolving the alert.")
    with transaction.atomic():
        alert = RetractionAlert.objects.select_for_update().get(pk=alert.pk)
        if alert.status != RetractionAlert.Status.OPEN:
            raise ActionConflict("This alert has already been resolved.")
        alert.status = RetractionAlert.Status.RESOLVED
        alert.resolved_at = timezone.now()
        alert.resolved_by = actor
        alert.resolution = resolution
        save_with_history(alert, actor=actor, reason=f"Resolved — {resolution[:200]}")
    return alert


# ----------------------------------------------------------------------
# Import
# ----------------------------------------------------------------------
