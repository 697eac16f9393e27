"""The draft editor's figures section: upload, describe anew, delete. Thin: each calls one
service (articles.figure_services); a refusal shows the editing page again with the message
at its field (400), or the conflict page (409)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import figure_services
from articles.models import Figure
from editorial.exceptions import ActionConflict, InvalidAction
from roles import policy
from roles.policy import Action

from . import forms
from .editing import _editor_context, _initial, figures_context
from .views import _conflict, _revision, writer_only


def _back(revision):
    return reverse("workspace-revision-edit", args=[revision.pk]) + "#figures"


def _draft(request, pk):
    revision = _revision(request, pk)
    policy.require(request.user, Action.MANAGE_FIGURES, revision)
    return revision


def _page_again(request, revision, **figures):
    """The editing page with the saved draft's text and the figures section's refusal."""
    form = forms.DraftForm(initial=_initial(revision))
    return render(
        request, "workspace/revision_edit.html", _editor_context(revision, form, **figures), status=400
    )


def _refused(form, exc):
    placed = False
    for name, errors in exc.field_errors.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, str(exc))


@writer_only
@require_POST
def figure_upload(request, pk):
    try:
        revision = _draft(request, pk)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[pk]))
    form = forms.FigureUploadForm(request.POST, request.FILES, prefix="figure")
    if not form.is_valid():
        return _page_again(request, revision, figure_form=form)
    data = form.cleaned_data
    try:
        figure = figure_services.figure_upload(
            revision=revision,
            actor=request.user,
            image_file=data["image"],
            key=data["key"],
            alt=data["alt"],
            caption=data["caption"],
            credit=data["credit"],
        )
    except ActionConflict as exc:
        return _conflict(request, exc, _back(revision))
    except InvalidAction as exc:
        _refused(form, exc)
        return _page_again(request, revision, figure_form=form)
    messages.success(
        request, f"Figure uploaded. Place it in a wording with ![@{figure.key}] on a line of its own."
    )
    return redirect(_back(revision))


def _figure(revision, figure_pk):
    return get_object_or_404(Figure, pk=figure_pk, article_id=revision.article_id)


@writer_only
@require_POST
def figure_update(request, pk, figure_pk):
    try:
        revision = _draft(request, pk)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[pk]))
    figure = _figure(revision, figure_pk)
    form = forms.FigureDescribeForm(request.POST, prefix=f"figure-{figure.pk}", initial={"pk": figure.pk})
    if not form.is_valid():
        return _page_again(request, revision, **_describing(revision, form))
    try:
        figure_services.figure_update(
            revision=revision, figure=figure, actor=request.user, **form.cleaned_data
        )
    except ActionConflict as exc:
        return _conflict(request, exc, _back(revision))
    except InvalidAction as exc:
        _refused(form, exc)
        return _page_again(request, revision, **_describing(revision, form))
    messages.success(request, f"The description of figure {figure.key} is saved.")
    return redirect(_back(revision))


def _describing(revision, form):
    return figures_context(revision, describing=form)


@writer_only
@require_POST
def figure_delete(request, pk, figure_pk):
    try:
        revision = _draft(request, pk)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[pk]))
    figure = _figure(revision, figure_pk)
    try:
        figure_services.figure_delete(revision=revision, figure=figure, actor=request.user)
    except ActionConflict as exc:
        return _conflict(request, exc, _back(revision))
    messages.success(request, f"Figure {figure.key} deleted.")
    return redirect(_back(revision))
