"""Reader pages. Thin: reads go through selectors and articles.reader, writes through services."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from articles import intake, selectors
from articles.models import Audience
from editorial.client_address import client_address
from editorial.exceptions import InvalidAction

from . import pages as reader
from .forms import FollowUpQuestionForm, SearchForm

AUDIENCE_COOKIE = "reader_audience"
AUDIENCE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
PER_PAGE = 20
# Far beyond any real list; stops absurd offsets from reaching the database.
MAX_PAGE = 10_000


# ----------------------------------------------------------------------
# Lists: home page and search
# ----------------------------------------------------------------------
def _page_number(request):
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("There is no such page of results.")
    return int(raw)


def _page_of(queryset, number):
    """One page of `queryset` and whether another follows, without counting the whole table."""
    start = (number - 1) * PER_PAGE
    rows = list(queryset[start : start + PER_PAGE + 1])
    if number > 1 and not rows:
        raise Http404("There is no such page of results.")
    return {
        "items": rows[:PER_PAGE],
        "number": number,
        "has_previous": number > 1,
        "has_next": len(rows) > PER_PAGE,
        "previous_number": number - 1,
        "next_number": number + 1,
    }


@require_safe
def home(request):
    page = _page_of(selectors.article_list_published_brief(), _page_number(request))
    return render(request, "reader/home.html", {"page": page, "search_form": SearchForm()})


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.query()
    page = None
    if query:
        page = _page_of(selectors.article_search_published(query=query), _page_number(request))
    return render(
        request,
        "reader/search.html",
        {"search_form": form, "query": query, "page": page, "form_errors": form.errors},
        status=200 if form.is_valid() else 400,
    )


# ----------------------------------------------------------------------
# The article page and its follow-up question form
# ----------------------------------------------------------------------
class UnknownAudience(Exception):
    pass


def _audience(request):
    """The wording to show, and whether the reader chose it with a link just now."""
    requested = request.GET.get("audience")
    if requested is not None:
        if requested not in Audience.values:
            raise UnknownAudience(requested)
        return requested, True
    remembered = request.COOKIES.get(AUDIENCE_COOKIE)
    return (remembered if remembered in Audience.values else Audience.PATIENT.value), False


def _article_context(request, page, *, form=None, form_error=""):
    return {
        "page": page,
        "article": page.article,
        "rendered": page.body,
        "json_ld": page.json_ld(request.build_absolute_uri),
        "canonical_url": request.build_absolute_uri(page.article.get_absolute_url()),
        "form": form or FollowUpQuestionForm(initial={"audience": page.audience}),
        "form_error": form_error,
        "audiences": [
            {"value": value, "label": label, "current": value == page.audience}
            for value, label in Audience.choices
        ],
    }


def _render_article(request, page, *, form=None, status=200, form_error=""):
    context = _article_context(request, page, form=form, form_error=form_error)
    response = render(request, "reader/article_detail.html", context, status=status)
    patch_vary_headers(response, ["Cookie"])
    return response


# The page an anonymous reader sees is the same for everyone but the CSRF token of
# the follow-up form, so it is rendered once with this marker in the token's place.
CSRF_MARKER = "csrf-token-placeholder-9f2c"
PAGE_CACHE_SECONDS = 60 * 60


def _is_plain_reader(request):
    """Anonymous, with no one-time message waiting: the page can come from the cache."""
    return not request.user.is_authenticated and "messages" not in request.COOKIES


def _cached_article_response(request, slug, audience):
    """One query when the page is cached (is it still live, and the same revision?), the
    reader page's cold queries when it is not."""
    key = reader.page_html_cache_key(slug, audience, host=request.get_host())
    cached = cache.get(key)
    if cached is not None and cached[0] == selectors.article_get_live_revision_id(slug=slug):
        html = cached[1]
    else:
        page = reader.article_page(slug=slug, audience=audience)
        context = {
            **_article_context(request, page),
            "user": AnonymousUser(),
            "messages": (),
            "csrf_token": CSRF_MARKER,
        }
        html = render_to_string("reader/article_detail.html", context)
        cache.set(key, (page.revision.pk, html), PAGE_CACHE_SECONDS)
    response = HttpResponse(html.replace(CSRF_MARKER, get_token(request)))
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def article_detail(request, slug):
    try:
        audience, chosen_now = _audience(request)
    except UnknownAudience:
        message = (
            "We don't have a wording of this article for that audience. Choose the patient wording "
            "or the healthcare professional wording."
        )
        return render(request, "400.html", {"message": message, "slug": slug}, status=400)
    if _is_plain_reader(request):
        response = _cached_article_response(request, slug, audience)
    else:
        response = _render_article(request, reader.article_page(slug=slug, audience=audience))
    if chosen_now:
        response.set_cookie(
            AUDIENCE_COOKIE, audience, max_age=AUDIENCE_COOKIE_MAX_AGE, samesite="Lax", httponly=True
        )
    return response


@require_POST
def article_follow_up(request, slug):
    form = FollowUpQuestionForm(request.POST)
    audience = request.POST.get("audience")
    if audience not in Audience.values:
        audience = _audience_from_cookie(request)
    page = reader.article_page(slug=slug, audience=audience)
    if not form.is_valid():
        return _render_article(request, page, form=form, status=400)
    try:
        intake.followup_question_submit(
            article=page.article,
            question=form.cleaned_data["question"],
            audience=page.audience,
            client_address=client_address(request),
        )
    except intake.QuestionLimitReached as exc:
        return _render_article(request, page, form=form, status=429, form_error=str(exc))
    except InvalidAction as exc:
        form.add_error("question", str(exc))
        return _render_article(request, page, form=form, status=400)
    messages.success(
        request,
        "Thank you: your question has reached our editors. We read every question and use them to "
        "decide what to write next. We can't reply one by one, and we never publish your question.",
    )
    return redirect(page.article.get_absolute_url() + "#follow-up")


def _audience_from_cookie(request):
    remembered = request.COOKIES.get(AUDIENCE_COOKIE)
    return remembered if remembered in Audience.values else Audience.PATIENT.value


# ----------------------------------------------------------------------
# For robots
# ----------------------------------------------------------------------
@require_safe
def robots_txt(request):
    text = render_to_string(
        "reader/robots.txt",
        {
            "admin_path": "/" + settings.ADMIN_URL,
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
        },
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def cached_until_publication(view):
    """Cache a public listing (the sitemap) until the next publication or unpublication.

    Counting and dating every live article is the one cost of the sitemap that grows with the
    library; its content only changes when something is published or unpublished.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = (
            f"reader:listing:v{reader.CACHE_VERSION}:{reader.publication_version()}:"
            f"{request.get_host()}:{request.get_full_path()}"
        )
        cached = cache.get(key)
        if cached is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200:
                return response
            cached = (response.content, dict(response.items()))
            cache.set(key, cached, PAGE_CACHE_SECONDS)
        content, headers = cached
        return HttpResponse(content, headers=headers)

    return wrapper
