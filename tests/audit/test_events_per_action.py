"""Every action writes one structured event in its own transaction: who, what, from/to, the
comment and the payload (checklist answers, conflict of interest, reason, ...)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import intake, services
from articles.models import Revision
from audit.integrity import problems
from audit.models import Event
from references import services as reference_services
from reviews import decisions
from reviews import services as board_services
from reviews.models import ChecklistItem, EditorialPolicy
from tests import factories

pytestmark = pytest.mark.django_db


def last(verb):
    return Event.objects.filter(verb=verb).order_by("sequence").last()


def test_creating_editing_and_submitting_a_draft_are_recorded(editor, reference, disclaimers):
    draft = factories.make_draft(editor=editor, references=[reference])
    created = last("article.create")
    assert (created.actor, created.object_repr, created.article_id) == (
        editor,
        draft.article.question,
        draft.article_id,
    )
    assert created.data["slug"] == draft.article.slug
    assert last("revision.create_draft").data == {"revision": 1, "based_on": None}
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=draft.body_patient + " More.",
        body_professional=draft.body_professional,
        change_summary="Clearer",
        question="How is knee pain best treated?",
    )
    edited = last("revision.update_draft")
    assert edited.data == {
        "revision": 1,
        "question": "How is knee pain best treated?",
        "change_summary": "Clearer",
    }
    services.revision_submit(revision=draft, actor=editor)
    submitted = last("revision.submit")
    assert (submitted.from_state, submitted.to_state, submitted.actor) == ("draft", "submitted", editor)
    assert submitted.data == {"revision": 1, "change_summary": "Clearer"}


def test_a_withdrawal_keeps_its_reason_in_the_payload(draft, editor):
    services.revision_withdraw(revision=draft, actor=editor, reason="Duplicate of another article")
    event = last("revision.withdraw")
    assert (event.from_state, event.to_state) == ("draft", "withdrawn")
    assert event.comment == "Duplicate of another article"
    assert event.data == {"revision": 1, "reason": "Duplicate of another article"}


def test_a_change_request_keeps_the_checklist_answers_and_the_conflict_declared(under_review, reviewer):
    ChecklistItem(key="units", label="Units checked", position=1).save()
    decisions.revision_request_changes(
        revision=under_review,
        actor=reviewer,
        comment="Add the dose.",
        checklist_confirmed=["units"],
        conflict_of_interest="I consult for the maker of one drug named.",
    )
    event = last("revision.request_changes")
    assert (event.actor, event.from_state, event.to_state) == (reviewer, "under_review", "changes_requested")
    assert event.comment == "Add the dose."
    assert event.data["checklist"]["units"] == {"label": "Units checked", "confirmed": True}
    assert not any(answer["confirmed"] for key, answer in event.data["checklist"].items() if key != "units")
    assert event.data["conflict_of_interest"] == "I consult for the maker of one drug named."
    assert event.data["reviewer"]["name"] == reviewer.board_member.display_name


def test_starting_a_review_approving_and_publishing_are_recorded(under_review, reviewer):
    started = last("revision.start_review")
    assert (started.actor, started.from_state, started.to_state) == (reviewer, "submitted", "under_review")
    decisions.revision_approve(
        revision=under_review,
        actor=reviewer,
        comment="Accurate.",
        checklist_confirmed=factories.all_checklist_keys(),
    )
    under_review.refresh_from_db()
    approved = last("revision.approve")
    assert approved.comment == "Accurate."
    assert approved.data["checklist"] == under_review.decisions.get().checklist
    assert (approved.data["approvals"], approved.data["quorum"]) == (1, 1)
    published = last("revision.publish")
    assert published.sequence > approved.sequence
    assert (published.from_state, published.to_state) == ("under_review", "approved")
    assert published.data["content_sha256"] == under_review.content_sha256
    assert published.data["approved_by"][0]["name"] == reviewer.board_member.display_name
    assert published.data["disclaimers"] == {"patient": 1, "professional": 1}


def test_unpublishing_and_the_chief_editors_assignments_are_recorded(
    live_revision, chief_editor, editor, reviewer, second_reviewer, reference
):
    services.article_unpublish(article=live_revision.article, actor=chief_editor, reason="Guidance withdrawn")
    event = last("article.unpublish")
    assert (event.actor, event.comment, event.data) == (
        chief_editor,
        "Guidance withdrawn",
        {"reason": "Guidance withdrawn", "revision": 1},
    )
    submitted = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=submitted, actor=editor)
    member = second_reviewer.board_member
    due = board_services.default_due_at()
    (assignment,) = board_services.revision_assign_reviewers(
        revision=submitted, actor=chief_editor, reviewers=[member], due_at=due
    )
    assigned = last("assignment.assign")
    assert (assigned.article_id, assigned.data["reviewer"]["name"]) == (
        submitted.article_id,
        member.display_name,
    )
    board_services.assignment_reassign(
        assignment=assignment, actor=chief_editor, reviewer=reviewer.board_member, due_at=due
    )
    moved = last("assignment.reassign")
    assert moved.data["previous_reviewer"]["name"] == member.display_name
    assert moved.data["reviewer"]["name"] == reviewer.board_member.display_name


def test_reminders_and_rereview_flags_are_recorded_as_the_system(
    live_revision, editor, chief_editor, reference
):
    submitted = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=submitted, actor=editor)
    board_services.revision_assign_reviewers(
        revision=submitted,
        actor=chief_editor,
        reviewers=[factories.BoardMemberFactory()],
        due_at=timezone.now() + datetime.timedelta(hours=1),
    )
    later = timezone.now() + datetime.timedelta(days=400)
    assert board_services.review_remind_overdue(now=later) == 1
    reminded = last("assignment.remind")
    assert (reminded.actor, reminded.actor_label) == (None, "The system")
    assert board_services.article_flag_due_for_rereview(now=later)
    assert last("article.flag_rereview").article_id == live_revision.article_id


def test_reader_questions_retractions_and_library_changes_are_recorded(
    live_revision, editor, chief_editor, reference
):
    asked = intake.followup_question_submit(
        article=live_revision.article, question="Can I run?", audience="patient", client_address="192.0.2.9"
    )
    event = last("followup.ask")
    assert (event.actor, event.object_id, event.article_id) == (None, str(asked.pk), live_revision.article_id)
    assert "Can I run?" not in str(event.data)  # the question stays in the intake queue
    intake.followup_question_plan_article(question=asked, actor=editor)
    assert last("followup.plan").to_state == "planned"
    reference_services.reference_mark_retracted(
        reference=reference, actor=chief_editor, notice="Retracted 2026"
    )
    marked = last("reference.mark_retracted")
    assert marked.data["notice"] == "Retracted 2026"
    alert = last("retraction_alert.raise")
    assert alert.article_id == live_revision.article_id
    reference_services.reference_clear_retraction(
        reference=reference, actor=chief_editor, reason="Wrong entry"
    )
    assert last("reference.clear_retraction").data["reason"] == "Wrong entry"
    assert list(problems()) == []


def test_a_refused_action_writes_no_event(live_revision, editor):
    count = Event.objects.count()
    with pytest.raises(Exception, match="cannot"):
        services.revision_withdraw(revision=live_revision, actor=editor, reason="Oops")
    assert Event.objects.count() == count
    assert Revision.objects.get(pk=live_revision.pk).state == "approved"


def test_admin_changes_to_the_policy_are_recorded(client, chief_editor):
    policy = EditorialPolicy(title="Editorial policy", body="Old.")
    policy.save()
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:reviews_editorialpolicy_change", args=[policy.pk])
    response = client.post(url, {"title": "Editorial policy", "body": "Every article is reviewed by two."})
    assert response.status_code == 302
    event = last("admin.change")
    assert (event.actor, event.object_id) == (admin, str(policy.pk))
    assert event.data == {"model": "reviews.editorialpolicy", "changed_fields": ["body"]}


def test_chief_editors_read_the_event_log_in_the_admin_and_nobody_can_change_it(
    client, chief_editor, live_revision
):
    chief_editor.is_staff = True
    chief_editor.save()
    client.force_login(chief_editor)
    listing = client.get(reverse("admin:audit_event_changelist"))
    assert listing.status_code == 200
    assert "revision.publish" in listing.content.decode()
    event = Event.objects.filter(verb="revision.publish").get()
    assert client.get(reverse("admin:audit_event_change", args=[event.pk])).status_code == 200
    before = Event.objects.count()
    assert (
        client.post(reverse("admin:audit_event_change", args=[event.pk]), {"comment": "x"}).status_code == 403
    )
    assert (
        client.post(reverse("admin:audit_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:audit_event_add")).status_code == 403
    assert Event.objects.count() == before
    assert list(problems()) == []


def test_editors_cannot_read_the_event_log(client, editor, live_revision):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:audit_event_changelist")).status_code == 403
