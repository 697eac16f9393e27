"""The board's and the chief editor's workspace pages: queue, comparison, decisions, assignments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import publication
from articles import services as article_services
from articles.models import Article, Revision
from articles.selectors import (
    publication_schedule_list_upcoming,
    revision_available_actions,
    revision_publication_schedule,
)
from editorial.exceptions import ActionConflict, InvalidAction
from notifications.outbox import notification_list_failed
from reviews import decisions, queue, selectors, services
from reviews.integrity import integrity_alert_for
from reviews.models import ReviewAssignment
from roles import policy

from . import diff, forms
from .views import (
    _article,
    _conflict,
    _page,
    _revision,
    _revision_page,
    any_role,
    board_only,
    chief_only,
    guest_recommendations_for,
)


# ----------------------------------------------------------------------
# The board
# ----------------------------------------------------------------------
def _queue_page(request, queryset, parameter):
    page = _page(request, queryset, parameter)
    page.object_list = queue.queue_rows(page.object_list)
    return page


@board_only
def review_queue(request):
    chief = policy.is_chief_editor(request.user)
    review_queue = queue.review_queue_for(user=request.user)
    # Every list grows with the library: a page at a time, each with its own page number.
    lists = {name: _queue_page(request, getattr(review_queue, name), name) for name in review_queue.LISTS}
    return render(
        request,
        "workspace/queue.html",
        {
            "queue": lists,
            "quorum": review_queue.quorum,
            "queue_is_empty": not any(page.paginator.count for page in lists.values()),
            "is_chief": chief,
            "unassigned": _page(request, queue.revision_list_unassigned(), "unassigned") if chief else [],
            "rereview": _page(request, queue.article_list_due_for_rereview(), "rereview") if chief else [],
            "failed_mail": notification_list_failed() if chief else [],
            "integrity_alert": integrity_alert_for(user=request.user) if chief else None,
            "scheduled": publication_schedule_list_upcoming() if chief else [],
        },
    )


def _compare_page(request, revision, *, form=None, error=None, status=200):
    base = selectors.revision_comparison_base(revision=revision)
    actions = dict(revision_available_actions(revision=revision, user=request.user))
    items = selectors.checklist_items()
    if form is None:
        form = forms.DecisionForm(checklist_items=items)
    return render(
        request,
        "workspace/compare.html",
        {
            "revision": revision,
            "article": revision.article,
            "base": base,
            "comparison": diff.compare_revisions(base, revision),
            "actions": actions,
            "can_decide": "approve" in actions,
            "form": form,
            "quorum": selectors.revision_quorum(revision=revision),
            "decisions": selectors.revision_decisions(revision=revision),
            "guest_recommendations": guest_recommendations_for(request.user, revision),
            "earlier_requests": selectors.revision_change_requests_before(revision=revision),
            "member": policy.board_member_for(request.user),
            "error": error,
        },
        status=status,
    )


@any_role
def revision_compare(request, pk):
    revision = _revision(request, pk)
    return _compare_page(request, revision)


@board_only
@require_POST
def review_start(request, pk):
    revision = _revision(request, pk)
    try:
        decisions.revision_start_review(revision=revision, actor=request.user)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-compare", args=[revision.pk]))
    messages.success(request, "You have taken this revision into review.")
    return redirect("workspace-compare", pk=revision.pk)


@board_only
@require_POST
def review_decide(request, pk):
    revision = _revision(request, pk)
    form = forms.DecisionForm(request.POST, checklist_items=selectors.checklist_items())
    if not form.is_valid():
        return _compare_page(request, revision, form=form, status=400)
    data = form.cleaned_data
    try:
        decisions.review_decide(
            revision=revision,
            actor=request.user,
            decision=data["decision"],
            comment=data["comment"],
            confirmed_keys=data["checklist"],
            conflict_of_interest=data["conflict_of_interest"],
            publish_at=data["publish_at"],
        )
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-compare", args=[revision.pk]))
    except InvalidAction as exc:
        # Shown at the field it is about when the service says which; else above the form.
        for name, errors in exc.field_errors.items():
            form.add_error(name if name in form.fields else None, errors)
        if not exc.field_errors:
            form.add_error(None, str(exc))
        return _compare_page(request, revision, form=form, status=400)
    revision.refresh_from_db()
    if data["decision"] == "request_changes":
        messages.success(request, "Changes requested. The author has been sent your comment.")
    elif revision.state == Revision.State.APPROVED and revision_publication_schedule(revision=revision):
        messages.success(request, "Approved. The quorum is reached; the revision goes live at the time set.")
    elif revision.state == Revision.State.APPROVED:
        messages.success(request, "Approved. The quorum is reached and the revision is now live.")
    else:
        quorum = selectors.revision_quorum(revision=revision)
        messages.success(request, f"Your approval is recorded ({quorum.count} of {quorum.required} needed).")
    return redirect("workspace-revision", pk=revision.pk)


@any_role
def article_timeline(request, slug):
    article = _article(request, slug)
    return render(
        request,
        "workspace/timeline.html",
        {"article": article, "events": selectors.article_timeline_for(article=article, user=request.user)},
    )


# ----------------------------------------------------------------------
# Chief editor
# ----------------------------------------------------------------------
@chief_only
def revision_assign(request, pk):
    revision = _revision(request, pk)
    form = forms.AssignForm(
        request.POST or None, revision=revision, initial={"due_at": services.default_due_at()}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.revision_assign_reviewers(
                    revision=revision,
                    actor=request.user,
                    reviewers=form.cleaned_data["reviewers"],
                    due_at=form.cleaned_data["due_at"],
                )
            except ActionConflict as exc:
                return _conflict(request, exc, reverse("workspace-assign", args=[revision.pk]))
            except InvalidAction as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Reviewers assigned and told by e-mail.")
                return redirect("workspace-assign", pk=revision.pk)
        status = 400
    assignments = [
        (a, forms.ReassignForm(revision=revision, initial={"reviewer": a.reviewer, "due_at": a.due_at}))
        for a in selectors.revision_assignments(revision=revision)
    ]
    return render(
        request,
        "workspace/assign.html",
        {"revision": revision, "article": revision.article, "form": form, "assignments": assignments},
        status=status,
    )


@chief_only
@require_POST
def assignment_reassign(request, pk):
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("revision"), pk=pk)
    revision = assignment.revision
    back = reverse("workspace-assign", args=[revision.pk])
    form = forms.ReassignForm(request.POST, revision=revision)
    if not form.is_valid():
        errors = "; ".join(" ".join(e) for e in form.errors.values())
        messages.error(request, f"The review was not reassigned: {errors}")
        return redirect(back)
    try:
        services.assignment_reassign(
            assignment=assignment,
            actor=request.user,
            reviewer=form.cleaned_data["reviewer"],
            due_at=form.cleaned_data["due_at"],
        )
    except ActionConflict as exc:
        return _conflict(request, exc, back)
    except InvalidAction as exc:
        messages.error(request, f"The review was not reassigned: {exc}")
        return redirect(back)
    messages.success(request, "Review reassigned.")
    return redirect(back)


@chief_only
def article_unpublish(request, slug):
    article = get_object_or_404(Article, slug=slug)
    form = forms.UnpublishForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                article_services.article_unpublish(
                    article=article, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ActionConflict as exc:
                return _conflict(request, exc, reverse("workspace-article", args=[article.slug]))
            except InvalidAction as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Unpublished. Readers no longer see the article.")
                return redirect("workspace-article", slug=article.slug)
        status = 400
    return render(request, "workspace/unpublish.html", {"article": article, "form": form}, status=status)


@chief_only
@require_POST
def schedule_cancel(request, pk):
    revision = _revision(request, pk)
    form = forms.CancelScheduleForm(request.POST)
    if form.is_valid():
        try:
            publication.publication_schedule_cancel(
                revision=revision, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionConflict as exc:
            return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
        except InvalidAction as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, "Scheduled publication cancelled. The revision will not go live by it.")
            return redirect("workspace-revision", pk=revision.pk)
    return _revision_page(request, revision, cancel_form=form, status=400)
