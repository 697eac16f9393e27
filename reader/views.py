"""Reader pages. Thin: reads go through selectors and reader.pages, writes through services.

Every GET page here is wrapped in reader.http.public_page: cached, validated (ETag,
Last-Modified, 304) and public for anonymous readers, private for everyone else. Nothing an
anonymous reader gets sets a cookie: the wording is chosen by the address (`?audience=`), and
the follow-up form's CSRF token is fetched only when the form is used (static/js/reader.js,
`csrf_token_json`), or given back with the form when a browser without JavaScript posts.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_POST, require_safe

from articles import intake, selectors
from articles.models import Audience
from editorial.client_address import client_address
from editorial.exceptions import InvalidAction

from . import pages as reader
from .forms import FollowUpQuestionForm, SearchForm
from .http import public_page

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
@public_page
def home(request):
    page = _page_of(selectors.article_list_published_brief(), _page_number(request))
    return render(request, "reader/home.html", {"page": page, "search_form": SearchForm()})


@require_safe
@public_page
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
    """The wording to show: each has its own address, the patient wording without a parameter."""
    requested = request.GET.get("audience")
    if requested is None:
        return Audience.PATIENT.value
    if requested not in Audience.values:
        raise UnknownAudience(requested)
    return requested


def wording_path(article, audience):
    path = article.get_absolute_url()
    return path if audience == Audience.PATIENT.value else f"{path}?audience={audience}"


def _article_context(request, page, *, form=None, form_error="", token_in_page=True):
    return {
        "page": page,
        "article": page.article,
        "rendered": page.body,
        "json_ld": page.json_ld(request.build_absolute_uri),
        "canonical_url": request.build_absolute_uri(wording_path(page.article, page.audience)),
        "form": form or FollowUpQuestionForm(initial={"audience": page.audience}),
        "form_error": form_error,
        # Cached pages carry no token (it would set a cookie); reader.js fetches one.
        "token_in_page": token_in_page,
        "audiences": [
            {
                "value": value,
                "label": label,
                "current": value == page.audience,
                "path": wording_path(page.article, value),
            }
            for value, label in Audience.choices
        ],
    }


def _render_article(request, page, *, form=None, status=200, form_error="", token_in_page=True):
    context = _article_context(request, page, form=form, form_error=form_error, token_in_page=token_in_page)
    return render(request, "reader/article_detail.html", context, status=status)


def _wording_address(request):
    """The article page depends on its path and its wording only (not on tracking parameters);
    the patient wording's two addresses share one cached page."""
    audience = request.GET.get("audience", Audience.PATIENT.value)
    return request.path if audience == Audience.PATIENT.value else f"{request.path}?audience={audience}"


def _withheld(request, slug):
    """The page readers get when part of what the board approved is missing from the record:
    withheld, never completed with content nobody approved."""
    return render(request, "reader/withheld.html", {"slug": slug}, status=503)


@require_safe
@public_page(cache_path=_wording_address)
def article_detail(request, slug):
    try:
        return _article_detail(request, slug)
    except reader.ApprovedContentMissing:
        return _withheld(request, slug)


def _article_detail(request, slug):
    try:
        audience = _audience(request)
    except UnknownAudience:
        message = (
            "We don't have a wording of this article for that audience. Choose the patient wording "
            "or the healthcare professional wording."
        )
        return render(request, "400.html", {"message": message, "slug": slug}, status=400)
    page = reader.article_page(slug=slug, audience=audience)
    return _render_article(request, page, token_in_page=not getattr(request, "public_page", False))


@require_POST
def article_follow_up(request, slug):
    form = FollowUpQuestionForm(request.POST)
    audience = request.POST.get("audience")
    if audience not in Audience.values:
        audience = Audience.PATIENT.value
    try:
        page = reader.article_page(slug=slug, audience=audience)
    except reader.ApprovedContentMissing:
        return _withheld(request, slug)
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
    return redirect(wording_path(page.article, page.audience) + "#follow-up")


@require_safe
def csrf_token_json(request):
    """A CSRF token for the follow-up form, fetched by reader.js when a reader starts to use
    it. Private and never stored: it sets the csrftoken cookie."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """A follow-up question posted without a valid token (a browser without JavaScript, or an
    expired token) gets the form back with the question kept and a fresh token: pressing Send
    again works. Any other form gets Django's own page."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "article-follow-up":
        return django_csrf_failure(request, reason=reason)
    try:
        page = reader.article_page(slug=match.kwargs["slug"], audience=request.POST.get("audience"))
    except Http404:
        return django_csrf_failure(request, reason=reason)
    form = FollowUpQuestionForm(
        initial={"audience": page.audience, "question": request.POST.get("question", "")}
    )
    return _render_article(
        request,
        page,
        form=form,
        status=403,
        form_error="Please press \u201cSend my question\u201d again: the page needed a new security token.",
    )


# ----------------------------------------------------------------------
# For robots
# ----------------------------------------------------------------------
@require_safe
@public_page
def robots_txt(request):
    # Never names the admin's path: robots.txt is public, and a custom path is meant to be
    # unknown. The admin refuses to be indexed by itself (it answers private, no-store).
    text = render_to_string(
        "reader/robots.txt", {"sitemap_url": request.build_absolute_uri(reverse("sitemap-index"))}
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
