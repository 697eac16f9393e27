"""/healthz: is this web process able to serve? For load balancers and process managers.

It checks the three things every page or action depends on: the database, the
cache and the Celery broker, each with a short timeout. It reads only: no
session, no database write, no cache write, so probing it often costs nothing
and never changes the site. The body names what failed, never why (the reason
goes to the log), because anyone can call it.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

# A probe that waits longer than this is as good as a failure to a load balancer.
BROKER_TIMEOUT_SECONDS = 2
# A key nobody writes: reading it proves the cache answers without changing it.
PROBE_KEY = "healthz:probe"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    cache.get(PROBE_KEY)


def check_broker():
    url = settings.CELERY_BROKER_URL
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as broker:
        # max_retries=0: one attempt and no back-off sleep, so a dead broker fails at once.
        broker.ensure_connection(max_retries=0)


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok", ...} when every dependency answers, 503 naming those that did not."""
    results = {}
    timings = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means "not healthy"; the log keeps the reason
            logger.warning("Health check failed: %s", name, exc_info=True)
            results[name] = "failed"
        else:
            results[name] = "ok"
        timings[name] = round((time.monotonic() - started) * 1000, 1)
    failed = [name for name, result in results.items() if result != "ok"]
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": results,
        "milliseconds": timings,
    }
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
