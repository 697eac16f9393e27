"""The complete audit trail of one article, for regulators and the board: every revision
(with its fingerprint and what it pinned), every transition, decision, comment and
assignment, with who and when. Exported as JSON or CSV; read-only."""

import csv
import io
import json
from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from articles.models import Article, Revision
from reviews.selectors import article_timeline_for
from roles import policy
from roles.policy import Action

CSV_COLUMNS = ["when", "kind", "revision", "who", "what", "comment", "checklist"]


def _person(user):
    return {"id": user.pk, "username": user.username, "name": user.get_full_name()} if user else None


def _revision_record(revision):
    def disclaimer(pinned):
        return {"version": pinned.version, "text": pinned.text} if pinned else None

    return {
        "number": revision.number,
        "state": revision.state,
        "question": revision.question,
        "author": _person(revision.author),
        "based_on": revision.based_on.number if revision.based_on else None,
        "change_summary": revision.change_summary,
        "created_at": revision.created_at,
        "submitted_at": revision.submitted_at,
        "review_started_at": revision.review_started_at,
        "decided_at": revision.decided_at,
        "approved_at": revision.approved_at,
        "content_sha256": revision.content_sha256,
        "content_intact": revision.content_is_intact() if revision.content_sha256 else None,
        "disclaimer_patient": disclaimer(revision.disclaimer_patient),
        "disclaimer_professional": disclaimer(revision.disclaimer_professional),
        "references": [
            {
                "citation_key": citation.reference.citation_key,
                "pinned": citation.pinned_snapshot,
                "pinned_history_id": citation.pinned_history_id,
            }
            for citation in revision.citations.all()
        ],
        "body_patient": revision.body_patient,
        "body_professional": revision.body_professional,
    }


def article_audit_record(*, article, user):
    """The trail as plain data, with what `user` may see of it (chief editors: everything;
    nobody else is shown a draft that was never submitted)."""
    revisions = (
        policy.visible_revisions(user, Revision.objects.filter(article=article))
        .select_related("author", "based_on", "disclaimer_patient", "disclaimer_professional")
        .prefetch_related("citations__reference")
        .order_by("number")
    )
    return {
        "article": {
            "slug": article.slug,
            "question": article.question,
            "specialty": article.specialty,
            "live_revision": article.live_revision.number if article.live_revision else None,
            "unpublished_at": article.unpublished_at,
            "unpublished_reason": article.unpublished_reason,
        },
        "exported_at": timezone.now(),
        "revisions": [_revision_record(revision) for revision in revisions],
        "events": [asdict(event) for event in article_timeline_for(article=article, user=user)],
    }


def article_audit_csv(*, article, user):
    """The trail's events, one row each, oldest first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for event in article_timeline_for(article=article, user=user):
        writer.writerow(
            {
                "when": event.when.isoformat(),
                "kind": event.kind,
                "revision": event.revision_number or "",
                "who": event.who,
                "what": event.what,
                "comment": event.comment,
                "checklist": json.dumps(event.checklist, sort_keys=True) if event.checklist else "",
            }
        )
    return buffer.getvalue()


def _article_for(request, slug):
    policy.require(request.user, Action.EXPORT_AUDIT)
    article = get_object_or_404(Article, slug=slug)
    policy.require(request.user, Action.EXPORT_AUDIT, article)
    return article


@login_required
def audit_export_json(request, slug):
    article = _article_for(request, slug)
    record = article_audit_record(article=article, user=request.user)
    body = json.dumps(record, cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="audit-{article.slug}.json"'
    return response


@login_required
def audit_export_csv(request, slug):
    article = _article_for(request, slug)
    response = HttpResponse(
        article_audit_csv(article=article, user=request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{article.slug}.csv"'
    return response
