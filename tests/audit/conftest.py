import contextlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import intake, services
from audit import triggers
from references import services as reference_services
from reviews import decisions as review_decisions
from reviews import guests
from reviews import services as board_services
from reviews.models import ChecklistItem, EditorialPolicy
from tests import factories


@contextlib.contextmanager
def triggers_lifted():
    """Play the attacker with database rights: lift the append-only triggers for a moment."""
    triggers.remove()
    try:
        yield
    finally:
        triggers.install()


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def demo_like(editor, reviewer, second_reviewer, chief_editor, reference, disclaimers):
    """A small library built through the services, with a row in every history table: a live
    article with a change request behind it, one in review with an assigned reviewer, a withdrawn
    draft, an unpublished article with a figure, one approved to go live tomorrow, a reader's
    question and a retracted source."""
    first, second = factories.make_live_after_change_request(
        editor=editor, reviewer_user=reviewer, references=[reference]
    )
    in_review = factories.make_under_review(
        editor=editor, reviewer_user=second_reviewer, references=[reference]
    )
    board_services.revision_assign_reviewers(
        revision=in_review,
        actor=chief_editor,
        reviewers=[factories.BoardMemberFactory()],
        due_at=board_services.default_due_at(),
    )
    guest, _token = factories.make_guest_invitation(revision=in_review, chief_editor=chief_editor)
    guests.guest_recommend(invitation=guest, recommendation="approve", conflict_of_interest="None declared.")
    guests.guest_revoke(invitation=guest, actor=chief_editor)
    withdrawn = factories.make_draft(editor=editor)
    services.revision_withdraw(revision=withdrawn, actor=editor, reason="Duplicate of another article")
    # Live with a figure (then unpublished), so the figure tables have history rows too.
    gone = factories.make_draft(
        editor=editor, body_patient=factories.body_citing(reference) + "\n\n![@knee-x-ray]\n"
    )
    factories.upload_figure(revision=gone, actor=editor)
    services.revision_submit(revision=gone, actor=editor)
    review_decisions.revision_start_review(revision=gone, actor=reviewer)
    review_decisions.revision_approve(
        revision=gone, actor=reviewer, comment="Fine.", checklist_confirmed=factories.all_checklist_keys()
    )
    gone.refresh_from_db()
    services.article_unpublish(article=gone.article, actor=chief_editor, reason="Superseded by guidance")
    scheduled = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    review_decisions.revision_approve(
        revision=scheduled,
        actor=reviewer,
        checklist_confirmed=factories.all_checklist_keys(),
        publish_at=timezone.now() + timedelta(days=1),
    )
    intake.followup_question_submit(
        article=second.article,
        question="Can I take it with food?",
        audience="patient",
        client_address="192.0.2.1",
    )
    policy = EditorialPolicy(
        title="Editorial policy", body="Every article is reviewed.", updated_by=chief_editor
    )
    policy.save()
    ChecklistItem(key="sources", label="Sources checked", position=9).save()
    cited_by_live = factories.ReferenceFactory()
    third = services.revision_create_draft(article=second.article, actor=editor)
    services.revision_update_draft(
        revision=third,
        actor=editor,
        body_patient=third.body_patient + f" [@{cited_by_live.citation_key}]",
        body_professional=third.body_professional,
        change_summary="New source",
    )
    reference_services.reference_mark_retracted(
        reference=reference, actor=chief_editor, notice="Retracted 2026"
    )
    from syndication.models import Partner

    Partner.objects.create(name="Riverside Clinic", contact_email="web@riverside.example")
    return {
        "first": first,
        "live": second,
        "in_review": in_review,
        "withdrawn": withdrawn,
        "unpublished": gone,
    }
