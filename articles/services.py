"""One function per user action on articles and revisions.

Every path (web pages, the admin's buttons, management commands, tasks) calls
these, so roles and invariants hold everywhere. Each action runs in one
transaction: it locks the revision, checks who is acting, runs the transition,
saves with the history reason, records a structured event (audit.log.log_action)
and queues the notifications. A refusal raises before anything is written.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from audit.history import save_with_history
from audit.log import log_action
from editorial.exceptions import ActionConflict, EditConflict, InvalidAction
from notifications.outbox import notification_queue
from references.models import Reference
from roles import policy
from roles.policy import Action

from .actions import board_users, clean_text, conflict_on_race, lock_revision, run_transition
from .events import log_revision_event
from .models import Article, Citation, Revision
from .search import article_refresh_search_document
from .signals import article_unpublished

MAX_BODY_LENGTH = 100_000
MAX_QUESTION_LENGTH = 300
MAX_COMMENT_LENGTH = 10_000


# ----------------------------------------------------------------------
# Helpers of these actions (those shared with publication and the board: articles.actions)
# ----------------------------------------------------------------------
def _sync_citations(revision, *, actor):
    """Keep the revision's Citation rows equal to the references its text cites."""
    keys = revision.cited_keys()
    references = Reference.objects.filter(citation_key__in=keys)
    wanted = {ref.pk for ref in references}
    # One at a time, so each citation added or dropped keeps its history row.
    for citation in revision.citations.exclude(reference_id__in=wanted):
        citation._history_user = actor
        citation._change_reason = "No longer cited"
        citation.delete()
    existing = set(revision.citations.values_list("reference_id", flat=True))
    for pk in sorted(wanted - existing):
        save_with_history(Citation(revision=revision, reference_id=pk), actor=actor, reason="Cited")


def _revision_context(revision):
    return {"revision": revision, "article": revision.article}


# ----------------------------------------------------------------------
# Editors' actions
# ----------------------------------------------------------------------
def article_create(
    *, actor, question, specialty, slug="", about="", body_patient="", body_professional="",
    change_summary="",
):  # fmt: skip
    """Create an article and its first draft. Returns the draft revision."""
    policy.require(actor, Action.CREATE_ARTICLE)
    question = clean_text(question, label="question", max_length=MAX_QUESTION_LENGTH, required=True).strip()
    specialty = clean_text(specialty, label="specialty", max_length=120, required=True).strip()
    slug = slugify(slug or question)[:200].strip("-")
    if not slug:
        raise InvalidAction("The article needs an address made of letters or digits.")
    if Article.objects.filter(slug=slug).exists():
        raise InvalidAction(
            f'An article with the address "{slug}" already exists. Choose another address.',
            field_errors={"slug": ["An article with this address already exists."]},
        )
    with transaction.atomic():
        article = Article(
            slug=slug, question=question, specialty=specialty, about=about.strip(), created_by=actor
        )
        save_with_history(article, actor=actor, reason="Article created")
        revision = Revision(
            article=article,
            number=1,
            author=actor,
            question=question,
            body_patient=clean_text(
                body_patient, label="patient wording", max_length=MAX_BODY_LENGTH, markdown=True
            ),
            body_professional=clean_text(
                body_professional, label="professional wording", max_length=MAX_BODY_LENGTH, markdown=True
            ),
            change_summary=clean_text(change_summary, label="change summary", max_length=300).strip()
            or "First version",
        )
        save_with_history(revision, actor=actor, reason="Draft created")
        _sync_citations(revision, actor=actor)
        log_action(
            actor=actor,
            verb="article.create",
            obj=article,
            data={"slug": article.slug, "question": article.question, "specialty": article.specialty},
        )
        log_revision_event(revision, verb="revision.create_draft", actor=actor, data={"based_on": None})
    return revision


@conflict_on_race
def revision_create_draft(*, article, actor, based_on=None):
    """Start a new draft copied from `based_on` (default: the newest reviewed revision)."""
    policy.require(actor, Action.CREATE_ARTICLE)
    try:
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            policy.require(actor, Action.START_DRAFT, article)
            # By default continue from the newest reviewed text: the live revision, or
            # a later one the board sent back with comments.
            source = (
                based_on
                or article.revisions.filter(
                    state__in=[Revision.State.APPROVED, Revision.State.CHANGES_REQUESTED]
                )
                .order_by("-number")
                .first()
            )
            if source is not None and source.article_id != article.pk:
                raise InvalidAction("A draft can only be copied from a revision of the same article.")
            revision = Revision(
                article=article,
                number=article.next_revision_number(),
                based_on=source,
                author=actor,
                question=source.question if source else article.question,
                body_patient=source.body_patient if source else "",
                body_professional=source.body_professional if source else "",
                change_summary="",
            )
            reason = f"Draft created from revision {source.number}" if source else "Draft created"
            save_with_history(revision, actor=actor, reason=reason)
            _sync_citations(revision, actor=actor)
            log_revision_event(
                revision,
                verb="revision.create_draft",
                actor=actor,
                data={"based_on": source.number if source else None},
            )
    except IntegrityError as exc:
        raise ActionConflict(
            "Someone else started a draft of this article at the same moment. Reload the page."
        ) from exc
    return revision


@conflict_on_race
def revision_update_draft(
    *,
    revision,
    actor,
    body_patient,
    body_professional,
    change_summary,
    question=None,
    expected_version=None,
):
    """Save new text into a draft; `question` rewords the title, reviewed with the text.

    `expected_version` is the draft's `edit_version` when the editor opened it: if
    someone saved in between, the save is refused (EditConflict) instead of silently
    overwriting their text.
    """
    if question is not None:
        question = clean_text(
            question, label="question", max_length=MAX_QUESTION_LENGTH, required=True
        ).strip()
    body_patient = clean_text(
        body_patient, label="patient wording", max_length=MAX_BODY_LENGTH, markdown=True
    )
    body_professional = clean_text(
        body_professional, label="professional wording", max_length=MAX_BODY_LENGTH, markdown=True
    )
    change_summary = clean_text(change_summary, label="change summary", max_length=300).strip()
    with transaction.atomic():
        revision = lock_revision(revision)
        policy.require(actor, Action.EDIT_DRAFT, revision)
        if expected_version is not None and expected_version != revision.edit_version:
            raise EditConflict(
                "Someone else saved this draft after you opened it, so your text was not saved. "
                "Compare the two versions below and carry over what you want to keep.",
                current=revision,
            )
        if question is not None:
            revision.question = question
        revision.body_patient = body_patient
        revision.body_professional = body_professional
        revision.change_summary = change_summary
        save_with_history(revision, actor=actor, reason="Draft edited")
        _sync_citations(revision, actor=actor)
        log_revision_event(
            revision,
            verb="revision.update_draft",
            actor=actor,
            data={"question": revision.question, "change_summary": revision.change_summary},
        )
    return revision


@conflict_on_race
def revision_submit(*, revision, actor):
    """Send a draft to the Medical Advisory Board."""
    with transaction.atomic():
        revision = lock_revision(revision)
        policy.require(actor, Action.SUBMIT, revision)
        problems = revision.content_problems() + revision.citation_problems() + revision.figure_problems()
        if problems:
            raise InvalidAction("This draft cannot be submitted yet. " + " ".join(problems))
        if not revision.change_summary.strip():
            raise InvalidAction("Write a one-line summary of the change before submitting.")
        run_transition(revision, "submit", actor=actor, data={"change_summary": revision.change_summary})
        notification_queue(
            kind="revision_submitted",
            recipients=board_users().exclude(pk=revision.author_id),
            context=_revision_context(revision),
            event_key=f"revision-{revision.pk}-submitted",
        )
    return revision


@conflict_on_race
def revision_withdraw(*, revision, actor, reason=""):
    """Take a draft or a submission out of the workflow."""
    reason = clean_text(reason, label="reason", max_length=MAX_COMMENT_LENGTH).strip()
    with transaction.atomic():
        revision = lock_revision(revision)
        policy.require(actor, Action.WITHDRAW, revision)
        run_transition(revision, "withdraw", actor=actor, comment=reason, data={"reason": reason})
    return revision


# Publication (sealing and making live, at once or at a scheduled time): articles.publication


# ----------------------------------------------------------------------
# Chief editor's actions
# ----------------------------------------------------------------------
def article_unpublish(*, article, actor, reason):
    """Take an article away from readers, keeping every revision and its history."""
    policy.require(actor, Action.UNPUBLISH)
    reason = clean_text(reason, label="reason", max_length=MAX_COMMENT_LENGTH, required=True).strip()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        policy.require(actor, Action.UNPUBLISH, article)
        live = article.live_revision
        article.live_revision = None
        article.unpublished_at = timezone.now()
        article.unpublished_reason = reason
        save_with_history(article, actor=actor, reason=f"Unpublished — {reason}")
        log_action(
            actor=actor,
            verb="article.unpublish",
            obj=article,
            comment=reason,
            data={"reason": reason, "revision": live.number},
        )
        article_refresh_search_document(article.pk)
        article_unpublished.send(sender=Article, article=article, revision=live, reason=reason)
        notification_queue(
            kind="article_unpublished",
            recipients=[live.author],
            context={"article": article, "revision": live, "reason": reason, "actor": actor},
            event_key=f"article-{article.pk}-unpublished-{article.unpublished_at.timestamp():.0f}",
        )
    return article
