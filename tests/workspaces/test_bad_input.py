"""Bad input through the workspace pages: a clear message, and nothing changed."""

import pytest
from django.test import override_settings
from django.urls import reverse

from articles import services
from articles.models import Article, Revision
from notifications.models import Notification
from reviews import decisions as review_decisions
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db


def _snapshot(revision):
    revision.refresh_from_db()
    return (revision.state, revision.body_patient, revision.body_professional, revision.history.count())


def test_saving_an_empty_draft_is_refused_with_a_message(client, editor, draft):
    before = _snapshot(draft)
    client.force_login(editor)
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {
            "action": "save",
            "question": draft.question,
            "body_patient": "  ",
            "body_professional": "",
            "change_summary": "x",
        },
    )
    assert response.status_code == 400
    assert "The draft is empty" in response.content.decode()
    assert _snapshot(draft) == before


def test_submitting_a_draft_with_an_empty_wording_is_refused_with_a_message(client, editor, disclaimers):
    revision = factories.make_draft(editor=editor, body_professional="")
    before = _snapshot(revision)
    client.force_login(editor)
    response = client.post(reverse("workspace-revision-submit", args=[revision.pk]))
    assert response.status_code == 400
    assert "healthcare professional wording is empty" in response.content.decode()
    assert _snapshot(revision) == before
    assert not Notification.objects.exists()


def test_an_empty_question_is_refused_and_changes_nothing(client, editor, draft):
    before = _snapshot(draft)
    client.force_login(editor)
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {
            "action": "save",
            "question": "   ",
            "body_patient": draft.body_patient,
            "body_professional": draft.body_professional,
            "change_summary": "x",
        },
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert _snapshot(draft) == before


def test_citing_an_unknown_reference_is_refused_and_the_typed_text_is_kept(client, editor, draft):
    before = _snapshot(draft)
    client.force_login(editor)
    typed = "Ice helps [@nosuchkey2024]."
    response = client.post(
        reverse("workspace-revision-edit", args=[draft.pk]),
        {
            "action": "save",
            "question": draft.question,
            "body_patient": typed,
            "body_professional": "Ice.",
            "change_summary": "Ice",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "[@nosuchkey2024]" in body and "match no entry in the reference library" in body
    assert typed in body  # not lost: the form comes back with it
    assert _snapshot(draft) == before


def test_a_decision_on_a_revision_that_moved_on_gets_a_conflict_page(
    client, under_review, reviewer, second_reviewer, all_checked
):
    review_decisions.revision_request_changes(revision=under_review, actor=reviewer, comment="Add the dose.")
    before = _snapshot(under_review)
    client.force_login(second_reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {"decision": "approve", "checklist": all_checked, "comment": "Fine."},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changes requested now" in body and "Nothing was changed." in body
    assert reverse("workspace-compare", args=[under_review.pk]) in body  # a link back
    assert _snapshot(under_review) == before
    assert ReviewDecision.objects.count() == 1


@override_settings(REVIEW_APPROVAL_QUORUM=2)
def test_a_double_submitted_approval_records_one_decision_and_explains_the_second(
    client, under_review, reviewer, all_checked
):
    client.force_login(reviewer)
    url = reverse("workspace-review-decide", args=[under_review.pk])
    data = {"decision": "approve", "checklist": all_checked, "comment": "Accurate."}
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.status_code == 409
    assert "already recorded your decision" in second.content.decode()
    assert ReviewDecision.objects.filter(revision=under_review).count() == 1


def test_a_double_submitted_submission_submits_once(client, editor, draft, reviewer):
    client.force_login(editor)
    url = reverse("workspace-revision-submit", args=[draft.pk])
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert second.status_code == 409
    assert "submitted now, so it cannot be submitted" in second.content.decode()
    draft.refresh_from_db()
    assert draft.history.filter(state=Revision.State.SUBMITTED).count() == 1
    assert Notification.objects.filter(kind="revision_submitted").count() == 1


def test_a_double_submitted_new_article_form_creates_one_article(client, editor):
    client.force_login(editor)
    data = {"question": "Does ice help a sprained ankle?", "specialty": "Sports medicine"}
    assert client.post(reverse("workspace-article-create"), data).status_code == 302
    second = client.post(reverse("workspace-article-create"), data)
    assert second.status_code == 400
    assert "already exists" in second.content.decode()
    assert Article.objects.count() == 1


def test_approving_without_the_checklist_is_refused(client, under_review, reviewer, checklist):
    before = _snapshot(under_review)
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {"decision": "approve", "checklist": [checklist[0].key], "comment": "Fine."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Confirm every point of the review checklist" in body
    assert checklist[1].label in body
    assert _snapshot(under_review) == before
    assert not ReviewDecision.objects.exists()


def test_requesting_changes_without_a_comment_is_refused(client, under_review, reviewer, all_checked):
    before = _snapshot(under_review)
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {"decision": "request_changes", "checklist": all_checked, "comment": "  "},
    )
    assert response.status_code == 400
    assert "needs a comment" in response.content.decode()
    assert _snapshot(under_review) == before
    assert not ReviewDecision.objects.exists()


def test_a_declared_conflict_of_interest_stops_approval(client, under_review, reviewer, all_checked):
    before = _snapshot(under_review)
    client.force_login(reviewer)
    response = client.post(
        reverse("workspace-review-decide", args=[under_review.pk]),
        {
            "decision": "approve",
            "checklist": all_checked,
            "conflict_of_interest": "I advise the maker of the gel this article recommends.",
        },
    )
    assert response.status_code == 403
    assert "conflict of interest" in response.content.decode()
    assert _snapshot(under_review) == before
    assert not ReviewDecision.objects.exists()


def test_assigning_with_a_past_due_date_or_nobody_is_refused(client, chief_editor, draft, editor, reviewer):
    services.revision_submit(revision=draft, actor=editor)
    client.force_login(chief_editor)
    url = reverse("workspace-assign", args=[draft.pk])
    past = client.post(url, {"reviewers": [reviewer.board_member.pk], "due_at": "2001-01-01T10:00"})
    nobody = client.post(url, {"due_at": "2999-01-01T10:00"})
    assert past.status_code == 400 and "Choose a date in the future" in past.content.decode()
    assert nobody.status_code == 400
    assert not draft.assignments.exists()
