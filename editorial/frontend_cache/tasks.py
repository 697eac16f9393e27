"""The purge task: idempotent (purging twice is harmless) and retried until it succeeds; and
the beat job that queues the purges the broker could not take at commit time."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import frontend_cache_backends, queue_pending_purge
from .backends import PurgeFailed

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(PurgeFailed,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=None,
)
def purge_frontend_cache(self, urls):
    """Purge `urls` from every configured frontend cache; raises PurgeFailed to be retried."""
    errors = []
    for name, backend in frontend_cache_backends().items():
        try:
            backend.purge(urls)
        except PurgeFailed as error:
            errors.append(f"{name}: {error}")
    if errors:
        if self.request.is_eager:
            # Run in the web process (embedded default): no worker to retry later, so say so.
            logger.error("Frontend cache purge failed: %s", "; ".join(errors))
            return False
        raise PurgeFailed("; ".join(errors))
    return True


# A row younger than this may still be queued by its own transaction's commit hook.
REQUEUE_AFTER = timedelta(seconds=30)


@shared_task
def requeue_pending_purges():
    """Queue the purges still waiting in the database (the broker was down at commit time)."""
    from editorial.models import PendingPurge

    waiting = PendingPurge.objects.filter(created_at__lt=timezone.now() - REQUEUE_AFTER)[:1000]
    queued = 0
    for pending in waiting:
        queue_pending_purge(pending)  # a broker still down raises: the rest wait for the next run
        queued += 1
    return queued
