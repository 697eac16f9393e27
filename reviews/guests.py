"""Guest specialists' actions: inviting one to review a revision, revoking the link, the guest
opening it and leaving a recommendation.

A guest has no account: their link carries the invitation's id signed with the site's key
(django.core.signing, salted for this use), so nothing secret is stored. Expiry and revocation
are read from the database on every use, so a revoked link dies at once. A guest's
recommendation is shown to the board and on the timeline; it is not a ReviewDecision, so it
never counts towards the approval quorum and publishes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles.actions import clean_text
from articles.models import Revision
from articles.services import MAX_COMMENT_LENGTH
from audit.history import save_with_history
from audit.log import log_action
from editorial.exceptions import ActionConflict, InvalidAction
from notifications.outbox import notification_queue, notification_queue_to_address
from roles import guests as guest_rules
from roles import policy
from roles.policy import Action

from .models import GuestInvitation, GuestRecommendation

TOKEN_SALT = "reviews.guest-invitation"
MAX_LINK_DAYS = 60


class GuestLinkRefused(Exception):
    """A guest link that does not open: `status` 403 (not a link of ours) or 410 (expired, revoked)."""

    def __init__(self, message, *, status):
        super().__init__(message)
        self.status = status


LINK_INVALID = "This review link is not valid. Check that you copied all of it from the e-mail."


# ----------------------------------------------------------------------
# The link
# ----------------------------------------------------------------------
def guest_token_for(invitation):
    """The signed token in an invitation's link: its id and its revision's, nothing secret."""
    return signing.dumps({"i": invitation.pk, "r": invitation.revision_id}, salt=TOKEN_SALT)


def guest_link_for(invitation):
    return settings.SITE_URL + reverse("guest-review", args=[guest_token_for(invitation)])


def _invitation_from_token(token):
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        invitation_id, revision_id = int(payload["i"]), int(payload["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    invitation = (
        GuestInvitation.objects.select_related("revision__article", "revision__author")
        .filter(pk=invitation_id, revision_id=revision_id)
        .first()
    )
    return invitation


def _link_data(invitation, **extra):
    # No address, no browser details: the invitation says who it was for.
    return {"revision": invitation.revision.number, "invitation": invitation.pk, **extra}


def _guest_label(invitation):
    return f"{invitation.name}, {invitation.credentials} (guest specialist)"


def guest_link_open(*, token, now=None):
    """The invitation a link opens, with the use recorded; GuestLinkRefused if it opens nothing.

    Every use of a real invitation's link is on record, refused ones (expired, revoked)
    included; a token that is not ours names no invitation, so it is not recorded.
    """
    invitation = _invitation_from_token(token)
    if invitation is None:
        raise GuestLinkRefused(LINK_INVALID, status=403)
    decision = guest_rules.guest_link(invitation, now=now)
    with transaction.atomic():
        if decision:
            log_action(
                actor=None,
                actor_label=_guest_label(invitation),
                verb="guest.link_opened",
                obj=invitation,
                data=_link_data(invitation),
            )
        else:
            log_action(
                actor=None,
                actor_label=_guest_label(invitation),
                verb="guest.link_refused",
                obj=invitation,
                data=_link_data(invitation, link=guest_rules.link_state(invitation, now=now)),
            )
    if not decision:
        raise GuestLinkRefused(decision.reason, status=410)
    return invitation


# ----------------------------------------------------------------------
# Chief editor: invite and revoke
# ----------------------------------------------------------------------
def _clean_invitee(name, credentials, email, days):
    name = clean_text(name, label="name", max_length=200, required=True).strip()
    credentials = clean_text(credentials, label="credentials", max_length=100, required=True).strip()
    email = clean_text(email, label="e-mail address", max_length=254, required=True).strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        message = "Enter a valid e-mail address, such as name@example.org."
        raise InvalidAction(message, field_errors={"email": [message]}) from exc
    days = settings.GUEST_LINK_DAYS if days is None else days
    if not 1 <= days <= MAX_LINK_DAYS:
        message = f"The link must work for between 1 and {MAX_LINK_DAYS} days."
        raise InvalidAction(message, field_errors={"days": [message]})
    return name, credentials, email, days


def guest_invite(*, revision, actor, name, credentials, email, days=None):
    """Invite an outside specialist to review one revision; their link goes out by e-mail."""
    policy.require(actor, Action.INVITE_GUEST)
    name, credentials, email, days = _clean_invitee(name, credentials, email, days)
    with transaction.atomic():
        revision = Revision.objects.select_for_update().select_related("article").get(pk=revision.pk)
        policy.require(actor, Action.INVITE_GUEST, revision)
        now = timezone.now()
        invitation = GuestInvitation(
            revision=revision,
            name=name,
            credentials=credentials,
            email=email,
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        save_with_history(invitation, actor=actor, reason="Guest specialist invited")
        log_action(
            actor=actor,
            verb="guest.invite",
            obj=invitation,
            data=_link_data(
                invitation,
                guest={"name": name, "credentials": credentials},
                expires_at=invitation.expires_at,
            ),
        )
        notification_queue_to_address(
            kind="guest_invitation",
            email=email,
            context={
                "invitation": invitation,
                "revision": revision,
                "article": revision.article,
                "inviter_name": actor.get_full_name() or actor.get_username(),
                "link": guest_link_for(invitation),
            },
            event_key=f"guest-invitation-{invitation.pk}",
        )
    return invitation


def guest_revoke(*, invitation, actor):
    """Stop an invitation's link from working, at once."""
    policy.require(actor, Action.REVOKE_GUEST)
    with transaction.atomic():
        invitation = (
            GuestInvitation.objects.select_for_update().select_related("revision").get(pk=invitation.pk)
        )
        if invitation.revoked_at is not None:
            raise ActionConflict("This guest's link was already revoked.")
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = actor
        save_with_history(invitation, actor=actor, reason="Guest link revoked")
        log_action(
            actor=actor,
            verb="guest.revoke",
            obj=invitation,
            data=_link_data(invitation, guest={"name": invitation.name}),
        )
    return invitation


# ----------------------------------------------------------------------
# The guest: one recommendation
# ----------------------------------------------------------------------
def guest_recommend(*, invitation, recommendation, comment="", conflict_of_interest=""):
    """Record the guest's recommendation. It never counts towards the approval quorum."""
    comment = clean_text(comment, label="comment", max_length=MAX_COMMENT_LENGTH).strip()
    conflict_of_interest = clean_text(
        conflict_of_interest, label="conflict-of-interest declaration", max_length=MAX_COMMENT_LENGTH
    ).strip()
    if recommendation not in GuestRecommendation.Recommendation.values:
        message = "Choose whether you recommend approving the revision or asking for changes."
        raise InvalidAction(message, field_errors={"recommendation": [message]})
    if not conflict_of_interest:
        message = 'Declare any conflict of interest, or write "None declared."'
        raise InvalidAction(message, field_errors={"conflict_of_interest": [message]})
    if recommendation == GuestRecommendation.Recommendation.REQUEST_CHANGES and not comment:
        message = "Say what needs to change: a request for changes needs a comment."
        raise InvalidAction(message, field_errors={"comment": [message]})
    try:
        with transaction.atomic():
            invitation = (
                GuestInvitation.objects.select_for_update()
                .select_related("revision__article")
                .get(pk=invitation.pk)
            )
            already = GuestRecommendation.objects.filter(invitation=invitation).exists()
            guest_rules.guest_recommend(invitation, already_recommended=already).raise_if_refused()
            made = GuestRecommendation(
                invitation=invitation,
                recommendation=recommendation,
                comment=comment,
                conflict_of_interest=conflict_of_interest,
            )
            save_with_history(made, actor=None, reason="Guest specialist's recommendation")
            log_action(
                actor=None,
                actor_label=_guest_label(invitation),
                verb="guest.recommend",
                obj=made,
                comment=comment,
                data=_link_data(
                    invitation,
                    guest={"name": invitation.name, "credentials": invitation.credentials},
                    recommendation=recommendation,
                    conflict_of_interest=conflict_of_interest,
                ),
            )
            notification_queue(
                kind="guest_recommended",
                recipients=[invitation.invited_by],
                context={
                    "invitation": invitation,
                    "recommendation": made,
                    "revision": invitation.revision,
                    "article": invitation.revision.article,
                },
                event_key=f"guest-recommendation-{made.pk}",
            )
    except IntegrityError as exc:
        raise ActionConflict("Your recommendation on this revision has already been recorded.") from exc
    return made


def default_link_days():
    return settings.GUEST_LINK_DAYS
