"""What readers see of a live article, from approved data only.

The whole page is cached by reader.http under the reader content version; what is kept here
is the part that never changes: an approved revision rendered for one audience
(`reader_body`), kept in this process's memory and in Django's cache under the revision's id.
A cold page costs at most four queries: the content version (reader.http), the article with
its related questions, its approval records (the approvers and the change log), and the
revision's pinned citations; one more when a source was retracted since review.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles import selectors
from articles.models import Audience
from articles.rendering import render_markdown
from articles.retractions import article_sources_retracted_since_review
from articles.revision_rendering import (  # noqa: F401 - part of what this module offers
    ReferenceEntry,
    RenderedRevision,
    _normalise_audience,
    render_revision,
)
from reviews.approvals import article_approval_records

from . import page_cache, structured_data

DESCRIPTION_LENGTH = 155


class ApprovedContentMissing(Exception):
    """Part of what the board approved (a pinned reference copy) is gone: the page is withheld
    rather than completed with content nobody approved."""


def _render_approved(revision, audience):
    rendered = render_revision(revision, audience, use_pinned=True)
    if rendered.missing_keys:
        raise ApprovedContentMissing(
            f"Revision {revision.pk} cites {', '.join(rendered.missing_keys)} with no pinned copy."
        )
    if rendered.missing_figures:
        raise ApprovedContentMissing(
            f"Revision {revision.pk} places {', '.join(rendered.missing_figures)} with no pinned copy."
        )
    return rendered


def reader_body(revision, audience):
    """The approved revision's rendering for `audience`: from memory, Django's cache, or rendered.

    Raises ApprovedContentMissing when a citation has no pinned copy to show (never cached)."""
    audience = _normalise_audience(audience)
    return page_cache.two_level_get(
        page_cache.bodies,
        f"body:{revision.pk}:{audience}",
        lambda: _render_approved(revision, audience),
    )


@dataclass(frozen=True)
class PageDetails:
    """What the page shows besides the body: approvers, change log, related questions."""

    approvers: list
    change_log: list
    related: list
    first_approved_at: object
    # citation key → date, for sources retracted since the live revision was approved
    retracted_since_review: dict


def _change_log_entry(revision):
    """The change log's line for an approved revision. Only the publishing service approves a
    revision, and its ``revision.publish`` event records these same three fields as they were
    then (articles.events.publication_data); approval freezes them on the revision and the
    fingerprint covers them. So the approval records already read for the approvers give the
    change log exactly as the event log says it, without a query of their own."""
    return {
        "number": revision.number,
        "approved_at": revision.approved_at,
        "summary": revision.change_summary,
    }


def _load_details(article, related_articles):
    approvers, seen, change_log = [], set(), {}
    for decision in article_approval_records(article=article):
        change_log.setdefault(decision.revision_id, _change_log_entry(decision.revision))
        if decision.revision_id == article.live_revision_id and decision.reviewer_id not in seen:
            seen.add(decision.reviewer_id)
            member = decision.reviewer
            approvers.append(
                {
                    "name": member.display_name,
                    "credentials": member.credentials,
                    "specialty": member.specialty,
                    "url": member.get_absolute_url(),
                }
            )
    entries = sorted(change_log.values(), key=lambda entry: entry["approved_at"])
    related = [
        {"question": other.question, "url": other.get_absolute_url(), "specialty": other.specialty}
        for other in related_articles
    ]
    return PageDetails(
        approvers=approvers,
        change_log=list(reversed(entries)),
        related=related,
        first_approved_at=entries[0]["approved_at"] if entries else article.live_revision.approved_at,
        retracted_since_review=article_sources_retracted_since_review(article=article),
    )


@dataclass(frozen=True)
class ArticlePage:
    """Everything the reader page shows, from approved data only."""

    article: object
    audience: str
    body: RenderedRevision
    details: PageDetails

    @property
    def revision(self):
        return self.article.live_revision

    @property
    def last_updated(self):
        """When readers first saw this text: its approval, or its scheduled publication."""
        return getattr(self.article, "live_since", None) or self.revision.approved_at

    @property
    def last_reviewed(self):
        return self.revision.approved_at

    @property
    def next_review_due(self):
        return self.revision.approved_at + timedelta(days=settings.REREVIEW_INTERVAL_DAYS)

    @property
    def review_overdue(self):
        """The next review date has passed: the page says so rather than show a stale promise."""
        return timezone.now() > self.next_review_due

    @property
    def disclaimer(self):
        return self.revision.disclaimer_for(self.audience)

    @property
    def is_professional(self):
        return self.audience == Audience.PROFESSIONAL.value

    @property
    def description(self):
        """The meta description: the opening of the approved text in this wording."""
        text = " ".join(strip_tags(self.body.html).split())
        return Truncator(text).chars(DESCRIPTION_LENGTH)

    def json_ld(self, absolute_url):
        return structured_data.article_json_ld(self, absolute_url)


def article_page(*, slug, audience):
    """The reader page of a live article. Raises Http404 when it has no approved live revision."""
    article, related = selectors.article_get_with_related_for_reader(slug=slug)
    return ArticlePage(
        article=article,
        audience=_normalise_audience(audience),
        body=reader_body(article.live_revision, audience),
        details=_load_details(article, related),
    )


def markdown_html(text):
    """Markdown typed by staff (e.g. the editorial policy) as HTML ready for a template:
    rendered and sanitised by articles.rendering, the only HTML this module marks safe."""
    return mark_safe(render_markdown(text).html)  # noqa: S308
