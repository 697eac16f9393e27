"""The permission rules for guest specialists: who may invite, revoke and read guests'
recommendations, and what a guest's link opens now.

A guest is not an account: their link is their only credential, so the link's rules read
the invitation's own fields (expiry, revocation, the revision's state), never a session.
"""

from django.utils import timezone

from .decisions import YES, _no, _not_now
from .people import is_board_member, is_chief_editor, is_site_admin
from .visibility import OPEN_FOR_REVIEW


def invite(user, revision=None):
    if not is_chief_editor(user):
        return _no("Only a chief editor can invite a guest specialist.")
    if revision is not None and revision.state not in OPEN_FOR_REVIEW:
        return _not_now(
            f"This revision is {revision.get_state_display().lower()} now, so guest specialists can "
            "only be invited while it is submitted or under review."
        )
    return YES


def revoke(user):
    return YES if is_chief_editor(user) else _no("Only a chief editor can revoke a guest's link.")


def see_recommendations(user):
    if is_board_member(user) or is_chief_editor(user) or is_site_admin(user):
        return YES
    return _no("Only the Medical Advisory Board sees guest specialists' recommendations.")


# Said to whoever holds a dead link: nothing about what it was for.
LINK_EXPIRED = "This review link has expired. Ask the editor who invited you for a new one."
LINK_REVOKED = "This review link has been withdrawn and no longer works."


def link_state(invitation, *, now=None):
    """'revoked', 'expired' or 'active' for a guest invitation's link now."""
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


def guest_link(invitation, *, now=None):
    """May the holder of this invitation's link open it now?"""
    state = link_state(invitation, now=now)
    if state == "revoked":
        return _no(LINK_REVOKED)
    if state == "expired":
        return _no(LINK_EXPIRED)
    return YES


def guest_recommend(invitation, *, now=None, already_recommended=False):
    """May the holder of this invitation's link send their recommendation now?"""
    link = guest_link(invitation, now=now)
    if not link:
        return link
    if already_recommended:
        return _not_now("Your recommendation on this revision has already been recorded.")
    if invitation.revision.state not in OPEN_FOR_REVIEW:
        return _not_now(
            "The board has finished reviewing this revision, so it takes no more recommendations."
        )
    return YES
