"""django-csp's middleware, with the site's own policy built once.

django-csp 4.0 builds both headers from the settings on every response (dataclass copies and
string joins, about 60 µs): a tenth of what a cached reader page costs in all. A response with
no per-view override (`@csp_update`, `@csp_exempt`, ...) to a request that never asked for a
nonce gets exactly the settings' policy, so those header values are built once per settings
value and reused. Everything else (overrides, nonces, DEBUG's exemptions, excluded prefixes)
goes through django-csp unchanged.
"""

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

POLICY_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
# What django-csp's decorators leave on a response.
PER_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)

_site_headers = None


def site_headers():
    """The (header, value) pairs of the settings' own policies, built on first use."""
    global _site_headers
    if _site_headers is None:
        built = ((HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True)))
        _site_headers = tuple((name, value) for name, value in built if value)
    return _site_headers


def _has_excluded_prefixes():
    return any((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") for name in POLICY_SETTINGS)


@receiver(setting_changed)
def _forget_site_headers(setting, **kwargs):
    global _site_headers
    if setting in POLICY_SETTINGS:
        _site_headers = None


class CSPMiddleware(middleware.CSPMiddleware):
    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_ATTRIBUTES)
            or _has_excluded_prefixes()
        ):
            return super().process_response(request, response)
        for name, value in site_headers():
            if name not in response:
                response[name] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
