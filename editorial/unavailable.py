"""A database that is down, frozen or too slow answers 503 with Retry-After and a plain page.

Every wait for PostgreSQL is bounded (connect timeout, statement and lock timeouts, the
client-side deadline of editorial.postgresql), so such a request ends in an
OperationalError within seconds. Wherever it is raised (a view, a template, the session or
authentication middleware), it reaches the 500 handler below, which tells it apart from a bug.
The page is built without the database, a template context or the cache.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
<body><h1>This site is briefly unavailable</h1>
<p>We could not reach our database just now. Nothing you sent was half-saved.
Please try again in a minute.</p></body></html>
"""


def is_database_unavailable(exception):
    """OperationalError covers refused connections, timeouts and cancelled statements."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def service_unavailable_response():
    response = HttpResponse(UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's database outage into the 503 page (the 500 handler covers the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return database_unavailable_response(request, exception)
        return None


def database_unavailable_response(request, exception):
    """The 503 page for a request the database could not answer, logged as a warning."""
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
    return service_unavailable_response()


def server_error(request):
    """handler500: a database outage is a 503; anything else the usual plain 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable_response()
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return HttpResponseServerError("<h1>Server error</h1>", content_type="text/html")
