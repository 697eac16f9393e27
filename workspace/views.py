"""Pages for editors and the Medical Advisory Board. Thin: each reads through
selectors and acts through one service, and turns a refusal into a page.

Anonymous visitors are sent to the login page; a signed-in person without the
role gets a 403 with a sentence. ActionNotAllowed becomes a 403, ActionConflict
a 409 with a link back, InvalidAction the same page again with the error (400).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import services as article_services
from articles.citation_checks import citations_changed_since_approval
from articles.models import Article, Audience, Revision
from articles.revision_rendering import render_revision
from articles.selectors import revision_available_actions, revision_publication_schedule
from editorial.exceptions import ActionConflict, InvalidAction
from reviews import guest_selectors, selectors
from roles import policy
from roles.policy import Action

from . import forms
from .readability import reading_grade

GRADE_TARGET = 8


# ----------------------------------------------------------------------
# Roles
# ----------------------------------------------------------------------
def _is_writer(user):
    return policy.is_editor(user) or policy.is_chief_editor(user)


def role_required(check, message):
    """Log in first; then refuse (403, with `message`) anyone `check` does not accept."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


any_role = role_required(
    policy.has_any_role, "The workspaces are for editors and the Medical Advisory Board."
)
editor_only = role_required(
    policy.is_editor, "This page is for editors: only they write and submit articles."
)
writer_only = role_required(_is_writer, "This page is for editors and chief editors.")
board_only = role_required(policy.is_board_member, "This page is for members of the Medical Advisory Board.")
chief_only = role_required(policy.is_chief_editor, "Only a chief editor can do this.")


def _revision(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("article", "author", "based_on"), pk=pk)
    policy.require(request.user, Action.VIEW_REVISION, revision)
    return revision


def _article(request, slug):
    article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
    policy.require(request.user, Action.VIEW_ARTICLE, article)
    return article


def _conflict(request, exc, back):
    return render(request, "workspace/conflict.html", {"message": str(exc), "back": back}, status=409)


# ----------------------------------------------------------------------
# Start page
# ----------------------------------------------------------------------
@login_required
def home(request):
    """Where staff land after logging in: the page of their main role."""
    user = request.user
    if not (policy.is_editor(user) or policy.is_board_member(user) or policy.is_chief_editor(user)):
        return redirect("admin:index" if user.is_staff else "home")
    if policy.is_editor(user) and not policy.is_board_member(user):
        return redirect("workspace-articles")
    if policy.is_board_member(user):
        return redirect("workspace-queue")
    return redirect("workspace-articles")


# ----------------------------------------------------------------------
# Editors
# ----------------------------------------------------------------------
ARTICLES_PER_PAGE = 50


def _page(request, queryset, parameter):
    """One page of `queryset` (a count and a page query, whatever the library's size)."""
    return Paginator(queryset, ARTICLES_PER_PAGE).get_page(request.GET.get(parameter))


@writer_only
def article_list(request):
    mine = selectors.article_list_for_editor(user=request.user)
    page = _page(request, mine, "page")
    others = (
        selectors.article_list_live_for_update().exclude(pk__in=mine.values("pk")).order_by("question", "pk")
    )
    return render(
        request,
        "workspace/article_list.html",
        {
            "rows": selectors.article_rows(page.object_list),
            "page": page,
            "others_live": _page(request, others, "others") if policy.is_editor(request.user) else None,
            "can_write": policy.is_editor(request.user),
        },
    )


@editor_only
def article_create(request):
    form = forms.ArticleCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                revision = article_services.article_create(actor=request.user, **form.cleaned_data)
            except InvalidAction as exc:
                form.add_error(None, str(exc))
                for name, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            else:
                messages.success(request, "The article is created. Write its first draft.")
                return redirect("workspace-revision-edit", pk=revision.pk)
        status = 400
    return render(request, "workspace/article_create.html", {"form": form}, status=status)


@any_role
def article_detail(request, slug):
    article = _article(request, slug)
    revisions = policy.visible_revisions(
        request.user, article.revisions.select_related("author").order_by("-number")
    )
    return render(
        request,
        "workspace/article_detail.html",
        {
            "article": article,
            "revisions": revisions,
            "can_start_draft": policy.allows(request.user, Action.START_DRAFT, article),
            "can_unpublish": policy.allows(request.user, Action.UNPUBLISH, article),
            # The library moves on after approval; readers keep the pinned copy until an update.
            "changed_citations": (
                citations_changed_since_approval(article.live_revision) if article.is_live else []
            ),
        },
    )


@editor_only
@require_POST
def draft_create(request, slug):
    article = get_object_or_404(Article, slug=slug)
    form = forms.NewDraftForm(request.POST, article=article)
    if not form.is_valid():
        messages.error(request, "That revision cannot be the start of a new draft.")
        return redirect("workspace-articles")
    based_on = form.cleaned_data["based_on"]
    if based_on is not None and not policy.allows(request.user, Action.VIEW_REVISION, based_on):
        raise PermissionDenied("You cannot start a draft from a revision you may not see.")
    try:
        revision = article_services.revision_create_draft(
            article=article, actor=request.user, based_on=based_on
        )
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-articles"))
    source = f"revision {revision.based_on.number}" if revision.based_on else "an empty page"
    messages.success(request, f"Revision {revision.number} is a new draft, copied from {source}.")
    return redirect("workspace-revision-edit", pk=revision.pk)


@writer_only
@require_POST
def revision_submit(request, pk):
    revision = _revision(request, pk)
    try:
        article_services.revision_submit(revision=revision, actor=request.user)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
    except InvalidAction as exc:
        return _revision_page(request, revision, error=str(exc), status=400)
    messages.success(request, "Submitted. The Medical Advisory Board has been told it awaits review.")
    return redirect("workspace-revision", pk=revision.pk)


@writer_only
@require_POST
def revision_withdraw(request, pk):
    revision = _revision(request, pk)
    form = forms.WithdrawForm(request.POST)
    form.is_valid()
    try:
        article_services.revision_withdraw(
            revision=revision, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
    except InvalidAction as exc:
        return _revision_page(request, revision, error=str(exc), status=400)
    messages.success(request, "Withdrawn. The article is free for a new draft.")
    return redirect("workspace-revision", pk=revision.pk)


# ----------------------------------------------------------------------
# A revision, for everyone allowed to see it
# ----------------------------------------------------------------------
def _revision_page(request, revision, *, error=None, status=200, cancel_form=None):
    revision.refresh_from_db()
    user = request.user
    actions = dict(revision_available_actions(revision=revision, user=user))
    renders = [
        (
            "Patient wording",
            render_revision(revision, Audience.PATIENT, use_pinned=True, id_prefix="patient-"),
        ),
        (
            "Healthcare professional wording",
            render_revision(revision, Audience.PROFESSIONAL, use_pinned=True, id_prefix="professional-"),
        ),
    ]
    next_draft_allowed = revision.state in (
        Revision.State.CHANGES_REQUESTED,
        Revision.State.APPROVED,
    ) and policy.allows(user, Action.START_DRAFT, revision.article)
    return render(
        request,
        "workspace/revision_detail.html",
        {
            "revision": revision,
            "article": revision.article,
            "actions": actions,
            "can_edit": policy.allows(user, Action.EDIT_DRAFT, revision),
            "can_assign": policy.allows(user, Action.ASSIGN_REVIEWERS, revision),
            "renders": renders,
            "decisions": selectors.revision_decisions(revision=revision),
            "quorum": selectors.revision_quorum(revision=revision),
            "assignments": selectors.revision_assignments(revision=revision),
            "next_draft_allowed": next_draft_allowed,
            "grade": reading_grade(revision.body_patient),
            "grade_target": GRADE_TARGET,
            "guest_recommendations": guest_recommendations_for(user, revision),
            "can_manage_guests": policy.allows(user, Action.INVITE_GUEST),
            "is_board": policy.is_board_member(user),
            "is_chief": policy.is_chief_editor(user),
            "error": error,
            "schedule": revision_publication_schedule(revision=revision),
            "cancel_form": cancel_form or forms.CancelScheduleForm(),
            "can_cancel_schedule": policy.allows(user, Action.CANCEL_SCHEDULED_PUBLICATION, revision),
        },
        status=status,
    )


def guest_recommendations_for(user, revision):
    """Guest specialists' recommendations on `revision`, for those the policy shows them to."""
    if not policy.allows(user, Action.SEE_GUEST_RECOMMENDATIONS):
        return ()
    return guest_selectors.revision_guest_recommendations(revision=revision)


@any_role
def revision_detail(request, pk):
    return _revision_page(request, _revision(request, pk))
