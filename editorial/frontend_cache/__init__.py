"""Purging pages from the caches in front of the site (Varnish, a CDN) when they change.

Modelled on Wagtail's contrib.frontend_cache: `settings.FRONTEND_CACHES` names one or more
backends, each a class with a `purge(urls)` method; a URL that ends with `*` stands for every
URL that starts with what comes before it (Varnish bans it, CloudFront takes it as a wildcard
path, Cloudflare as a prefix). Purges run after the change has committed, in a Celery task that
retries until every backend has accepted them (editorial.frontend_cache.tasks). The URLs are
written to the database (editorial.models.PendingPurge) in the change's own transaction and
deleted once the task is queued, so a purge the broker could not take is queued later by beat.

    FRONTEND_CACHES = {
        "varnish": {
            "BACKEND": "editorial.frontend_cache.backends.HTTPPurgeBackend",
            "LOCATION": "http://127.0.0.1:6081",
        },
    }

Another CDN is a class with the same `purge(urls)` method, named by BACKEND; its own settings
(zone id, API token, distribution id) go beside BACKEND and reach its constructor.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def frontend_cache_backends():
    """One configured backend per entry of settings.FRONTEND_CACHES, by name."""
    return {
        name: import_string(params["BACKEND"])(params)
        for name, params in getattr(settings, "FRONTEND_CACHES", {}).items()
    }


def absolute_urls(paths):
    """The site's public URLs for these paths (SITE_URL is the address readers use)."""
    return sorted({settings.SITE_URL + path for path in paths})


def purge_after_commit(paths):
    """Record a purge of `paths` in the current transaction and queue it once that commits.

    Does nothing when no frontend cache is configured, so the embedded default never queues
    a task for a proxy it does not have.
    """
    if not getattr(settings, "FRONTEND_CACHES", None):
        return
    from editorial.models import PendingPurge

    pending = PendingPurge.objects.create(urls=absolute_urls(paths))
    # robust: a broker outage must not turn the committed change into an error page; the row
    # stays and the beat job queues it when the broker is back.
    transaction.on_commit(lambda: queue_pending_purge(pending), robust=True)


def queue_pending_purge(pending):
    """Hand `pending` to Celery, then forget it (Celery retries the purge until it succeeds)."""
    from .tasks import purge_frontend_cache

    purge_frontend_cache.delay(pending.urls)
    type(pending).objects.filter(pk=pending.pk).delete()
