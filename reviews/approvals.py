"""Who approved what, as readers are shown it (the article page's credits, board pages)."""

from django.db.models import Exists, OuterRef

from articles.models import went_live_q
from articles.selectors import article_list_published_brief

from .models import ReviewDecision


def article_approval_records(*, article):
    """Every approval of this article's revisions that went live, with the member and the
    revision's date and change summary: the banner (live revision) and the public change log in
    one query. A revision waiting for its scheduled time is left out: it is not public yet."""
    return (
        ReviewDecision.objects.filter(
            went_live_q("revision__"),
            revision__article=article,
            decision=ReviewDecision.Decision.APPROVE,
        )
        .select_related("reviewer", "revision")
        .only(
            "revision_id",
            "reviewer_id",
            "created_at",
            "revision__number",
            "revision__approved_at",
            "revision__change_summary",
            "revision__state",
            "reviewer__display_name",
            "reviewer__credentials",
            "reviewer__specialty",
            "reviewer__slug",
        )
        .order_by("revision__approved_at", "created_at")
    )


def article_list_reviewed_by(*, member):
    """Live articles whose live revision this board member approved."""
    approved_live = ReviewDecision.objects.filter(
        reviewer=member,
        decision=ReviewDecision.Decision.APPROVE,
        revision__live_for=OuterRef("pk"),
    )
    return article_list_published_brief().filter(Exists(approved_live)).order_by("question")
