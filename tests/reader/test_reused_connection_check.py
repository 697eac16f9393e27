"""With CONN_HEALTH_CHECKS (the production settings), a cached reader page's one query is also
the check that a reused PostgreSQL connection still works (editorial.db): one round trip instead
of Django's `SELECT 1` plus the query, and a connection the server has dropped is replaced
within the same request, so the reader still gets the page.

Requests go through Django's WSGI handler with its request signals, as under gunicorn (the test
client turns off the connection handling these tests are about)."""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from .conftest import publish

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Connection health checks are the production (PostgreSQL) configuration's.",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def production_connection(monkeypatch):
    """The default connection as production configures it: reused, checked once per request."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    yield connection
    connection.close()


def get(path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }  # fmt: skip
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # request_finished, as a WSGI server sends it
    return int(statuses[0].split()[0]), body


@pytest.fixture
def live_page(production_connection, editor, reviewer, disclaimers):
    article = publish(editor=editor, reviewer=reviewer, question="Does walking help back pain?")
    path = article.get_absolute_url()
    assert get(path)[0] == 200  # rendered once and cached; the connection stays open
    assert connection.connection is not None
    return path


def test_a_cached_page_on_a_reused_connection_costs_one_round_trip(live_page, monkeypatch):
    checks = []
    wrapper = type(connections["default"])
    original = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: checks.append(1) or original(self))

    with CaptureQueriesContext(connection) as queries:
        status, body = get(live_page)

    assert status == 200 and "Does walking help back pain?" in body
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert checks == [], "Django's separate health-check query ran as well"


def test_a_connection_the_server_dropped_is_replaced_within_the_same_request(live_page):
    dropped_pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [dropped_pid])
    finally:
        other.close()

    status, body = get(live_page)

    assert status == 200 and "Does walking help back pain?" in body
    assert connection.connection.info.backend_pid != dropped_pid
