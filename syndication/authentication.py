"""Who is calling: `Authorization: Bearer <key>`, and how often they may call."""

import logging
import math
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from .models import ApiKey
from .services import api_key_find

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60


class ApiKeyAuthentication(BaseAuthentication):
    """A partner's key in the Authorization header. The request's `auth` is the ApiKey."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the key as `Authorization: Bearer <key>`.")
        try:
            raw_key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This API key is not valid.") from None
        api_key = api_key_find(raw_key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("This API key is not valid, or it has been revoked.")
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        # Makes a missing key a 401 (with this challenge) rather than a 403.
        return 'Bearer realm="api"'


class HasApiKey(BasePermission):
    message = "This API needs a partner key: send `Authorization: Bearer <key>`."

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)


class ApiKeyRateThrottle(BaseThrottle):
    """A fixed one-minute window per key, counted in the cache.

    If the cache is unreachable the request is let through: a rate limit that fails open
    degrades to no limit for a while, never to an error page.
    """

    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return True
        now = time.time()
        window = int(now // RATE_WINDOW_SECONDS)
        self.retry_after = max(1, math.ceil((window + 1) * RATE_WINDOW_SECONDS - now))
        counter = f"syndication:rate:{api_key.pk}:{window}"
        try:
            cache.add(counter, 0, RATE_WINDOW_SECONDS * 2)
            try:
                count = cache.incr(counter)
            except ValueError:
                # Evicted between add() and incr(): this request starts the count again.
                cache.set(counter, 1, RATE_WINDOW_SECONDS * 2)
                count = 1
        except Exception:  # noqa: BLE001 - any cache failure: fail open, say so in the log
            logger.warning("Rate-limit counter unavailable; letting the request through.", exc_info=True)
            return True
        return count <= api_key.partner.requests_per_minute

    def wait(self):
        return self.retry_after


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner API key, issued by the editors: `Authorization: Bearer <key>`.",
        }
