"""Reads for the editors' and the board's workspaces: queues and timelines.

Who may see which revision is decided by the permission policy (roles.policy), so no
workspace page shows an editor's draft to anyone but its author and the chief editors.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Revision
from audit.models import Event
from audit.verbs import verb_label
from roles import policy

from .models import ChecklistItem, ReviewDecision


# ----------------------------------------------------------------------
# Editors
# ----------------------------------------------------------------------
@dataclass
class ArticleRow:
    article: Article
    latest: Revision
    live: Revision | None


def article_list_for_editor(*, user):
    """The editor's articles (every article, for a chief editor), newest work first, as a
    queryset to page through: each article carries the id of its newest revision
    (`newest_revision_id`). `article_rows()` turns a page of it into rows in one more query,
    so a page costs the same whatever the size of the library."""
    newest = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")
    articles = (
        Article.objects.select_related("live_revision")
        .annotate(
            newest_revision_id=Subquery(newest.values("pk")[:1]),
            last_worked_at=Coalesce(Subquery(newest.values("updated_at")[:1]), F("created_at")),
        )
        .order_by("-last_worked_at", "-pk")
    )
    if not policy.is_chief_editor(user):
        authored = Revision.objects.filter(author=user).values("article_id")
        articles = articles.filter(Q(created_by=user) | Q(pk__in=authored))
    return articles


def article_rows(articles):
    """ArticleRow for each article of a page of article_list_for_editor(), in one query."""
    articles = list(articles)
    newest = Revision.objects.select_related("author").in_bulk(
        [article.newest_revision_id for article in articles if article.newest_revision_id]
    )
    return [
        ArticleRow(article=article, latest=newest.get(article.newest_revision_id), live=article.live_revision)
        for article in articles
    ]


def article_list_live_for_update():
    """Live articles an editor may start an update of."""
    return Article.objects.filter(live_revision__isnull=False).select_related("live_revision")


def revision_comparison_base(*, revision):
    """What a submission is compared with: the live revision, else the revision it was based on."""
    live = revision.article.live_revision
    if live is not None and live.pk != revision.pk:
        return live
    if revision.based_on_id:
        return revision.based_on
    return None


def revision_decisions(*, revision):
    return revision.decisions.select_related("reviewer").order_by("created_at")


def revision_change_requests_before(*, revision):
    """Change requests on the earlier revisions of the same article, newest first."""
    return (
        ReviewDecision.objects.filter(
            revision__article=revision.article,
            revision__number__lt=revision.number,
            decision=ReviewDecision.Decision.REQUEST_CHANGES,
        )
        .select_related("reviewer", "revision")
        .order_by("-created_at")
    )


def revision_assignments(*, revision):
    return revision.assignments.filter(is_active=True).select_related("reviewer", "assigned_by")


def checklist_items():
    return ChecklistItem.objects.filter(is_active=True)


@dataclass
class QuorumProgress:
    required: int
    approved_by: list

    @property
    def count(self):
        return len(self.approved_by)

    @property
    def is_reached(self):
        return self.count >= self.required


def revision_quorum(*, revision):
    """Who has approved so far, of how many approvals are needed."""
    approvals = revision.decisions.filter(decision=ReviewDecision.Decision.APPROVE).select_related("reviewer")
    return QuorumProgress(
        required=settings.REVIEW_APPROVAL_QUORUM,
        approved_by=[d.reviewer for d in approvals.order_by("created_at")],
    )


# ----------------------------------------------------------------------
# An article's timeline, from its events
# ----------------------------------------------------------------------
@dataclass
class TimelineEvent:
    when: datetime
    who: str
    what: str
    revision_number: int | None = None
    comment: str = ""
    checklist: dict = field(default_factory=dict)
    kind: str = "change"
    # The event's place in the log, and its fields as recorded.
    sequence: int = 0
    verb: str = ""
    from_state: str = ""
    to_state: str = ""
    data: dict = field(default_factory=dict)
    chain_hash: str = ""
    uses: int = 1  # guest link uses summarised in this line


def _repeats_link_use(timeline, event):
    """Is `event` another use of the guest link the timeline's last line records?"""
    if event.verb != "guest.link_opened" or not timeline:
        return False
    last = timeline[-1]
    return last.verb == event.verb and last.data.get("invitation") == (event.data or {}).get("invitation")


_DECISION_VERBS = {"revision.approve", "revision.request_changes"}


def _state_label(value):
    try:
        return Revision.State(value).label.lower()
    except ValueError:
        return value


def _kind(event):
    if event.verb in _DECISION_VERBS:
        return "decision" if not event.from_state else "transition"
    if event.from_state and event.verb.startswith("revision."):
        return "transition"
    return event.verb.split(".", 1)[0] if "." in event.verb else "change"


_ASSIGNMENT_WORDS = {
    "assignment.assign": "Assigned to {name}",
    "assignment.reassign": "Reassigned to {name}",
    "assignment.remind": "Overdue reminder sent to {name}",
}


def _describe(event):
    what = verb_label(event.verb)
    data = event.data or {}
    reviewer = data.get("reviewer") or {}
    if event.verb in _ASSIGNMENT_WORDS:
        what = _ASSIGNMENT_WORDS[event.verb].format(name=reviewer.get("name", ""))
    if event.verb == "revision.create_draft" and data.get("based_on"):
        what = f"{what} from revision {data['based_on']}"
    if event.verb == "revision.publish" and data.get("scheduled_for"):
        what = "Published on schedule"
    if event.verb in ("revision.schedule", "revision.cancel_schedule") and data.get("publish_at"):
        moment = timezone.localtime(parse_datetime(data["publish_at"]))
        what = f"{what} (for {dateformat.format(moment, 'j M Y, H:i e')})"
    if event.from_state and event.to_state:
        what = f"{what} ({_state_label(event.from_state)} → {_state_label(event.to_state)})"
    if event.verb == "guest.recommend":
        what = f"{what}: {data.get('recommendation', '').replace('_', ' ')}"
    if event.verb in _DECISION_VERBS and reviewer.get("credentials"):
        return what, f"{reviewer.get('name')}, {reviewer.get('credentials')}"
    return what, event.actor_label


def article_timeline(*, article):
    """Every action on the article and its revisions, decisions and assignments, oldest first,
    read from the event log (the field-level history records are left out)."""
    timeline = []
    for event in Event.objects.actions().for_article(article.pk):
        what, who = _describe(event)
        data = event.data or {}
        if _repeats_link_use(timeline, event):
            timeline[-1].uses += 1  # a guest reading the page again: one line, counted
            continue
        timeline.append(
            TimelineEvent(
                when=event.occurred_at,
                who=who,
                what=what,
                revision_number=data.get("revision"),
                comment=event.comment,
                checklist=data.get("checklist") or {},
                kind=_kind(event),
                sequence=event.sequence,
                verb=event.verb,
                from_state=event.from_state,
                to_state=event.to_state,
                data=data,
                chain_hash=event.chain_hash,
            )
        )
    return timeline


def article_timeline_for(*, article, user):
    """The article's timeline as `user` may see it: nothing about revisions hidden from them."""
    visible = set(policy.visible_revisions(user, article.revisions.all()).values_list("number", flat=True))
    return [
        event
        for event in article_timeline(article=article)
        if event.revision_number is None or event.revision_number in visible
    ]
