"""Every kind of e-mail the platform sends has an HTML part; each is rendered the way the
outbox renders it (notifications.outbox.notification_queue, with factory-made objects) and
run through the Nu HTML Checker: any error fails, as for the site's pages.

Markup that people typed (a question, a comment, a retraction notice) is hostile on purpose,
so escaping that produced invalid HTML would show here too.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.outbox import notification_queue
from reviews import guests
from reviews.models import ReviewAssignment
from tests import factories
from tests.browser.markup import VNU, require, vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

HOSTILE = 'Is <b>ibuprofen</b> & "paracetamol" safe?\n<script>alert(1)</script>'
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "notifications" / "email"


def _contexts(*, editor, reviewer, board_member, chief_editor):
    """One context per kind of e-mail, as the service that sends it builds it."""
    reference = factories.ReferenceFactory(
        title="A <retracted> & withdrawn study", retraction_notice=HOSTILE, is_retracted=True
    )
    revision = factories.make_live(editor=editor, reviewer_user=reviewer, question=HOSTILE + "?")
    article = revision.article
    assignment = ReviewAssignment.objects.create(
        revision=revision,
        reviewer=board_member,
        assigned_by=chief_editor,
        due_at=timezone.now() + timedelta(days=7),
    )
    with_revision = {"revision": revision, "article": article}
    # A guest specialist invited to a submission under review, who then recommends changes.
    under_review = factories.make_under_review(
        editor=editor, reviewer_user=reviewer, question=HOSTILE + " too?"
    )
    invitation, _token = factories.make_guest_invitation(
        revision=under_review, chief_editor=chief_editor, name=HOSTILE, credentials="MD <b>"
    )
    recommendation = guests.guest_recommend(
        invitation=invitation,
        recommendation="request_changes",
        comment=HOSTILE,
        conflict_of_interest=HOSTILE,
    )
    with_guest = {"invitation": invitation, "revision": under_review, "article": under_review.article}
    return {
        "guest_invitation": {
            **with_guest,
            "inviter_name": HOSTILE,
            "link": guests.guest_link_for(invitation),
        },
        "guest_recommended": {**with_guest, "recommendation": recommendation},
        "revision_submitted": with_revision,
        "revision_approved": with_revision,
        "revision_scheduled": {**with_revision, "publish_at": timezone.now() + timedelta(days=2)},
        "schedule_cancelled": {
            **with_revision,
            "publish_at": timezone.now() + timedelta(days=2),
            "reason": HOSTILE,
            "actor": chief_editor,
        },
        "changes_requested": {**with_revision, "comment": HOSTILE, "reviewer": board_member},
        "article_unpublished": {**with_revision, "reason": HOSTILE, "actor": chief_editor},
        "reviewer_assigned": {**with_revision, "assignment": assignment},
        "overdue_digest": {"assignments": [assignment], "for_chief": True, "today": timezone.now()},
        "rereview_due": {"articles": [article], "interval_days": 365},
        "integrity_problems": {"problems": [HOSTILE, "A second problem."]},
        "cited_source_retracted": {**with_revision, "reference": reference},
        "reference_retracted": {
            "reference": reference,
            "alerts": [{"article": article, "revision": revision}],
            "actor": chief_editor,
        },
    }


def test_every_html_email_passes_the_nu_html_checker(
    editor, reviewer, board_member, chief_editor, disclaimers, tmp_path
):
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    contexts = _contexts(
        editor=editor, reviewer=reviewer, board_member=board_member, chief_editor=chief_editor
    )
    kinds = {path.stem for path in TEMPLATES.glob("*.html")} - {"base"}
    assert kinds == set(contexts), "every kind of e-mail needs a context here"
    recipient = factories.EditorFactory(email="someone@example.org")
    names = {}
    for kind, context in sorted(contexts.items()):
        with transaction.atomic():
            notification_queue(kind=kind, recipients=[recipient], context=context, event_key=f"check-{kind}")
        body = Notification.objects.get(kind=kind, recipient=recipient).body_html
        assert body.lstrip().startswith("<!DOCTYPE html>"), kind
        path = tmp_path / f"{kind}.html"
        path.write_text(body, encoding="utf-8")
        names[path.name] = kind
    errors = vnu_errors(tmp_path, names)
    assert errors == [], "\n".join(errors)
