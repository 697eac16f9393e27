"""/healthz tells a load balancer whether this web process can serve, and what is broken if not."""

import socket
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def closed_port():
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_200_with_every_check_ok_when_database_cache_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert "failed" not in body
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reads_only_and_starts_no_session(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    # The database is checked on a connection of its own (with its own deadline), never
    # on the request's.
    assert queries.captured_queries == []
    assert "sessionid" not in response.cookies
    assert "Set-Cookie" not in response.headers


def test_healthz_stays_200_but_degraded_naming_the_broker_when_the_broker_is_down(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/healthz")

    # Pages are served without the broker (e-mail waits in the outbox), so a load balancer
    # must keep this process in rotation.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failed"] == ["broker"]
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "failed"}
    # A dead broker is reported at once, not after a client-side timeout.
    assert body["milliseconds"]["broker"] < 2000


def test_healthz_stays_200_but_degraded_naming_the_cache_when_redis_for_the_cache_is_down(client):
    dead_cache = {
        "default": {
            "BACKEND": "editorial.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=dead_cache):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["failed"] == ["cache"]


def test_healthz_answers_503_with_retry_after_when_the_database_does_not_answer(client, monkeypatch):
    from editorial import health

    def database_hangs():
        time.sleep(5)

    monkeypatch.setitem(health.CHECKS, "database", database_hangs)
    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["failed"] == ["database"]


def test_healthz_does_not_say_why_a_check_failed(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/healthz")

    # Anyone can call it: addresses and error messages stay in the log.
    assert b"127.0.0.1" not in response.content
    assert b"refused" not in response.content.lower()


def test_healthz_refuses_anything_but_get(client):
    response = client.post("/healthz")

    assert response.status_code == 405
