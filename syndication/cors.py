"""CORS for /api/ only (CORS_URLS_REGEX), and only for origins a partner registered.

A browser's preflight carries no key, so it is allowed for any active partner's origin; the
real request is allowed only when the key sent belongs to the partner that registered it.
"""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver

from .models import Partner
from .services import api_key_find


def _bearer(request):
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


@receiver(check_request_enabled, dispatch_uid="syndication-cors")
def partner_origin_allowed(sender, request, **kwargs):
    origin = request.headers.get("Origin", "").rstrip("/")
    if not origin:
        return False
    raw_key = _bearer(request)
    if raw_key:
        api_key = api_key_find(raw_key)
        return api_key is not None and origin in api_key.partner.origin_list()
    if request.method != "OPTIONS":
        return False
    return any(origin in partner.origin_list() for partner in Partner.objects.filter(is_active=True))
