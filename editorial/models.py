"""The platform's own records: the purges of frontend caches not yet handed to Celery."""

from django.db import models


class PendingPurge(models.Model):
    """URLs to purge from the caches in front of the site, written in the transaction of the
    change that makes them stale and deleted once the purge task is queued. A row that stays
    (the broker was down at commit time, or the process ended first) is queued by the beat job
    editorial.frontend_cache.tasks.requeue_pending_purges."""

    urls = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Purge of {len(self.urls)} URL(s) from {self.created_at:%Y-%m-%d %H:%M}"
