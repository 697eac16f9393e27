"""Marking a source retracted: approval stops, live articles are flagged, the approved text stays."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from articles import retractions
from articles import services as article_services
from articles.models import RetractionAlert, Revision
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.models import Notification
from notifications.tasks import deliver_notification
from references import services
from references.models import Reference
from reviews import decisions as review_decisions
from tests import factories

pytestmark = pytest.mark.django_db
NOTICE = "Retraction notice doi:10.5555/retraction.2024.007: data could not be verified."


def revision_state(revision):
    revision = Revision.objects.get(pk=revision.pk)
    return revision.state, revision.decisions.count(), revision.article.live_revision_id


def reader_html(client, revision):
    html = client.get(reverse("article-detail", args=[revision.article.slug])).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_retracted_source_blocks_approval_through_the_service(under_review, reference, reviewer, editor):
    services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    before = revision_state(under_review)
    with pytest.raises(ActionConflict, match=r"has been retracted"):
        review_decisions.revision_approve(
            checklist_confirmed=factories.all_checklist_keys(), revision=under_review, actor=reviewer
        )
    assert revision_state(under_review) == before


def test_a_retracted_source_blocks_approval_through_the_admin_button(
    client, under_review, reference, reviewer, editor
):
    services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    before = revision_state(under_review)
    response = client.post(
        reverse("admin:articles_revision_transition", args=[under_review.pk]),
        {"action": "approve", "comment": "Looks fine.", "checklist": factories.all_checklist_keys()},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("has been retracted" in m for m in messages)
    assert revision_state(under_review) == before
    # The revision page says why.
    page = client.get(reverse("admin:articles_revision_change", args=[under_review.pk])).content.decode()
    assert "has been retracted" in page


def test_a_retracted_source_blocks_submission_of_a_draft(draft, reference, editor):
    services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    with pytest.raises(InvalidAction, match="has been retracted"):
        article_services.revision_submit(revision=draft, actor=editor)
    assert Revision.objects.get(pk=draft.pk).state == Revision.State.DRAFT


def test_marking_flags_every_live_article_citing_it_and_mails_the_chief_editors(
    client, editor, reviewer, chief_editor, disclaimers, django_capture_on_commit_callbacks
):
    source = factories.ReferenceFactory(doi="10.5555/retracted.2019.042")
    other = factories.ReferenceFactory()
    first = factories.make_live(editor=editor, reviewer_user=reviewer, references=[source])
    second = factories.make_live(editor=editor, reviewer_user=reviewer, references=[source, other])
    unrelated = factories.make_live(editor=editor, reviewer_user=reviewer, references=[other])
    in_progress = factories.make_draft(editor=editor, references=[source])
    pages_before = {rev.pk: reader_html(client, rev) for rev in (first, second, unrelated)}
    Notification.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        alerts = services.reference_mark_retracted(
            reference=source, actor=editor, notice=NOTICE, retracted_on=datetime.date(2024, 3, 5)
        )

    assert {(a.article_id, a.revision_id) for a in alerts} == {
        (first.article_id, first.pk),
        (second.article_id, second.pk),
    }
    assert not RetractionAlert.objects.filter(article=in_progress.article).exists()
    source.refresh_from_db()
    assert (source.is_retracted, source.retracted_on) == (True, datetime.date(2024, 3, 5))
    row = source.history.latest()
    assert (row.history_user, row.history_change_reason) == (editor, f"Marked retracted — {NOTICE}")
    notification = Notification.objects.get(kind="reference_retracted")
    assert notification.recipient == chief_editor
    # The author of the open draft citing it learns why it can no longer be submitted.
    author_notice = Notification.objects.get(kind="cited_source_retracted")
    assert author_notice.recipient == editor
    assert in_progress.article.question in author_notice.body_text
    assert f"/workspace/revisions/{in_progress.pk}/" in author_notice.body_text
    # Delivery (two e-mails) happens only once the transaction commits; the reader pages' content
    # version moved on inside it (reader.freshness).
    assert len(callbacks) == 2
    assert deliver_notification(notification.pk) is True
    assert mail.outbox[0].to == [chief_editor.email]
    assert "Retracted source cited by 2 live articles" in mail.outbox[0].subject
    assert first.article.question in mail.outbox[0].body
    # Readers see the text the board approved; next to the source, a notice (tests/reader/
    # test_retraction_notice.py) once the reader pages are refreshed after the commit.
    for callback in callbacks:
        callback()
    for rev in (first, second, unrelated):
        without_notice = re.sub(
            r'\s*<p class="notice notice-warning reference-retracted".*?</p>',
            "",
            reader_html(client, rev),
            flags=re.S,
        )
        assert without_notice == pages_before[rev.pk]
    assert "The board is reviewing the article" in reader_html(client, first)
    assert "The board is reviewing the article" not in reader_html(client, unrelated)


def test_marking_twice_changes_nothing_and_notifies_no_one_again(
    live_revision, reference, editor, chief_editor
):
    services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    counts = (Reference.history.count(), RetractionAlert.objects.count(), Notification.objects.count())
    assert services.reference_mark_retracted(reference=reference, actor=editor, notice="Again.") == []
    assert (
        Reference.history.count(),
        RetractionAlert.objects.count(),
        Notification.objects.count(),
    ) == counts
    reference.refresh_from_db()
    assert reference.retraction_notice == NOTICE


def test_a_retraction_needs_a_notice_and_a_date_not_in_the_future(reference, editor):
    with pytest.raises(InvalidAction, match="notice cannot be empty"):
        services.reference_mark_retracted(reference=reference, actor=editor, notice="  ")
    with pytest.raises(InvalidAction, match="in the future"):
        services.reference_mark_retracted(
            reference=reference, actor=editor, notice=NOTICE, retracted_on=datetime.date(2999, 1, 1)
        )
    reference.refresh_from_db()
    assert not reference.is_retracted
    assert reference.history.count() == 1


def test_someone_without_the_library_permission_cannot_mark_a_retraction(reference):
    outsider = factories.UserFactory()
    with pytest.raises(ActionNotAllowed):
        services.reference_mark_retracted(reference=reference, actor=outsider, notice=NOTICE)
    assert not Reference.objects.get(pk=reference.pk).is_retracted


def test_the_admin_action_asks_for_a_notice_then_marks_through_the_service(
    client, staff_editor, live_revision, reference
):
    client.force_login(staff_editor)
    url = reverse("admin:references_reference_changelist")
    asked = client.post(url, {"action": "mark_retracted", ACTION_CHECKBOX_NAME: [reference.pk]})
    assert "Mark as retracted" in asked.content.decode()
    assert not Reference.objects.get(pk=reference.pk).is_retracted
    done = client.post(
        url,
        {"action": "mark_retracted", ACTION_CHECKBOX_NAME: [reference.pk], "notice": NOTICE},
        follow=True,
    )
    assert any("1 live article(s) flagged" in str(m) for m in done.context["messages"])
    assert Reference.objects.get(pk=reference.pk).is_retracted
    assert RetractionAlert.objects.filter(article=live_revision.article).count() == 1


def test_the_mark_retracted_page_of_one_entry(client, staff_editor, reference):
    client.force_login(staff_editor)
    url = reverse("admin:references_reference_mark_retracted", args=[reference.pk])
    assert client.post(url, {"notice": ""}).status_code == 200
    assert not Reference.objects.get(pk=reference.pk).is_retracted
    response = client.post(url, {"notice": NOTICE, "retracted_on": "2024-03-05"})
    assert response.status_code == 302
    assert Reference.objects.get(pk=reference.pk).retracted_on == datetime.date(2024, 3, 5)


def test_the_chief_editor_resolves_an_alert_and_others_cannot(
    client, live_revision, reference, editor, staff_chief
):
    (alert,) = services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    with pytest.raises(ActionNotAllowed):
        retractions.retraction_alert_resolve(alert=alert, actor=editor, resolution="Fine.")
    client.force_login(staff_chief)
    page = client.get(reverse("admin:articles_retractionalert_change", args=[alert.pk]))
    assert "Resolve the alert" in page.content.decode()
    client.post(
        reverse("admin:articles_retractionalert_resolve", args=[alert.pk]),
        {"resolution": "Revision 2 replaces the source."},
    )
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_by) == (RetractionAlert.Status.RESOLVED, staff_chief)
    with pytest.raises(ActionConflict, match="already been resolved"):
        retractions.retraction_alert_resolve(alert=alert, actor=staff_chief, resolution="Again.")


def test_only_a_chief_editor_can_clear_a_retraction_marked_by_mistake(reference, editor, chief_editor):
    services.reference_mark_retracted(reference=reference, actor=editor, notice=NOTICE)
    with pytest.raises(ActionNotAllowed):
        services.reference_clear_retraction(reference=reference, actor=editor, reason="Mistake.")
    services.reference_clear_retraction(reference=reference, actor=chief_editor, reason="Wrong DOI matched.")
    reference.refresh_from_db()
    assert not reference.is_retracted
    assert [row.history_change_reason for row in reference.history.order_by("history_id")][-1] == (
        "Retraction cleared — Wrong DOI matched."
    )


def test_editors_do_not_see_the_chief_editors_alerts(client, staff_editor):
    client.force_login(staff_editor)
    assert client.get(reverse("admin:articles_retractionalert_changelist")).status_code == 403
