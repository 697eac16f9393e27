"""The read-only partner API under /api/v1/. Views are thin: parse, ask `content`, serialise."""

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import content, cursors
from .authentication import ApiKeyAuthentication, ApiKeyRateThrottle, HasApiKey
from .problems import PROBLEM_CONTENT_TYPE, ProblemSerializer, exception_handler
from .serializers import (
    ArticleDetailSerializer,
    ArticleListQuery,
    ArticlePageSerializer,
    ChangeListQuery,
    ChangePageSerializer,
)
from .services import api_key_record_usage

# Keyed answers: a partner's own cache may keep them briefly; shared caches must not.
CACHE_SECONDS = 60


def _problem(status, description):
    return OpenApiResponse(ProblemSerializer, description=description)


COMMON_ERRORS = {
    (401, PROBLEM_CONTENT_TYPE): _problem(401, "No key, or a key that is unknown or revoked."),
    (429, PROBLEM_CONTENT_TYPE): _problem(429, "Over this key's rate limit; see the Retry-After header."),
}
BAD_INPUT = {(400, PROBLEM_CONTENT_TYPE): _problem(400, "A query parameter or cursor is not valid.")}
NOT_FOUND = {(404, PROBLEM_CONTENT_TYPE): _problem(404, "No live article at this address.")}
WITHHELD = {
    (503, PROBLEM_CONTENT_TYPE): _problem(503, "Withheld: part of what the board approved is missing.")
}


class PartnerApiView(APIView):
    """Every endpoint: a partner key, the key's rate limit, usage counted, problem+json errors."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyRateThrottle]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except Throttled:
            api_key_record_usage(api_key=request.auth, throttled=True)
            raise
        api_key_record_usage(api_key=request.auth)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(
            response, private=True, max_age=CACHE_SECONDS if response.status_code == 200 else 0
        )
        patch_vary_headers(response, ["Authorization", "Origin"])
        return response

    def build_url(self, path):
        return self.request.build_absolute_uri(path)

    def query(self, serializer_class=None):
        """The validated query parameters. An unknown or empty one is a 400, so that a typo
        (`modifed_since`) is reported rather than silently ignored."""
        known = serializer_class().fields if serializer_class else {}
        for name, value in self.request.query_params.items():
            if name not in known:
                raise ValidationError({name or "(empty)": ["This endpoint has no such parameter."]})
            if value == "":
                raise ValidationError({name: ["This parameter is empty; leave it out instead."]})
        if serializer_class is None:
            return {}
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _article_cursor(token):
    approved_at, pk = cursors.decode(token, kinds=(str, int), name="cursor")
    moment = parse_datetime(approved_at) if approved_at else None
    if moment is None:
        raise ValidationError(
            {"cursor": ["The cursor is not one this API gave out. Start again without it."]}
        )
    return moment, pk


class ArticleListView(PartnerApiView):
    """Live articles, paged with an opaque cursor, filterable by specialty and last review."""

    @extend_schema(
        operation_id="articles_list",
        summary="Live articles, most recently reviewed first",
        parameters=[ArticleListQuery],
        responses={200: ArticlePageSerializer, **BAD_INPUT, **COMMON_ERRORS},
    )
    def get(self, request):
        params = self.query(ArticleListQuery)
        cursor = _article_cursor(params["cursor"]) if params.get("cursor") else None
        articles, next_cursor = content.article_list(
            specialty=params.get("specialty"),
            modified_since=params.get("modified_since"),
            cursor=cursor,
            limit=params["limit"],
        )
        data = {
            "next": next_cursor,
            "results": [content.article_summary(a, self.build_url) for a in articles],
        }
        return Response(ArticlePageSerializer(data).data)


class ArticleDetailView(PartnerApiView):
    """Both approved wordings with their references and disclaimers, the approving board
    members, review dates, related questions and the approval fingerprint."""

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One live article with its review record",
        responses={200: ArticleDetailSerializer, **BAD_INPUT, **NOT_FOUND, **WITHHELD, **COMMON_ERRORS},
    )
    def get(self, request, slug):
        self.query()
        data = content.article_detail(slug=slug, build_url=self.build_url)
        return Response(ArticleDetailSerializer(data).data)


class ChangeListView(PartnerApiView):
    """Every publication, update and unpublication since a cursor; an unpublication is a
    tombstone (slug and date, never text)."""

    @extend_schema(
        operation_id="changes_list",
        summary="Publications, updates and unpublications, oldest first",
        parameters=[ChangeListQuery],
        responses={200: ChangePageSerializer, **BAD_INPUT, **COMMON_ERRORS},
    )
    def get(self, request):
        params = self.query(ChangeListQuery)
        since = cursors.decode(params["since"], kinds=(int,), name="since") if params.get("since") else None
        entries, next_since, has_more = content.change_list(since=since, limit=params["limit"])
        data = {
            "results": [content.change_entry(entry, self.build_url) for entry in entries],
            "next_since": next_since,
            "has_more": has_more,
        }
        return Response(ChangePageSerializer(data).data)


class PublicDocView:
    """The schema and its documentation need no key: partners read them before they have one."""

    authentication_classes = []
    permission_classes = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS * 5)
        return response


class SchemaView(PublicDocView, SpectacularJSONAPIView):
    pass


class DocsView(PublicDocView, SpectacularSwaggerSplitView):
    template_name = "syndication/docs.html"
    url_name = "syndication:api-schema"
    title = "Reviewed Health Answers partner API"
