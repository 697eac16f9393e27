"""Public verification of a live article: who approved what, and the fingerprinted document.

Only what readers may already see: approved revisions of a live article, the approving
members' public names and credentials, dates, fingerprints. Never drafts, comments or
conflict-of-interest declarations. An article that is not live is a 404 on both pages.

Both are reader pages like the article's (reader.http.public_page): cached under the reader
content version, validated (ETag, 304), public and cookie-free for anonymous readers. A
publication or an unpublication moves the version on and purges `/articles/<slug>/*` from the
caches in front of the site (reader.receivers), so neither page is older than the last change
made through the site. A change made behind its back (straight in the database) moves no
version: the pages show it once the day changes (the day is part of every page's key), and the
daily integrity check mails it to the chief editors.
"""

from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles import fingerprint, selectors
from articles.models import Revision
from reviews.integrity import revision_problems
from reviews.models import ReviewDecision

from .http import public_page


def _approvals_by_revision(revisions):
    """For each revision, the approving decisions recorded at its approval that are on file,
    with their members, in one query for all of them."""
    recorded = {
        revision.pk: {entry.get("id") for entry in (revision.approval_record or {}).get("decisions", [])}
        for revision in revisions
    }
    decisions = (
        ReviewDecision.objects.filter(
            revision_id__in=recorded,
            pk__in=set().union(*recorded.values()),
            decision=ReviewDecision.Decision.APPROVE,
        )
        .select_related("reviewer")
        .only(
            "revision_id", "created_at", "reviewer__display_name", "reviewer__credentials", "reviewer__slug"
        )
        .order_by("created_at", "pk")
    )
    approvals = defaultdict(list)
    for decision in decisions:
        if decision.pk in recorded[decision.revision_id]:
            approvals[decision.revision_id].append(decision)
    return approvals


def _document_sha256(revision):
    try:
        return fingerprint.sha256_hex(fingerprint.document_bytes(revision))
    except fingerprint.UnknownFingerprintVersion:
        return None  # the problems listed on the page say so


@require_safe
@public_page
def article_verify(request, slug):
    article = selectors.article_get_published(slug=slug)
    live = article.live_revision
    approved = list(
        # Only what went live: a revision waiting for its scheduled time is not public yet.
        Revision.objects.published()
        .filter(article=article)
        .only("number", "state", "approved_at", "content_sha256", "fingerprint_version", "approval_record")
        .order_by("-number")
    )
    approvals = _approvals_by_revision(approved)
    context = {
        "article": article,
        "live": live,
        "document_sha256": _document_sha256(live),
        "problems": [problem.message for problem in revision_problems(live)],
        "revisions": [{"revision": revision, "approvals": approvals[revision.pk]} for revision in approved],
        "json_url": request.build_absolute_uri(reverse("article-verify-json", kwargs={"slug": article.slug})),
    }
    return render(request, "reader/verify.html", context)


@require_safe
@public_page
def article_verify_json(request, slug):
    """The live revision's canonical document, byte for byte: its SHA-256 is the fingerprint
    when nothing has changed since approval."""
    article = selectors.article_get_published(slug=slug)
    try:
        document = fingerprint.document_bytes(article.live_revision)
    except fingerprint.UnknownFingerprintVersion:
        message = "This article's fingerprint is of a version this site cannot rebuild; it is being checked."
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/json")
    response["X-Fingerprint-Version"] = str(article.live_revision.fingerprint_version or "")
    return response
