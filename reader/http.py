"""Public reader pages the way HTTP caches expect them.

`public_page` wraps a reader view. For an anonymous reader (no session, no one-time message)
it costs one query when the page is cached anywhere in this process or in Django's cache:
the reader content version (reader.freshness). It answers

- 304 Not Modified to If-None-Match / If-Modified-Since when the version has not moved;
- otherwise the cached bytes, or renders the view once for every process to share;

always with a strong ETag, Last-Modified and a Cache-Control that lets a shared cache keep
the page (public, s-maxage, stale-while-revalidate, stale-if-error), and without touching
the session or the CSRF token, so no cookie is set and nothing varies on Cookie.

Signed-in people (staff previewing, or anyone with a session) and readers with a one-time
message get the view's own response, `private, no-store`.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from editorial.http_caching import PRIVATE_NO_STORE, etag_without_encoding

from . import freshness, page_cache

# Statuses worth keeping: a page, and "no such page" (a publication moves the version on).
CACHEABLE_STATUSES = {200, 404}
# Headers a view sets that belong to the page itself (e.g. the sitemap's X-Robots-Tag, the
# fingerprint version of verify.json's document).
KEPT_HEADERS = ("X-Robots-Tag", "Content-Language", "Link", "X-Fingerprint-Version")
MESSAGES_COOKIE = "messages"


def is_anonymous_reader(request):
    """No session and no one-time message waiting: the page is the same for everyone.
    Decided from the cookies alone, so that the session is never loaded (loading it would add
    Vary: Cookie)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and MESSAGES_COOKIE not in request.COOKIES


def public_cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.READER_CACHE_S_MAXAGE,
        stale_while_revalidate=settings.READER_CACHE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.READER_CACHE_STALE_IF_ERROR,
    )


def private_response(response):
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, **PRIVATE_NO_STORE)
    return response


def _not_modified(request, etag, last_modified):
    """The tag to answer 304 with, or None: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        if if_none_match.strip() == "*":
            return etag
        for tag in parse_etags(if_none_match):
            if etag_without_encoding(tag) == etag:
                return tag.removeprefix("W/")
        return None
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is not None and last_modified <= since:
        return etag
    return None


def _validators(response, etag, state):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(state.last_modified)
    public_cache_control(response)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _render(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response.render()
    if response.status_code not in CACHEABLE_STATUSES or response.cookies or response.streaming:
        return None, response
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
    page = page_cache.CachedPage(
        status=response.status_code, content=response.content, content_type=response["Content-Type"]
    )
    return (page, headers), response


def public_page(view=None, *, cache_path=None):
    """Decorator; `cache_path(request)` names what the page depends on in its address (by
    default the whole path and query string), so that equivalent addresses share one entry."""
    if view is None:
        return lambda view: public_page(view, cache_path=cache_path)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not is_anonymous_reader(request):
            return private_response(view(request, *args, **kwargs))
        # The auth context processor then answers "anonymous" without loading a session.
        request.user = AnonymousUser()
        # Read once per request: reader.warm_pages may have read it already.
        state = freshness.state_for_this_request()
        path = cache_path(request) if cache_path else request.get_full_path()
        # The day is part of the key: a page says "Review overdue" once its due date passes,
        # with no change to the content version.
        today = timezone.now().date().isoformat()
        # What this answer depends on besides its address, for reader.warm_pages.
        request.public_page = (state.version, today)
        key = f"page:{state.version}:{today}:{request.scheme}:{request.get_host()}:{path}"
        etag = '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'
        matched = _not_modified(request, etag, state.last_modified)
        if matched:
            return _validators(HttpResponseNotModified(), matched, state)
        uncached = []

        def render():
            entry, response = _render(view, request, args, kwargs)
            uncached.append(response)
            return entry

        token = freshness.request_state.set(state)
        try:
            entry = page_cache.two_level_get(page_cache.pages, key, render)
        finally:
            freshness.request_state.reset(token)
        if entry is None:
            # Not a page to keep (a 400, a redirect): answered as the view made it, privately.
            return private_response(uncached[0])
        page, headers = entry
        response = HttpResponse(page.content, status=page.status, content_type=page.content_type)
        for name, value in headers:
            response[name] = value
        return _validators(response, etag, state)

    return wrapper
