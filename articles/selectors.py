"""Reads. Reader views use only the `*_published` selectors, which return approved text:
"readers see only approved text" is enforced here, in one place."""

from django.http import Http404

from .models import Article, Revision


def article_list_published():
    """Articles readers can see, each with its live (approved) revision."""
    return (
        Article.objects.filter(live_revision__isnull=False, live_revision__state=Revision.State.APPROVED)
        .select_related("live_revision")
        .order_by("specialty", "question")
    )


def article_get_published(*, slug):
    """The live article for readers, or 404 if it has no approved revision."""
    try:
        return article_list_published().get(slug=slug)
    except Article.DoesNotExist:
        raise Http404("No published article has this address.") from None


def revision_list_review_queue(*, reviewer=None):
    """Revisions waiting for the board: submitted or under review, oldest first."""
    return (
        Revision.objects.filter(state__in=[Revision.State.SUBMITTED, Revision.State.UNDER_REVIEW])
        .select_related("article", "author")
        .order_by("submitted_at")
    )


# What a person can do to a revision now, for the buttons a page shows. The
# services check the same rules again when the button is pressed.
ACTION_LABELS = {
    "submit": "Submit for review",
    "withdraw": "Withdraw",
    "start_review": "Start review",
    "approve": "Approve",
    "request_changes": "Request changes",
}
ACTIONS_NEEDING_COMMENT = {"request_changes"}


def revision_available_actions(*, revision, user):
    """The actions `user` may take on `revision` now, as (name, label) pairs."""
    from django_fsm import has_transition_perm

    from .permissions import can_review

    actions = [
        name
        for name in ("submit", "withdraw", "start_review")
        if has_transition_perm(getattr(revision, name), user)
    ]
    # Approval may wait for a quorum, so it is offered to every member who has
    # not decided yet, not only to the one whose approval completes it.
    if (
        revision.state == Revision.State.UNDER_REVIEW
        and can_review(revision, user)
        and not revision.decisions.filter(reviewer__user=user).exists()
    ):
        actions += ["approve", "request_changes"]
    return [(name, ACTION_LABELS[name]) for name in actions]
