"""What readers see of a revision: its body as safe HTML and its numbered reference list.

`render_revision()` is shared with the editors' live preview, so a preview is
exactly what readers will get. For an approved revision it uses only what the
board approved (the pinned reference snapshots); for a draft it reads the
reference library as it is now and flags citations that point nowhere.

`reader_body()` is the cached form readers get: an approved revision never
changes, so its rendering per audience is computed once and kept in Django's
cache under a key that contains the revision id. A new approval changes the
article's live revision, so it changes the key: nothing needs invalidating.
"""

import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Audience
from articles.rendering import render_markdown
from articles.revision_rendering import (  # noqa: F401 - part of what this module offers
    ReferenceEntry,
    RenderedRevision,
    _normalise_audience,
    render_revision,
)
from reviews.approvals import article_approval_records

# Bump when the rendered HTML or the cached data's shape changes, so old entries are ignored.
CACHE_VERSION = 1
# Approved text never changes; the timeout only bounds how long unused entries stay around.
BODY_CACHE_SECONDS = 60 * 60 * 24 * 7


def body_cache_key(revision_id, audience):
    return f"reader:body:v{CACHE_VERSION}:{revision_id}:{_normalise_audience(audience)}"


def reader_body(revision, audience):
    """The approved revision's rendering for `audience`, from the cache when it is there."""
    key = body_cache_key(revision.pk, audience)
    rendered = cache.get(key)
    if rendered is None:
        rendered = render_revision(revision, audience, use_pinned=True)
        cache.set(key, rendered, BODY_CACHE_SECONDS)
    return rendered


# ----------------------------------------------------------------------
# The whole reader page
# ----------------------------------------------------------------------
# Members' names and related questions' wording may be edited outside review; this bounds how
# long a cached page shows the old wording. Everything approved is keyed on the revision id.
DETAILS_CACHE_SECONDS = 60 * 60
AUDIENCE_TYPES = {Audience.PATIENT.value: "Patient", Audience.PROFESSIONAL.value: "Clinician"}
PUBLISHER_NAME = "Reviewed Health Answers"


@dataclass(frozen=True)
class PageDetails:
    """What the page shows besides the body: approvers, change log, related questions.
    Plain data, so it caches cheaply."""

    approvers: list
    change_log: list
    related: list
    first_approved_at: object


def _details_cache_key(article):
    return f"reader:details:v{CACHE_VERSION}:{article.live_revision_id}:{publication_version()}"


def _load_details(article):
    from articles import selectors

    approvers, change_log, seen = [], {}, set()
    for decision in article_approval_records(article=article):
        revision = decision.revision
        change_log.setdefault(
            revision.pk,
            {
                "number": revision.number,
                "approved_at": revision.approved_at,
                "summary": revision.change_summary,
            },
        )
        if revision.pk == article.live_revision_id and decision.reviewer_id not in seen:
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
        for other in selectors.article_list_related_published(article=article)
        if other.pk != article.pk
    ]
    return PageDetails(
        approvers=approvers,
        change_log=list(reversed(entries)),
        related=related,
        first_approved_at=entries[0]["approved_at"] if entries else article.live_revision.approved_at,
    )


def page_details(article):
    """The cached details for a live article fetched by selectors.article_get_for_reader()."""
    key = _details_cache_key(article)
    details = cache.get(key)
    if details is None:
        details = _load_details(article)
        cache.set(key, details, DETAILS_CACHE_SECONDS)
    return details


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

    def json_ld(self, absolute_url):
        """schema.org MedicalWebPage, built from approved data only."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.article.question,
            "headline": self.article.question,
            "url": absolute_url(self.article.get_absolute_url()),
            "inLanguage": "en",
            "datePublished": self.details.first_approved_at.date().isoformat(),
            "dateModified": self.last_updated.date().isoformat(),
            "lastReviewed": self.last_updated.date().isoformat(),
            "reviewedBy": [
                {
                    "@type": "Person",
                    "name": member["name"],
                    "honorificSuffix": member["credentials"],
                    "description": member["specialty"],
                    "url": absolute_url(member["url"]),
                }
                for member in self.details.approvers
            ],
            "medicalAudience": {"@type": "MedicalAudience", "audienceType": AUDIENCE_TYPES[self.audience]},
            "publisher": {"@type": "Organization", "name": PUBLISHER_NAME},
            "citation": [_scholarly_article(entry) for entry in self.body.references],
        }
        if self.article.about:
            data["about"] = {"@type": "MedicalCondition", "name": self.article.about}
        return json_ld_script(data)


def _scholarly_article(entry):
    snap = entry.snapshot
    item = {"@type": "ScholarlyArticle", "name": snap.get("title", "")}
    if snap.get("authors"):
        item["author"] = [{"@type": "Person", "name": name} for name in snap["authors"]]
    if snap.get("source"):
        item["isPartOf"] = {"@type": "Periodical", "name": snap["source"]}
    if snap.get("year"):
        item["datePublished"] = str(snap["year"])
    identifiers = []
    if snap.get("doi"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": snap["doi"]})
    if snap.get("pmid"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "PMID", "value": snap["pmid"]})
    if identifiers:
        item["identifier"] = identifiers
    same_as = [url for url in (entry.doi_url, entry.pubmed_url) if url]
    if same_as:
        item["sameAs"] = same_as
    if entry.source_url:
        item["url"] = entry.source_url
    return item


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a JSON-LD script element, escaped like Django's json_script so that no value
    can close the element or start markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def article_page(*, slug, audience):
    """The reader page of a live article: one query when everything is cached, four when not.

    Raises Http404 when the article has no approved live revision.
    """
    from articles import selectors

    return article_page_for(selectors.article_get_for_reader(slug=slug), audience)


def article_page_for(article, audience):
    """The reader page of an article already fetched by selectors.article_get_for_reader."""
    return ArticlePage(
        article=article,
        audience=_normalise_audience(audience),
        body=reader_body(article.live_revision, audience),
        details=page_details(article),
    )


# Any publication anywhere can change a page (its related questions), so whole cached pages
# carry the current publication version; publishing or unpublishing moves it on.
PUBLICATION_VERSION_KEY = "reader:publication-version"


def _new_version():
    # Never a value used before, even if the key was evicted from the cache.
    return str(time.time_ns())


def publication_version():
    version = cache.get(PUBLICATION_VERSION_KEY)
    if version is None:
        version = _new_version()
        cache.add(PUBLICATION_VERSION_KEY, version, None)
        version = cache.get(PUBLICATION_VERSION_KEY, version)
    return version


def invalidate_reader_pages():
    """Called by the services once a publication or unpublication has committed."""
    cache.set(PUBLICATION_VERSION_KEY, _new_version(), None)


def page_html_cache_key(slug, audience, *, host):
    """The whole page as an anonymous reader sees it, per publication version (related
    questions), audience and host (absolute URLs in the JSON-LD). The entry also records the
    live revision it shows, which the view checks against the database on every request."""
    return (
        f"reader:html:v{CACHE_VERSION}:{publication_version()}:{slug}:{_normalise_audience(audience)}:{host}"
    )


def markdown_html(text):
    """Markdown typed by staff (e.g. the editorial policy) as HTML ready for a template:
    rendered and sanitised by articles.rendering, the only HTML this module marks safe."""
    return mark_safe(render_markdown(text).html)  # noqa: S308
