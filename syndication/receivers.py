"""Listens to the content layer: each publication, update and unpublication becomes a change
feed entry and one webhook delivery per partner, written in the same transaction (an outbox).
The deliveries are queued only once that transaction commits, so a rolled-back change is
never announced, and a partner's endpoint can never slow down or break a publication."""

import logging

from django.db import connection, transaction
from django.dispatch import receiver

from articles.signals import article_unpublished, revision_published

from .models import ChangeFeedEntry, Partner, WebhookDelivery

logger = logging.getLogger(__name__)


# Feed entries must become visible in id order, or a partner polling with `since` could skip
# one: two publications committing out of order would show id 6 before id 5. On PostgreSQL an
# advisory lock held until commit makes id order commit order; SQLite writers are serial anyway.
FEED_LOCK_KEY = 0x5F_EED


def _serialise_feed_writes():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])


def _record(*, kind, article, revision_number):
    _serialise_feed_writes()
    entry = ChangeFeedEntry.objects.create(
        kind=kind, article=article, slug=article.slug, revision_number=revision_number
    )
    partners = Partner.objects.filter(is_active=True).exclude(webhook_url="")
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(partner=partner, entry=entry) for partner in partners]
    )
    for delivery in deliveries:
        transaction.on_commit(enqueue_callback(delivery.pk), robust=True)
    return entry


def enqueue_callback(delivery_id):
    def enqueue():
        from .tasks import deliver_webhook

        try:
            deliver_webhook.delay(delivery_id)
        except Exception:  # noqa: BLE001 - any broker failure; the row stays pending
            logger.warning(
                "Could not queue webhook delivery %s; it stays pending and will be re-queued.",
                delivery_id,
                exc_info=True,
            )

    return enqueue


@receiver(revision_published, dispatch_uid="syndication-revision-published")
def on_revision_published(sender, *, revision, previous=None, **kwargs):
    kind = ChangeFeedEntry.Kind.UPDATED if previous is not None else ChangeFeedEntry.Kind.PUBLISHED
    _record(kind=kind, article=revision.article, revision_number=revision.number)


@receiver(article_unpublished, dispatch_uid="syndication-article-unpublished")
def on_article_unpublished(sender, *, article, **kwargs):
    _record(kind=ChangeFeedEntry.Kind.UNPUBLISHED, article=article, revision_number=None)
