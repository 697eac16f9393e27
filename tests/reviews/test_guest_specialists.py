"""Guest specialists: a chief editor invites an outside expert to review one revision through a
signed link that expires and can be revoked; the guest's recommendation is on record and never
counts towards the approval quorum."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from articles.models import Revision, RevisionFrozen
from audit.guards import BulkChangeRefused
from audit.models import Event
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.models import Notification
from reviews import decisions, guests, selectors
from reviews.models import GuestInvitation, GuestRecommendation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(under_review, chief_editor):
    return factories.make_guest_invitation(revision=under_review, chief_editor=chief_editor)


def _events(verb):
    return list(Event.objects.filter(verb=verb).order_by("sequence"))


def _recommend(invitation, recommendation="approve", **kwargs):
    kwargs.setdefault("conflict_of_interest", "None declared.")
    return guests.guest_recommend(invitation=invitation, recommendation=recommendation, **kwargs)


# ----------------------------------------------------------------------
# Inviting
# ----------------------------------------------------------------------
def test_a_chief_editor_invites_a_guest_whose_link_goes_out_through_the_outbox(
    under_review, chief_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation, token = factories.make_guest_invitation(
            revision=under_review, chief_editor=chief_editor, email="ana.ruiz@example.org"
        )
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    mail = Notification.objects.get(kind="guest_invitation")
    assert mail.to_email == "ana.ruiz@example.org" and mail.recipient is None
    assert f"/guest/{token}/" in mail.body_text and f"/guest/{token}/" in mail.body_html
    assert len(callbacks) == 1  # delivered by Celery once the invitation is committed
    [event] = _events("guest.invite")
    assert event.actor == chief_editor and event.article_id == under_review.article_id
    assert event.data["guest"] == {"name": invitation.name, "credentials": invitation.credentials}
    assert "ana.ruiz@example.org" not in str(event.data)  # the append-only log keeps no address


def test_the_token_is_signed_not_stored(invited):
    invitation, token = invited
    stored = GuestInvitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in str(stored)
    assert guests.guest_link_open(token=token) == invitation


def test_only_a_chief_editor_invites_and_only_while_the_revision_is_in_review(
    under_review, draft, live_revision, reviewer, editor, chief_editor
):
    for user in (reviewer, editor):
        with pytest.raises(ActionNotAllowed):
            factories.make_guest_invitation(revision=under_review, chief_editor=user)
    for revision in (draft, live_revision):
        with pytest.raises(ActionConflict):
            factories.make_guest_invitation(revision=revision, chief_editor=chief_editor)
    assert GuestInvitation.objects.count() == 0
    assert not _events("guest.invite") and Notification.objects.filter(kind="guest_invitation").count() == 0


@pytest.mark.parametrize(
    "field, value",
    [("email", "not an address"), ("name", "  "), ("credentials", ""), ("days", 0), ("days", 61)],
)
def test_an_invitation_with_bad_details_is_refused_with_nothing_written(
    under_review, chief_editor, field, value
):
    with pytest.raises(InvalidAction):
        factories.make_guest_invitation(revision=under_review, chief_editor=chief_editor, **{field: value})
    assert GuestInvitation.objects.count() == 0 and not Notification.objects.filter(kind="guest_invitation")


# ----------------------------------------------------------------------
# The link: expiry, revocation, tampering; every use on record
# ----------------------------------------------------------------------
def test_every_use_of_the_link_is_recorded_without_personal_details(invited):
    invitation, token = invited
    for _ in range(3):
        assert guests.guest_link_open(token=token) == invitation
    opened = _events("guest.link_opened")
    assert len(opened) == 3
    for event in opened:
        assert event.actor is None and invitation.name in event.actor_label
        assert event.data == {"revision": invitation.revision.number, "invitation": invitation.pk}


def test_the_link_stops_working_when_it_expires_and_the_refusal_is_recorded(invited):
    invitation, token = invited
    with time_machine.travel(invitation.expires_at - timedelta(minutes=1)):
        assert guests.guest_link_open(token=token) == invitation
    with time_machine.travel(invitation.expires_at + timedelta(seconds=1)):
        with pytest.raises(guests.GuestLinkRefused, match="expired") as refused:
            guests.guest_link_open(token=token)
        with pytest.raises(ActionNotAllowed, match="expired"):
            _recommend(invitation)
    assert refused.value.status == 410
    [event] = _events("guest.link_refused")
    assert event.data["link"] == "expired"
    assert GuestRecommendation.objects.count() == 0


def test_a_revoked_link_dies_at_once(invited, chief_editor):
    invitation, token = invited
    guests.guest_revoke(invitation=invitation, actor=chief_editor)
    with pytest.raises(guests.GuestLinkRefused, match="withdrawn") as refused:
        guests.guest_link_open(token=token)
    assert refused.value.status == 410
    with pytest.raises(ActionNotAllowed):
        _recommend(invitation)
    [revoked] = _events("guest.revoke")
    assert revoked.actor == chief_editor
    assert _events("guest.link_refused")[0].data["link"] == "revoked"
    with pytest.raises(ActionConflict):
        guests.guest_revoke(invitation=invitation, actor=chief_editor)


def test_only_a_chief_editor_revokes(invited, reviewer):
    invitation, token = invited
    with pytest.raises(ActionNotAllowed):
        guests.guest_revoke(invitation=invitation, actor=reviewer)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert guests.guest_link_open(token=token) == invitation


def test_a_tampered_or_foreign_token_opens_nothing_and_names_no_invitation(invited, draft):
    invitation, token = invited
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        signing.dumps({"i": invitation.pk, "r": invitation.revision_id}, salt="another.use"),
        signing.dumps({"i": invitation.pk, "r": invitation.revision_id}),  # no salt
        # Signed right but naming another revision than the invitation's: refused all the same.
        signing.dumps({"i": invitation.pk, "r": draft.pk}, salt=guests.TOKEN_SALT),
        signing.dumps({"i": invitation.pk + 1, "r": invitation.revision_id}, salt=guests.TOKEN_SALT),
        signing.dumps(["not", "a", "mapping"], salt=guests.TOKEN_SALT),
        "",
        "x" * 300,
    ]
    for bad in forged:
        with pytest.raises(guests.GuestLinkRefused) as refused:
            guests.guest_link_open(token=bad)
        assert refused.value.status == 403
        assert invitation.name not in str(refused.value)
    assert not _events("guest.link_opened") and not _events("guest.link_refused")


# ----------------------------------------------------------------------
# The recommendation
# ----------------------------------------------------------------------
def test_a_guest_approval_publishes_nothing_and_leaves_the_quorum_alone(invited, settings):
    settings.REVIEW_APPROVAL_QUORUM = 1
    invitation, _token = invited
    revision = invitation.revision
    history = Revision.history.filter(id=revision.pk).count()
    _recommend(invitation, "approve", comment="Accurate and complete.")
    revision.refresh_from_db()
    assert revision.state == Revision.State.UNDER_REVIEW
    assert revision.article.live_revision_id is None and revision.approved_at is None
    assert revision.approval_count() == 0
    assert selectors.revision_quorum(revision=revision).count == 0
    assert Revision.history.filter(id=revision.pk).count() == history
    assert not _events("revision.publish") and not _events("revision.approve")


def test_the_board_still_decides_after_a_guest_recommended(invited, second_reviewer):
    invitation, _token = invited
    _recommend(invitation, "request_changes", comment="The dose is wrong.")
    revision = decisions.revision_approve(
        revision=invitation.revision,
        actor=second_reviewer,
        checklist_confirmed=factories.all_checklist_keys(),
    )
    assert revision.state == Revision.State.APPROVED
    assert [d.reviewer.user for d in revision.approvals()] == [second_reviewer]


def test_a_recommendation_is_recorded_once_and_never_changed(invited):
    invitation, _token = invited
    made = _recommend(invitation, "request_changes", comment="Check the dose.")
    told = Notification.objects.get(kind="guest_recommended")  # the chief editor who invited
    assert told.recipient == invitation.invited_by and "Check the dose." in told.body_text
    [event] = _events("guest.recommend")
    assert event.comment == "Check the dose." and event.data["recommendation"] == "request_changes"
    assert event.data["conflict_of_interest"] == "None declared."
    with pytest.raises(ActionConflict, match="already been recorded"):
        _recommend(invitation, "approve")
    made.comment = "Changed my mind."
    with pytest.raises(RevisionFrozen):
        made.save()
    with pytest.raises(RevisionFrozen):
        made.delete()
    with pytest.raises(RevisionFrozen):
        invitation.delete()
    with pytest.raises(BulkChangeRefused):
        GuestRecommendation.objects.update(comment="x")
    with pytest.raises(BulkChangeRefused):
        GuestRecommendation.objects.all().delete()
    assert GuestRecommendation.objects.get().comment == "Check the dose."


@pytest.mark.parametrize(
    "answers, field",
    [
        ({"recommendation": "request_changes", "comment": " "}, "comment"),
        ({"recommendation": "approve", "conflict_of_interest": ""}, "conflict_of_interest"),
        ({"recommendation": "publish"}, "recommendation"),
        ({"recommendation": "approve", "comment": "a\x00b"}, None),
        ({"recommendation": "approve", "comment": "x" * 10_001}, None),
    ],
)
def test_a_recommendation_with_bad_answers_is_refused_with_nothing_written(invited, answers, field):
    invitation, _token = invited
    answers = {"conflict_of_interest": "None declared.", **answers}
    with pytest.raises(InvalidAction) as refused:
        guests.guest_recommend(invitation=invitation, **answers)
    if field:
        assert field in refused.value.field_errors
    assert GuestRecommendation.objects.count() == 0 and not _events("guest.recommend")


def test_no_recommendation_once_the_board_has_decided(invited, second_reviewer):
    invitation, token = invited
    decisions.revision_approve(
        revision=invitation.revision,
        actor=second_reviewer,
        checklist_confirmed=factories.all_checklist_keys(),
    )
    assert guests.guest_link_open(token=token) == invitation  # still readable until it expires
    with pytest.raises(ActionConflict, match="finished reviewing"):
        _recommend(invitation)
    assert GuestRecommendation.objects.count() == 0


# ----------------------------------------------------------------------
# The timeline
# ----------------------------------------------------------------------
def test_the_timeline_shows_the_invitation_the_uses_the_recommendation_and_the_revocation(
    invited, chief_editor
):
    invitation, token = invited
    guests.guest_link_open(token=token)
    guests.guest_link_open(token=token)
    _recommend(invitation, "approve", comment="Fine.")
    guests.guest_revoke(invitation=invitation, actor=chief_editor)
    article = invitation.revision.article
    lines = [e for e in selectors.article_timeline(article=article) if e.verb.startswith("guest.")]
    assert [line.verb for line in lines] == [
        "guest.invite",
        "guest.link_opened",
        "guest.recommend",
        "guest.revoke",
    ]
    assert lines[1].uses == 2  # two uses in a row: one line
    assert lines[2].what == "Guest specialist's recommendation: approve"
    assert invitation.name in lines[2].who and "guest specialist" in lines[2].who


def test_the_invitation_knows_its_status(invited, chief_editor):
    invitation, _token = invited
    assert invitation.status == "active"
    with time_machine.travel(invitation.expires_at + timedelta(seconds=1)):
        assert invitation.status == "expired"
    guests.guest_revoke(invitation=invitation, actor=chief_editor)
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert invitation.revoked_at <= timezone.now()


def test_an_invitation_changes_only_by_being_revoked(invited, chief_editor):
    invitation, _token = invited
    invitation.expires_at += timedelta(days=30)
    with pytest.raises(RevisionFrozen):
        invitation.save()
    invitation.refresh_from_db()
    guests.guest_revoke(invitation=invitation, actor=chief_editor)
    invitation.refresh_from_db()
    invitation.revoked_at = None
    with pytest.raises(RevisionFrozen):
        invitation.save()
    with pytest.raises(BulkChangeRefused):
        GuestInvitation.objects.update(revoked_at=None)
    assert GuestInvitation.objects.get().status == "revoked"
