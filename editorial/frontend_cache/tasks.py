"""The purge task: idempotent (purging twice is harmless) and retried until it succeeds."""

import logging

from celery import shared_task

from . import frontend_cache_backends
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
