"""Errors as RFC 9457 problem details (`application/problem+json`)."""

from http import HTTPStatus

from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 describes it."""

    type = serializers.CharField(help_text='"about:blank": the status code says what kind of error it is.')
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person understands.")
    instance = serializers.CharField(help_text="The path that was asked for.")


def problem(status, detail, *, instance):
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        "instance": instance,
    }


def _detail_text(exc):
    detail = exc.detail
    if isinstance(detail, dict):
        return " ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in detail.items())
    if isinstance(detail, list):
        return " ".join(map(str, detail))
    return str(detail)


def exception_handler(exc, context):
    """DRF's exception handler for the syndication views: every error a problem document."""
    request = context["request"]
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Nothing is published at this address.")
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
        exc.status_code = 401
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.Throttled):
        detail = f"Too many requests for this key. Try again in {int(exc.wait or 1)} seconds."
    else:
        detail = _detail_text(exc)
    return Response(
        problem(exc.status_code, detail, instance=request.path),
        status=exc.status_code,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no endpoint."""
    body = problem(404, "There is no API endpoint at this address.", instance=request.path)
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
