"""Periodic work on publication, run by Celery beat. Thin and idempotent: the service claims
each due schedule under a row lock and marks it published, so a second run (or two at once)
publishes nothing twice."""

from celery import shared_task

from .publication import scheduled_publication_run


@shared_task
def publish_scheduled_revisions():
    """Every minute: make live each approved revision whose scheduled time has come."""
    return [revision.pk for revision in scheduled_publication_run()]
