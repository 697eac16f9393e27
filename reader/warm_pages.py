"""Warm reader pages answered before the middleware stack: the whole response, kept per address.

A reader page that the site has already answered for an anonymous reader is the same response,
byte for byte and header for header, for every anonymous reader who asks for it again with the
same Accept-Encoding, until the reader content version moves on (reader.freshness). This
middleware, first in MIDDLEWARE, keeps those finished responses (after every other middleware
has added its headers and compressed the body) in process memory, keyed by the version, the
day, the address and Accept-Encoding, and answers a repeat request with one query (the version)
and none of the other middleware: about half of what a cached page cost before.

What is kept: 200 answers that reader.http.public_page gave to an anonymous reader's GET,
marked public, setting no cookie. A request is looked up only if its address was such a page
before (a process-local list), so static files, the workspace and the admin never pay for the
version read; signed-in people, conditional requests (reader.http answers those with 304) and
HEAD requests go through the stack as usual.

The trade-off, decided on purpose: on a hit no other middleware runs. Anything that must act on
every anonymous reader request (per-request logging beyond gunicorn's access log, rate limits
on reading) belongs before this middleware or in the front cache.
"""

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils import timezone

from editorial.unavailable import database_unavailable_response

from . import freshness
from .http import is_anonymous_reader
from .page_cache import finished_responses, public_addresses

CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


class _Finished:
    """A finished response: status, headers and body as they left the middleware stack."""

    __slots__ = ("status", "headers", "content")

    def __init__(self, response):
        self.status = response.status_code
        self.headers = tuple(response.items())
        self.content = response.content

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class WarmReaderPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = self._address(request)
        if address is None:
            return self.get_response(request)
        # Only addresses that were reader pages are looked up.
        if public_addresses.get(address) is not None:
            try:
                state = freshness.current_state()
            except (OperationalError, InterfaceError) as exc:
                # As the stack would answer it (editorial.unavailable): 503, Retry-After.
                return database_unavailable_response(request, exc)
            finished = finished_responses.get(_key(state.version, timezone.now().date().isoformat(), address))
            if finished is not None:
                return finished.response()
            token = freshness.request_state.set(state)
            try:
                response = self.get_response(request)
            finally:
                freshness.request_state.reset(token)
        else:
            response = self.get_response(request)
        if _is_keepable(request, response):
            # Keyed by what the page itself was rendered under (reader.http.public_page).
            version, day = request.public_page
            public_addresses.set(address, True)
            finished_responses.set(_key(version, day, address), _Finished(response))
        return response

    @staticmethod
    def _address(request):
        """What the answer depends on, or None when the request is not one to look up."""
        if request.method != "GET" or not is_anonymous_reader(request):
            return None
        if any(name in request.META for name in CONDITIONAL_HEADERS):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        encoding = request.META.get("HTTP_ACCEPT_ENCODING", "")
        return f"{request.scheme}:{host}:{request.get_full_path()}:{encoding}"


def _key(version, day, address):
    return f"{version}:{day}:{address}"


def _is_keepable(request, response):
    return (
        getattr(request, "public_page", None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
    )
