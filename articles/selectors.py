"""Reads. Reader views use only the `*_published` selectors, which return approved text:
"readers see only approved text" is enforced here, in one place."""

from django.http import Http404

from .models import Article, Revision


def article_list_published():
    """Articles readers can see, each with its live (approved) revision."""
    return (
        Article.objects.filter(
            live_revision__isnull=False, live_revision__state=Revision.State.APPROVED
        )
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
