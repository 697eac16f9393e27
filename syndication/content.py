"""What partners get of an article, read only through the selectors that guard the reader
pages (the `*_published` / `*_for_reader` selectors) and the rendering of what the board
approved (pinned references, pinned disclaimers): a draft or a revision in review cannot
reach here. The same pieces the reader page is composed of, without its page cache."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from rest_framework.exceptions import APIException

from articles import selectors
from articles.figures import revision_figures
from articles.models import Audience
from articles.revision_rendering import render_revision
from references.formatting import format_vancouver
from reviews.approvals import article_approval_records

from . import cursors
from .models import ChangeFeedEntry


def verify_path(slug):
    # The public verification page of the article (added by the integrity work).
    return f"/articles/{slug}/verify/"


def _review_dates(revision):
    return revision.approved_at, revision.approved_at + timedelta(days=settings.REREVIEW_INTERVAL_DAYS)


# ----------------------------------------------------------------------
# The list of live articles
# ----------------------------------------------------------------------
def article_list(*, specialty=None, modified_since=None, cursor=None, limit=20):
    """One page of live articles, most recently reviewed first. Returns (articles, next cursor)."""
    articles = selectors.article_list_published().defer(
        "live_revision__body_patient", "live_revision__body_professional", "search_document"
    )
    if specialty:
        articles = articles.filter(specialty__iexact=specialty)
    if modified_since:
        # A scheduled update is approved before it goes live: it changed for partners when it went live.
        articles = articles.filter(
            Q(live_revision__approved_at__gte=modified_since)
            | Q(live_revision__publication_schedule__published_at__gte=modified_since)
        )
    if cursor:
        approved_at, pk = cursor
        articles = articles.filter(live_revision__approved_at__lte=approved_at).exclude(
            live_revision__approved_at=approved_at, pk__gte=pk
        )
    page = list(articles.order_by("-live_revision__approved_at", "-pk")[: limit + 1])
    next_cursor = None
    if len(page) > limit:
        page = page[:limit]
        last = page[-1]
        next_cursor = cursors.encode(last.live_revision.approved_at.isoformat(), last.pk)
    return page, next_cursor


def article_summary(article, build_url):
    last_reviewed, next_due = _review_dates(article.live_revision)
    return {
        "slug": article.slug,
        "question": article.question,
        "specialty": article.specialty,
        "revision": article.live_revision.number,
        "last_reviewed": last_reviewed,
        "next_review_due": next_due,
        "url": build_url(reverse("syndication:api-article-detail", kwargs={"slug": article.slug})),
        "page_url": build_url(article.get_absolute_url()),
    }


# ----------------------------------------------------------------------
# One live article, everything the reader page shows of it
# ----------------------------------------------------------------------
def _reference(entry):
    snap = entry.snapshot
    return {
        "number": entry.number,
        "citation_key": snap.get("citation_key", ""),
        "type": snap.get("reference_type", ""),
        "type_label": snap.get("type_label", ""),
        "title": snap.get("title", ""),
        "vancouver": format_vancouver(snap),
        "doi": snap.get("doi") or "",
        "pmid": snap.get("pmid") or "",
        "url": entry.source_url,
    }


class ContentWithheld(APIException):
    """A reference copy pinned at approval is gone: like the reader page, the API withholds the
    article rather than complete it with content nobody approved."""

    status_code = 503
    default_detail = (
        "This article is temporarily withheld: part of what the board approved is missing. "
        "The editors have been alerted; try again later."
    )


def _wording(revision, audience, build_url):
    # Partners show this HTML on their own sites: figure addresses must name ours.
    figures = revision_figures(revision, use_pinned=True, build_url=build_url)
    rendered = render_revision(revision, audience, use_pinned=True, figures=figures)
    if rendered.missing_keys or rendered.missing_figures:
        raise ContentWithheld()
    disclaimer = revision.disclaimer_for(audience)
    return {
        "markdown": revision.body_for(audience),
        "html": rendered.html,
        "references": [_reference(entry) for entry in rendered.references],
        "disclaimer": {"version": disclaimer.version, "text": disclaimer.text} if disclaimer else None,
    }


def _approvals(article, build_url):
    """(members who approved the live revision, when the article was first approved)."""
    approvers, seen, first_approved_at = [], set(), None
    for decision in article_approval_records(article=article):
        revision = decision.revision
        if first_approved_at is None or revision.approved_at < first_approved_at:
            first_approved_at = revision.approved_at
        if revision.pk == article.live_revision_id and decision.reviewer_id not in seen:
            seen.add(decision.reviewer_id)
            member = decision.reviewer
            approvers.append(
                {
                    "name": member.display_name,
                    "credentials": member.credentials,
                    "specialty": member.specialty,
                    "profile_url": build_url(member.get_absolute_url()),
                }
            )
    return approvers, first_approved_at or article.live_revision.approved_at


def article_detail(*, slug, build_url):
    """The live article at `slug` (Http404 if there is none) as the API shows it."""
    article = selectors.article_get_for_reader(slug=slug)
    revision = article.live_revision
    last_reviewed, next_due = _review_dates(revision)
    approvers, first_published = _approvals(article, build_url)
    related = [
        {
            "slug": other.slug,
            "question": other.question,
            "url": build_url(reverse("syndication:api-article-detail", kwargs={"slug": other.slug})),
            "page_url": build_url(other.get_absolute_url()),
        }
        for other in selectors.article_list_related_published(article=article)
        if other.pk != article.pk
    ]
    return {
        "slug": article.slug,
        "question": article.question,
        "specialty": article.specialty,
        "about": article.about,
        "revision": revision.number,
        "last_reviewed": last_reviewed,
        "next_review_due": next_due,
        "first_published": first_published,
        "reviewed_by": approvers,
        "wordings": {audience.value: _wording(revision, audience.value, build_url) for audience in Audience},
        "related_questions": related,
        "approval_fingerprint": {
            "algorithm": "sha256",
            "version": revision.fingerprint_version,
            "value": revision.content_sha256,
        },
        "verify_url": build_url(verify_path(article.slug)),
        "page_url": build_url(article.get_absolute_url()),
    }


# ----------------------------------------------------------------------
# The change feed
# ----------------------------------------------------------------------
def change_list(*, since=None, limit=100):
    """Changes after the cursor `since`, oldest first. Returns (entries, next cursor, more?)."""
    entries = ChangeFeedEntry.objects.order_by("pk")
    last_id = since[0] if since else 0
    page = list(entries.filter(pk__gt=last_id)[: limit + 1])
    has_more = len(page) > limit
    page = page[:limit]
    if page:
        last_id = page[-1].pk
    return page, cursors.encode(last_id), has_more


def change_entry(entry, build_url):
    """A change without any text: a tombstone for an unpublication, a pointer otherwise."""
    data = {
        "id": entry.pk,
        "type": entry.kind,
        "slug": entry.slug,
        "occurred_at": entry.occurred_at,
        "revision": entry.revision_number,
        "url": None,
    }
    if entry.kind != ChangeFeedEntry.Kind.UNPUBLISHED:
        data["url"] = build_url(reverse("syndication:api-article-detail", kwargs={"slug": entry.slug}))
    return data
