"""Reads. Reader views use only the `*_published` selectors, which return approved text:
"readers see only approved text" is enforced here, in one place."""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django_fsm import can_proceed

from roles.policy import Action, available_revision_actions

from .models import Article, PublicationSchedule, RetractionAlert, Revision, went_live_at


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
    """The actions `user` may take on `revision` now, as (name, label) pairs.

    The permission policy decides; a draft is offered for submission only once it is
    complete (the transition's condition), so the button never leads to a refusal.
    """
    actions = [
        action
        for action in available_revision_actions(user, revision)
        if action != Action.SUBMIT or can_proceed(revision.submit)
    ]
    return [(str(action), ACTION_LABELS[action]) for action in actions]


# ----------------------------------------------------------------------
# Readers: only live articles and what was approved for them
# ----------------------------------------------------------------------
def article_with_related_published(*, slug):
    """The live article at `slug` and its live related questions, as one queryset (with the
    live revision and its pinned disclaimers)."""
    # `id IN (one UNION ALL the other)`, not `slug = … OR id IN (…)`: PostgreSQL can only
    # answer the OR by scanning every article (seen at 100,000 articles: 0.9 s instead of 1 ms).
    through = Article.related_articles.through._meta.db_table
    table = Article._meta.db_table
    ids = RawSQL(
        f"SELECT a.id FROM {table} a WHERE a.slug = %s UNION ALL "  # noqa: S608 - constant table names
        f"SELECT r.to_article_id FROM {through} r JOIN {table} f ON f.id = r.from_article_id "
        "WHERE f.slug = %s",
        [slug, slug],
    )
    # Whether a source of the live text was retracted since its review rides along, so the
    # page looks the alerts up only when there are some.
    open_alerts = RetractionAlert.objects.filter(
        article=OuterRef("pk"), revision=OuterRef("live_revision"), status=RetractionAlert.Status.OPEN
    )
    return (
        article_list_published()
        .select_related("live_revision__disclaimer_patient", "live_revision__disclaimer_professional")
        .annotate(has_open_retraction_alerts=Exists(open_alerts), live_since=went_live_at("live_revision__"))
        .filter(pk__in=ids)
    )


def article_get_with_related_for_reader(*, slug):
    """The live article at `slug` (live revision, pinned disclaimers) and its live related
    questions ordered by question, in one query; 404 if the article is not live.

    One query instead of two keeps a cold reader page within its budget of four."""
    rows = list(article_with_related_published(slug=slug))
    article = next((row for row in rows if row.slug == slug), None)
    if article is None:
        raise Http404("No published article has this address.")
    related = sorted((row for row in rows if row.pk != article.pk), key=lambda row: (row.question, row.pk))
    return article, related


def article_get_for_reader(*, slug):
    """The live article with its live revision and pinned disclaimers, in one query, or 404.

    Every reader request makes this query, even when the page itself comes from the cache,
    so that unpublishing takes effect at once.
    """
    # Whether a source of the live text was retracted since its review rides along, so the
    # page looks the alerts up only when there are some.
    open_alerts = RetractionAlert.objects.filter(
        article=OuterRef("pk"), revision=OuterRef("live_revision"), status=RetractionAlert.Status.OPEN
    )
    try:
        return (
            article_list_published()
            .select_related("live_revision__disclaimer_patient", "live_revision__disclaimer_professional")
            .annotate(has_open_retraction_alerts=Exists(open_alerts))
            .get(slug=slug)
        )
    except Article.DoesNotExist:
        raise Http404("No published article has this address.") from None


def article_list_related_published(*, article):
    """The live articles this one links to as related questions."""
    return (
        article_list_published()
        .filter(related_from=article)
        .only("slug", "question", "specialty", "live_revision__approved_at", "live_revision__state")
        .order_by("question")
    )


def article_list_published_brief():
    """Live articles without their text, for lists (home page, search, board profiles), each
    with `live_since`: when its live revision went live (a scheduled one after its approval)."""
    return (
        article_list_published()
        .only("slug", "question", "specialty", "about", "live_revision__approved_at", "live_revision__state")
        .annotate(live_since=went_live_at("live_revision__"))
    )


def _words(query, limit=8):
    return [word for word in query.split() if word][:limit]


def article_search_published(*, query):
    """Live articles whose question or approved text matches `query`, best match first.

    PostgreSQL: full-text search (websearch syntax, English stemming). Elsewhere: every word
    must appear in the question or in either approved wording.
    """
    articles = article_list_published_brief()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        from .search import SEARCH_CONFIG

        # search_document holds the live text, GIN-indexed (articles.search).
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.filter(search_document=search_query)
            .annotate(rank=SearchRank(F("search_document"), search_query))
            .order_by("-rank", "question", "pk")
        )
    words = _words(query)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(
            Q(question__icontains=word)
            | Q(live_revision__body_patient__icontains=word)
            | Q(live_revision__body_professional__icontains=word)
        )
    return articles.order_by("question", "pk")


def revision_list_published_updates():
    """Revisions of live articles that went live, newest approval first: the feed of new
    articles and updates (one approved but waiting for its scheduled time is not in it yet),
    each with `went_live_at`. Ordered by approval, which an index answers."""
    return (
        Revision.objects.published()
        .annotate(went_live_at=went_live_at())
        .filter(article__live_revision__state=Revision.State.APPROVED)
        .select_related("article")
        .only(
            "number",
            "approved_at",
            "change_summary",
            "state",
            "article__slug",
            "article__question",
            "article__specialty",
        )
        .order_by("-approved_at", "-pk")
    )


def revision_publication_schedule(*, revision):
    """The revision's scheduled publication (pending, cancelled or done), or None."""
    return (
        PublicationSchedule.objects.filter(revision=revision)
        .select_related("created_by", "cancelled_by")
        .first()
    )


def publication_schedule_list_upcoming():
    """Approved revisions waiting for their time to go live, soonest first (staff only)."""
    upcoming = PublicationSchedule.objects.pending().select_related("revision__article")
    return upcoming.order_by("publish_at", "pk")
