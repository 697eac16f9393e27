from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("img/logo.svg"))
