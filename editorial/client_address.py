"""The address a request came from, for rate limiting and login throttling."""

from django.conf import settings


def client_address(request):
    """Behind a reverse proxy every connection comes from the proxy, so CLIENT_ADDRESS_HEADER
    (e.g. HTTP_X_FORWARDED_FOR) names the header it sets; the last address in it is the one
    the trusted proxy itself saw. Without the setting, the connection's own address."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
