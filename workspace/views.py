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
from articles.rendering import check_markdown
from articles.revision_rendering import render_revision
from articles.selectors import revision_available_actions
from editorial.exceptions import ActionConflict, InvalidAction
from reviews import selectors
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
@any_role
def home(request):
    user = request.user
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


def _preview(text, audience):
    """A draft's wording exactly as readers would see it, with the library as it is now."""
    unsaved = Revision(body_patient=text, body_professional=text)
    rendered = render_revision(unsaved, audience, use_pinned=False)
    grade = reading_grade(text, html=rendered.html) if audience == Audience.PATIENT else None
    return {"rendered": rendered, "grade": grade, "grade_target": GRADE_TARGET, "audience": audience}


def reference_picker_first_page():
    from .reference_picker import reference_page

    return reference_page()


def _editor_context(revision, form):
    data = form.data if form.is_bound else form.initial
    q = ""
    return {
        "revision": revision,
        "article": revision.article,
        "form": form,
        "previews": [
            {"label": "Patient wording", **_preview(data.get("body_patient", ""), Audience.PATIENT)},
            {
                "label": "Healthcare professional wording",
                **_preview(data.get("body_professional", ""), Audience.PROFESSIONAL),
            },
        ],
        "references": reference_picker_first_page(),
        "reference_query": q,
        "change_requests": selectors.revision_change_requests_before(revision=revision)[:5],
    }


@writer_only
def revision_edit(request, pk):
    revision = _revision(request, pk)
    may_edit = policy.decide(request.user, Action.EDIT_DRAFT, revision)
    if may_edit.not_now:
        messages.info(
            request, "This revision is no longer a draft, so it cannot be edited. Start a new draft."
        )
        return redirect("workspace-revision", pk=revision.pk)
    may_edit.raise_if_refused()
    initial = {
        "question": revision.question,
        "body_patient": revision.body_patient,
        "body_professional": revision.body_professional,
        "change_summary": revision.change_summary,
    }
    if request.method != "POST":
        form = forms.DraftForm(initial=initial)
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form))
    form = forms.DraftForm(request.POST)
    if request.POST.get("action") == "preview":
        # Without JavaScript: show the preview of what was typed, saving nothing.
        form.is_valid()
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form))
    if form.is_valid():
        try:
            article_services.revision_update_draft(revision=revision, actor=request.user, **form.cleaned_data)
        except InvalidAction as exc:
            form.add_error(None, str(exc))
        except ActionConflict as exc:
            return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
        else:
            messages.success(request, "Draft saved.")
            return redirect("workspace-revision-edit", pk=revision.pk)
    return render(request, "workspace/revision_edit.html", _editor_context(revision, form), status=400)


@writer_only
@require_POST
def preview(request):
    """The live preview's fragment: one wording rendered as readers will see it."""
    audience = request.POST.get("audience")
    if audience not in (Audience.PATIENT, Audience.PROFESSIONAL):
        return render(request, "workspace/_preview_error.html", status=400)
    text = request.POST.get("text", "")[: article_services.MAX_BODY_LENGTH]
    label = "patient wording" if audience == Audience.PATIENT else "professional wording"
    try:
        check_markdown(text, label=label)
    except InvalidAction as refusal:
        # Saving would be refused with the same sentence: say it now, not after the fact.
        return render(request, "workspace/_preview_error.html", {"message": str(refusal)}, status=400)
    return render(request, "workspace/_preview.html", {"preview": _preview(text, audience)})


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
def _revision_page(request, revision, *, error=None, status=200):
    revision.refresh_from_db()
    user = request.user
    actions = dict(revision_available_actions(revision=revision, user=user))
    renders = [
        ("Patient wording", render_revision(revision, Audience.PATIENT, use_pinned=True)),
        (
            "Healthcare professional wording",
            render_revision(revision, Audience.PROFESSIONAL, use_pinned=True),
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
            "is_board": policy.is_board_member(user),
            "is_chief": policy.is_chief_editor(user),
            "error": error,
        },
        status=status,
    )


@any_role
def revision_detail(request, pk):
    return _revision_page(request, _revision(request, pk))
