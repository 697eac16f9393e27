"""Reads about guest specialists for the workspace: a revision's invitations and recommendations."""

from .models import GuestInvitation, GuestRecommendation


def revision_guest_invitations(*, revision):
    """Every invitation to review this revision, newest first, with any recommendation made."""
    return (
        GuestInvitation.objects.filter(revision=revision)
        .select_related("invited_by", "revoked_by", "recommendation")
        .order_by("-created_at", "-pk")
    )


def revision_guest_recommendations(*, revision):
    """The guest specialists' recommendations on this revision, oldest first."""
    return (
        GuestRecommendation.objects.filter(invitation__revision=revision)
        .select_related("invitation")
        .order_by("created_at", "pk")
    )
