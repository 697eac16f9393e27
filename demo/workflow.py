"""The demo's steps past a first approval, through the same services people use: figures on a
draft, guest specialists on a submission, and a newer revision in review or scheduled."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from articles import figure_services, services
from reviews import decisions as review_decisions
from reviews import guests
from reviews.models import ChecklistItem, GuestInvitation
from roles import guests as guest_rules

from .diagrams import FIGURES


def upload_figures(*, revision, actor, keys):
    """Draw each figure the draft places and upload it, as the editor would from the editor."""
    for key in keys:
        words, draw = FIGURES[key]
        image = ContentFile(draw(), name=f"{key}.png")
        figure_services.figure_upload(revision=revision, actor=actor, image_file=image, key=key, **words)


def approve(*, revision, reviewers, comment, publish_at=None):
    """Take the revision into review and approve it with the quorum's members."""
    review_decisions.revision_start_review(revision=revision, actor=reviewers[0])
    for reviewer in reviewers[: settings.REVIEW_APPROVAL_QUORUM] or reviewers:
        review_decisions.revision_approve(
            checklist_confirmed=ChecklistItem.keys_in_use(),
            revision=revision,
            actor=reviewer,
            comment=comment,
            publish_at=publish_at,
        )


def update(*, article, spec, users):
    """A newer draft of a live article, submitted, then under review or approved to go live later."""
    author = users[spec["author"]]
    draft = services.revision_create_draft(article=article, actor=author)
    services.revision_update_draft(
        revision=draft,
        actor=author,
        body_patient=draft.body_patient + spec["extra_patient"],
        body_professional=draft.body_professional + spec["extra_professional"],
        change_summary=spec["change_summary"],
    )
    services.revision_submit(revision=draft, actor=author)
    reviewers = [users[name] for name in spec["reviewers"]]
    if spec["outcome"] == "under_review":
        review_decisions.revision_start_review(revision=draft, actor=reviewers[0])
    elif spec["outcome"] == "scheduled":
        # Some days after loading, on the hour: the chief editor's queue lists it until then.
        when = timezone.now() + timedelta(days=spec["publish_in_days"])
        approve(
            revision=draft,
            reviewers=reviewers,
            comment=spec["comment"],
            publish_at=when.replace(minute=0, second=0, microsecond=0),
        )


def invite_guests(*, revision, chief, specs):
    """The chief editor invites each guest; one whose spec has a recommendation opens the link
    from the e-mail and leaves it. The links go out only through the outbox."""
    for spec in specs:
        invitation = guests.guest_invite(
            revision=revision,
            actor=chief,
            name=spec["name"],
            credentials=spec["credentials"],
            email=spec["email"],
        )
        if spec.get("recommendation"):
            invitation = guests.guest_link_open(token=guests.guest_token_for(invitation))
            guests.guest_recommend(
                invitation=invitation,
                recommendation=spec["recommendation"],
                comment=spec["comment"],
                conflict_of_interest=spec["conflict_of_interest"],
            )


def guest_link_to_try(articles):
    """(guest, link) of a demo invitation still waiting for its recommendation with a working
    link, or None: printed like the demo partner key, for trying the guest's page."""
    emails = [spec["email"] for article in articles for spec in article.get("guests", [])]
    waiting = GuestInvitation.objects.filter(email__in=emails, recommendation__isnull=True).order_by("pk")
    for invitation in waiting.select_related("revision"):
        if guest_rules.guest_link(invitation) and guest_rules.guest_recommend(invitation):
            return invitation.name, guests.guest_link_for(invitation)
    return None
