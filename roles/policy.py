"""The one answer to "may this person see or do this, on this object, now?".

Services, django-fsm transition permissions, the workspace's buttons, the admin (its
querysets, pages and editable fields) and the audit export all ask this module, so
they cannot disagree. It reads only the objects' own attributes (state, author,
creator, reverse relations), never the apps above it, so it stays the lowest layer.

A Decision says no in one of two ways, which pages turn into different answers:
"not allowed" (who you are: 403) and "not now" (the object's state: 409).

Roles are the role groups (README, "Roles"). A superuser is a site operator: the
admin over every model, but no workflow role and no look at anybody's unsubmitted
draft unless they also belong to a role group.
"""

from enum import StrEnum

from editorial.exceptions import ActionConflict, ActionNotAllowed  # noqa: F401 - what require() raises

from . import guests, publication
from .decisions import YES, Decision, _no, _not_now
from .people import (
    board_member_for,
    has_any_role,
    is_active_account,
    is_board_member,
    is_chief_editor,
    is_editor,
    is_site_admin,
    sees_submissions,
)
from .visibility import (
    APPROVED,
    DRAFT,
    IN_PROGRESS,
    OPEN_FOR_REVIEW,
    SUBMITTED,
    UNDER_REVIEW,
    visible_articles,
    visible_revisions,
    visible_revisions_q,
    visible_through_revision,
)

# Asked from every layer above: who someone is, and what they may see in a list.
__all__ = [
    "Action", "Decision", "allows", "decide", "reason", "require", "transition_permission",
    "article_fields_editable", "available_revision_actions", "history_rows_visible",
    "board_member_for", "has_any_role", "is_board_member", "is_chief_editor", "is_editor",
    "is_site_admin", "visible_articles", "visible_revisions", "visible_through_revision",
]  # fmt: skip


class Action(StrEnum):
    # on a revision
    VIEW_REVISION = "view_revision"
    EDIT_DRAFT = "edit_draft"
    MANAGE_FIGURES = "manage_figures"  # upload, describe and delete the article's figures from its draft
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    ASSIGN_REVIEWERS = "assign_reviewers"
    CANCEL_SCHEDULED_PUBLICATION = "cancel_scheduled_publication"
    # on an article
    VIEW_ARTICLE = "view_article"
    START_DRAFT = "start_draft"
    EDIT_ARTICLE_DETAILS = "edit_article_details"
    UNPUBLISH = "unpublish"
    EXPORT_AUDIT = "export_audit"
    # without an object
    CREATE_ARTICLE = "create_article"
    REVIEW = "review"  # the board's queue and review pages
    EDIT_EDITORIAL_POLICY = "edit_editorial_policy"
    MANAGE_DISCLAIMERS = "manage_disclaimers"
    MANAGE_CHECKLIST = "manage_checklist"
    # guest specialists (roles.guests): invite on a revision; revoke and read without one
    INVITE_GUEST = "invite_guest"
    REVOKE_GUEST = "revoke_guest"
    SEE_GUEST_RECOMMENDATIONS = "see_guest_recommendations"


# Transitions the workspace and the admin offer as buttons, in the order they are shown.
REVISION_BUTTONS = (
    Action.SUBMIT,
    Action.WITHDRAW,
    Action.START_REVIEW,
    Action.APPROVE,
    Action.REQUEST_CHANGES,
)

# The article fields each role may change (question: never here; it is reviewed in a revision).
ARTICLE_DETAIL_FIELDS = ("specialty", "about", "related_articles")
UNPUBLISHED_ARTICLE_FIELDS = ("slug",)  # part of links people keep, fixed once published


# ----------------------------------------------------------------------
# Revisions
# ----------------------------------------------------------------------
def _was_submitted(revision):
    return revision.state != DRAFT and revision.submitted_at is not None


def _view_revision(user, revision):
    if not is_active_account(user):
        return _no("Log in to see revisions.")
    if revision.author_id == user.pk or is_chief_editor(user):
        return YES
    if revision.state == APPROVED and (has_any_role(user) or is_site_admin(user)):
        return YES
    if sees_submissions(user) and _was_submitted(revision):
        return YES
    return _no(
        "This revision is not yours to see: drafts are visible only to their author and the chief "
        "editors, and the board sees revisions once they are submitted."
    )


def _writes(user, revision, *, doing):
    """Authors (while editors) work on their own drafts; chief editors on anyone's."""
    if is_chief_editor(user) or (revision.author_id == user.pk and is_editor(user)):
        return YES
    return _no(f"Only the revision's author or a chief editor can {doing} it.")


def _in_state(revision, states, *, doing):
    if revision.state in states:
        return YES
    return _not_now(
        f"This revision is {revision.get_state_display().lower()} now, so it cannot be {doing}. "
        "Someone may have acted on it a moment ago; reload the page to see where it stands."
    )


def _reviews(user, revision, *, doing):
    if board_member_for(user) is None:
        return _no(f"Only members of the Medical Advisory Board can {doing} revisions.")
    if revision.author_id == user.pk:
        return _no(f"You wrote this revision, so you cannot {doing} it. Another board member must.")
    return YES


def _not_decided_yet(user, revision):
    if revision.decisions.filter(reviewer__user_id=user.pk).exists():
        return _not_now("You have already recorded your decision on this revision.")
    return YES


def _first_refusal(*checks):
    """Run checks in order (each a zero-argument callable); the first refusal wins."""
    for check in checks:
        decision = check()
        if not decision:
            return decision
    return YES


def _revision_decision(user, action, revision):
    if not is_active_account(user):
        return _no("Log in first.")
    match action:
        case Action.VIEW_REVISION:
            return _view_revision(user, revision)
        case Action.EDIT_DRAFT:
            return _first_refusal(
                lambda: _writes(user, revision, doing="edit"),
                lambda: _in_state(revision, (DRAFT,), doing="edited (start a new draft instead)"),
            )
        case Action.MANAGE_FIGURES:
            return _first_refusal(
                lambda: _writes(user, revision, doing="add figures to"),
                lambda: _in_state(revision, (DRAFT,), doing="given figures (start a new draft instead)"),
            )
        case Action.SUBMIT:
            return _first_refusal(
                lambda: _writes(user, revision, doing="submit"),
                lambda: _in_state(revision, (DRAFT,), doing="submitted"),
            )
        case Action.WITHDRAW:
            return _first_refusal(
                lambda: _writes(user, revision, doing="withdraw"),
                lambda: _in_state(revision, (DRAFT, SUBMITTED), doing="withdrawn"),
            )
        case Action.START_REVIEW:
            return _first_refusal(
                lambda: _reviews(user, revision, doing="review"),
                lambda: _in_state(revision, (SUBMITTED,), doing="taken into review"),
            )
        case Action.APPROVE:
            return _first_refusal(
                lambda: _reviews(user, revision, doing="approve"),
                lambda: _in_state(revision, (UNDER_REVIEW,), doing="approved"),
                lambda: _not_decided_yet(user, revision),
            )
        case Action.REQUEST_CHANGES:
            return _first_refusal(
                lambda: _reviews(user, revision, doing="request changes to"),
                lambda: _in_state(revision, (UNDER_REVIEW,), doing="sent back"),
                lambda: _not_decided_yet(user, revision),
            )
        case Action.ASSIGN_REVIEWERS:
            if not is_chief_editor(user):
                return _no("Only a chief editor can assign reviewers.")
            if revision.state not in OPEN_FOR_REVIEW:
                return _not_now(
                    f"This revision is {revision.get_state_display().lower()} now, so reviewers can no "
                    "longer be assigned to it."
                )
            return YES
        case Action.INVITE_GUEST:
            return guests.invite(user, revision)
        case Action.CANCEL_SCHEDULED_PUBLICATION:
            return publication.cancel_schedule(user, revision)
    raise ValueError(f"{action!r} is not an action on a revision")


# ----------------------------------------------------------------------
# Articles
# ----------------------------------------------------------------------
def _ever_published(article):
    return article.live_revision_id is not None or article.unpublished_at is not None


def _view_article(user, article):
    if not is_active_account(user) or not (has_any_role(user) or is_site_admin(user)):
        return _no("The staff pages are for editors, the Medical Advisory Board and site admins.")
    if is_chief_editor(user) or article.created_by_id == user.pk or _ever_published(article):
        return YES
    revisions = article.revisions.filter(visible_revisions_q(user))
    if revisions.exists():
        return YES
    return _no(
        "This article is not one you may see yet: until its first revision is submitted, only its "
        "author and the chief editors see it."
    )


def article_fields_editable(user, article=None):
    """The article fields `user` may change in the admin (`article` None: a new article)."""
    if not is_active_account(user):
        return ()
    if article is None:
        return ("slug", "question", *ARTICLE_DETAIL_FIELDS) if is_editor(user) or is_site_admin(user) else ()
    fields = () if _ever_published(article) else UNPUBLISHED_ARTICLE_FIELDS
    if is_chief_editor(user) or is_site_admin(user):
        return (*fields, *ARTICLE_DETAIL_FIELDS)
    # An editor sets up their own article until it is published; after that its details are the
    # chief editor's, like everything else readers see.
    if is_editor(user) and article.created_by_id == user.pk and not _ever_published(article):
        return (*fields, *ARTICLE_DETAIL_FIELDS)
    return ()


def _article_decision(user, action, article):
    if not is_active_account(user):
        return _no("Log in first.")
    match action:
        case Action.VIEW_ARTICLE:
            return _view_article(user, article)
        case Action.START_DRAFT:
            if not is_editor(user):
                return _no("Only editors can write and submit articles.")
            in_progress = article.revisions.filter(state__in=IN_PROGRESS).select_related("author").first()
            if in_progress is not None:
                owner = in_progress.author.get_full_name() or in_progress.author.username
                return _not_now(
                    f"This article already has a {in_progress.get_state_display().lower()} revision "
                    f"(revision {in_progress.number}, by {owner}). "
                    "Finish or withdraw it before starting another."
                )
            return YES
        case Action.EDIT_ARTICLE_DETAILS:
            if article_fields_editable(user, article):
                return YES
            return _no(
                "Only a chief editor can change a published article's details; an editor sets up "
                "their own article until it is published."
            )
        case Action.UNPUBLISH:
            if not is_chief_editor(user):
                return _no("Only a chief editor can unpublish an article.")
            if article.live_revision_id is None:
                return _not_now("This article is not published, so there is nothing to unpublish.")
            return YES
        case Action.EXPORT_AUDIT:
            if not (is_board_member(user) or is_chief_editor(user) or is_site_admin(user)):
                return _no("Only board members, chief editors and site admins can export audit trails.")
            return _view_article(user, article)
    raise ValueError(f"{action!r} is not an action on an article")


# ----------------------------------------------------------------------
# Actions without an object
# ----------------------------------------------------------------------
def _general_decision(user, action):
    if not is_active_account(user):
        return _no("Log in first.")
    match action:
        case Action.CREATE_ARTICLE:
            return YES if is_editor(user) else _no("Only editors can write and submit articles.")
        case Action.REVIEW:
            if is_board_member(user):
                return YES
            return _no("Only members of the Medical Advisory Board review revisions.")
        case Action.EDIT_EDITORIAL_POLICY | Action.MANAGE_DISCLAIMERS | Action.MANAGE_CHECKLIST:
            if is_chief_editor(user) or is_site_admin(user):
                return YES
            what = {
                Action.EDIT_EDITORIAL_POLICY: "the editorial policy",
                Action.MANAGE_DISCLAIMERS: "the disclaimers",
                Action.MANAGE_CHECKLIST: "the review checklist",
            }[action]
            return _no(f"Only a chief editor can change {what}.")
        case Action.ASSIGN_REVIEWERS | Action.UNPUBLISH:
            return YES if is_chief_editor(user) else _no("Only a chief editor can do this.")
        case Action.EXPORT_AUDIT:
            if is_board_member(user) or is_chief_editor(user) or is_site_admin(user):
                return YES
            return _no("Only board members, chief editors and site admins can export audit trails.")
        case Action.INVITE_GUEST:
            return guests.invite(user)
        case Action.REVOKE_GUEST:
            return guests.revoke(user)
        case Action.SEE_GUEST_RECOMMENDATIONS:
            return guests.see_recommendations(user)
    raise ValueError(f"{action!r} needs the object it acts on")


# ----------------------------------------------------------------------
# The questions everyone asks
# ----------------------------------------------------------------------
_REVISION_ACTIONS = {
    Action.VIEW_REVISION, Action.EDIT_DRAFT, Action.MANAGE_FIGURES, Action.SUBMIT, Action.WITHDRAW,
    Action.START_REVIEW, Action.APPROVE, Action.REQUEST_CHANGES, Action.ASSIGN_REVIEWERS,
    Action.INVITE_GUEST, Action.CANCEL_SCHEDULED_PUBLICATION,
}  # fmt: skip


def decide(user, action, obj=None):
    """May `user` do `action` (to `obj`, a revision or an article) now? A Decision with the reason."""
    action = Action(action)
    if obj is None:
        return _general_decision(user, action)
    if action in _REVISION_ACTIONS:
        return _revision_decision(user, action, obj)
    return _article_decision(user, action, obj)


def allows(user, action, obj=None):
    return decide(user, action, obj).allowed


def require(user, action, obj=None):
    """Raise ActionNotAllowed (403) or ActionConflict (409) with the reason, unless allowed."""
    decide(user, action, obj).raise_if_refused()


def reason(user, action, obj=None):
    """The sentence explaining a refusal ("" when allowed)."""
    return decide(user, action, obj).reason


def transition_permission(action):
    """A django-fsm `permission=` callable asking the policy about `action`."""
    action = Action(action)

    def permission(instance, user):
        return allows(user, action, instance)

    permission.__name__ = f"may_{action.value}"
    return permission


def history_rows_visible(user, history_queryset, revision):
    """A revision's history rows `user` may see: its text before submission was a draft's."""
    if not allows(user, Action.VIEW_REVISION, revision):
        return history_queryset.none()
    if revision.author_id == user.pk or is_chief_editor(user):
        return history_queryset
    return history_queryset.exclude(state=DRAFT)


def available_revision_actions(user, revision):
    """The transitions `user` may take on `revision` now: what the buttons show."""
    return [action for action in REVISION_BUTTONS if allows(user, action, revision)]
