"""/healthz: is this web process able to serve? For load balancers and process managers.

It checks the database, the cache and the Celery broker, each in its own thread with its
own deadline, so the answer comes within HEALTHZ_DEADLINE_SECONDS whatever a dependency
does (refuse, hang, freeze). Only the database is required: with it down the answer is 503,
because no page can be served. The cache and the broker are optional (pages are computed
without the cache; e-mail waits in the outbox for the broker), so their failure gives 200
with status "degraded": a load balancer must not take every web process out of rotation
because Redis is down.

It reads only: no session, no database write, no cache write. The body names what failed,
never why (the reason goes to the log), because anyone can call it.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

# The whole answer comes within this; each check gets at most this long.
HEALTHZ_DEADLINE_SECONDS = 1.5
BROKER_TIMEOUT_SECONDS = 1
# A key nobody writes: reading it proves the cache answers without changing it.
PROBE_KEY = "healthz:probe"
REQUIRED = {"database"}


def check_database():
    # A connection of this checking thread, closed at once: the request's own
    # connection is never left waiting on a frozen server.
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # the resilient Redis cache would turn a failure into a miss
    else:
        cache.get(PROBE_KEY)


def check_broker():
    url = settings.CELERY_BROKER_URL
    options = {
        **(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}),
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    }
    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as broker:
        # max_retries=0: one attempt and no back-off sleep, so a dead broker fails at once.
        broker.ensure_connection(max_retries=0)
        if broker.transport.driver_type == "redis":
            broker.default_channel.client.ping()


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}

# A check stuck on a frozen server keeps its thread until its own timeout ends; a bounded
# pool means stuck probes cannot pile up threads.
_pool = ThreadPoolExecutor(max_workers=2 * len(CHECKS), thread_name_prefix="healthz")


def _timed(check):
    started = time.monotonic()
    check()
    return time.monotonic() - started


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers ("ok", or "degraded" naming an optional failure); 503 when not."""
    started = time.monotonic()
    futures = {name: _pool.submit(_timed, check) for name, check in CHECKS.items()}
    results, timings = {}, {}
    for name, future in futures.items():
        remaining = max(0.0, HEALTHZ_DEADLINE_SECONDS - (time.monotonic() - started))
        try:
            timings[name] = round(future.result(timeout=remaining) * 1000, 1)
        except FutureTimeout:
            logger.warning("Health check timed out: %s", name)
            results[name] = "failed"
            timings[name] = round((time.monotonic() - started) * 1000, 1)
        except Exception:  # noqa: BLE001 - any failure means "not healthy"; the log keeps the reason
            logger.warning("Health check failed: %s", name, exc_info=True)
            results[name] = "failed"
            timings[name] = round((time.monotonic() - started) * 1000, 1)
        else:
            results[name] = "ok"
    failed = [name for name, result in results.items() if result != "ok"]
    unavailable = bool(REQUIRED & set(failed))
    body = {
        "status": "unavailable" if unavailable else ("degraded" if failed else "ok"),
        "checks": results,
        "milliseconds": timings,
    }
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=503 if unavailable else 200)
    if unavailable:
        response["Retry-After"] = "30"
    return response
