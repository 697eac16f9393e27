"""The draft editor: one form whose buttons all save first, autosave, and
refusal of a save over someone else's (both versions shown side by side).

Buttons of the editing form (`action`): "save", "submit" (save, then submit),
"preview" (no JavaScript: render what was typed, save nothing) and "autosave"
(the page's script, every few seconds and on leaving; answers JSON).
"""

from types import SimpleNamespace

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import services as article_services
from articles.figures import article_figures, figures_locked_by
from articles.models import Audience, Revision
from articles.rendering import check_markdown
from articles.revision_rendering import render_revision
from editorial.exceptions import ActionConflict, EditConflict, InvalidAction
from reviews import selectors
from roles import policy
from roles.policy import Action

from . import diff, forms
from .readability import reading_grade
from .reference_picker import reference_page
from .views import _conflict, _revision, writer_only

GRADE_TARGET = 8
TEXT_FIELDS = ("question", "body_patient", "body_professional", "change_summary")


def _preview(text, audience, figures=None):
    """A draft's wording exactly as readers would see it, with the library and the article's
    figures (key → FigureView) as they are now."""
    unsaved = Revision(body_patient=text, body_professional=text)
    # Both previews share the editing page: each wording's reference ids get their own prefix.
    rendered = render_revision(
        unsaved, audience, use_pinned=False, id_prefix=f"{audience}-", figures=figures or {}
    )
    grade = reading_grade(text, html=rendered.html) if audience == Audience.PATIENT else None
    return {"rendered": rendered, "grade": grade, "grade_target": GRADE_TARGET, "audience": audience}


def figures_context(revision, *, upload_form=None, describing=None):
    """The editing page's figures section: the upload form and each figure with its own form
    (`describing`: a bound form for one figure, shown with its errors)."""
    figures = []
    for figure in revision.article.figures.order_by("key"):
        if describing is not None and describing.initial.get("pk") == figure.pk:
            describe_form = describing
        else:
            describe_form = forms.FigureDescribeForm(
                initial={"alt": figure.alt, "caption": figure.caption, "credit": figure.credit},
                prefix=f"figure-{figure.pk}",
            )
        figures.append({"figure": figure, "form": describe_form, "locked": figures_locked_by(figure)})
    return {"figure_form": upload_form or forms.FigureUploadForm(prefix="figure"), "figures": figures}


def _editor_context(revision, form, **extra):
    data = form.data if form.is_bound else form.initial
    figures = article_figures(revision.article_id)
    return {
        "revision": revision,
        "article": revision.article,
        "form": form,
        "previews": [
            {"label": "Patient wording", **_preview(data.get("body_patient", ""), Audience.PATIENT, figures)},
            {
                "label": "Healthcare professional wording",
                **_preview(data.get("body_professional", ""), Audience.PROFESSIONAL, figures),
            },
        ],
        **figures_context(revision),
        "references": reference_page(),
        "reference_query": "",
        "change_requests": selectors.revision_change_requests_before(revision=revision)[:5],
        **extra,
    }


def _initial(revision):
    return {name: getattr(revision, name) for name in TEXT_FIELDS} | {"version": revision.edit_version}


def _missing_for_submission(revision):
    """Field-level reasons a saved draft cannot be submitted, so each shows at its field."""
    missing = {}
    if not revision.question.strip():
        missing["question"] = "Write the question readers will see as the title."
    if not revision.body_patient.strip():
        missing["body_patient"] = "Write the patient wording: both wordings are reviewed together."
    if not revision.body_professional.strip():
        missing["body_professional"] = (
            "Write the healthcare professional wording: both wordings are reviewed together."
        )
    if not revision.change_summary.strip():
        missing["change_summary"] = "Write a one-line summary of the change before submitting."
    return missing


def _edit_conflict(request, revision, current, form, message):
    """409: their saved text beside yours, and your text in a form that can replace theirs."""
    yours = form.cleaned_data
    carry = form.data.copy()
    carry["version"] = current.edit_version
    carry_form = forms.DraftForm(carry)
    return render(
        request,
        "workspace/edit_conflict.html",
        {
            "revision": current,
            "article": revision.article,
            "message": message,
            # The board's word-level comparison, with their saved text as the "before".
            "comparison": SimpleNamespace(
                old=current,
                new=SimpleNamespace(question=yours.get("question", "")),
                patient=diff.compare_markdown(current.body_patient, yours.get("body_patient", "")),
                professional=diff.compare_markdown(
                    current.body_professional, yours.get("body_professional", "")
                ),
            ),
            "carry_form": carry_form,
            "saved_by": current.history.first().history_user if current.history.exists() else None,
        },
        status=409,
    )


def _autosave_answer(status, message="", **extra):
    return JsonResponse({"saved": status == 200, "message": message, **extra}, status=status)


@writer_only
def revision_edit(request, pk):
    revision = _revision(request, pk)
    autosave = request.method == "POST" and request.POST.get("action") == "autosave"
    may_edit = policy.decide(request.user, Action.EDIT_DRAFT, revision)
    if may_edit.not_now:
        if autosave:
            return _autosave_answer(409, "This revision is no longer a draft; it was not saved.")
        messages.info(
            request, "This revision is no longer a draft, so it cannot be edited. Start a new draft."
        )
        return redirect("workspace-revision", pk=revision.pk)
    may_edit.raise_if_refused()
    if request.method != "POST":
        form = forms.DraftForm(initial=_initial(revision))
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form))
    action = request.POST.get("action", "save")
    form = forms.DraftForm(request.POST, check_citations=not autosave)
    if action == "preview":
        form.is_valid()
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form))
    if not form.is_valid():
        if autosave:
            return _autosave_answer(400, " ".join(e for errors in form.errors.values() for e in errors))
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form), status=400)
    data = form.cleaned_data
    try:
        revision = article_services.revision_update_draft(
            revision=revision,
            actor=request.user,
            expected_version=data["version"] or None,
            **{name: data[name] for name in TEXT_FIELDS},
        )
    except EditConflict as exc:
        if autosave:
            return _autosave_answer(409, str(exc), conflict=True)
        return _edit_conflict(request, revision, exc.current, form, str(exc))
    except ActionConflict as exc:
        if autosave:
            return _autosave_answer(409, str(exc))
        return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
    except InvalidAction as exc:
        if autosave:
            return _autosave_answer(400, str(exc))
        form.add_error(None, str(exc))
        return render(request, "workspace/revision_edit.html", _editor_context(revision, form), status=400)
    if autosave:
        return _autosave_answer(200, "Saved.", version=revision.edit_version)
    if action == "submit":
        return _submit_saved(request, revision)
    messages.success(request, "Draft saved.")
    return redirect("workspace-revision-edit", pk=revision.pk)


def _submit_saved(request, revision):
    """Submit a draft just saved; a refusal shows the editor again, with the text kept."""
    refused = forms.DraftForm(_initial(revision))
    refused.is_valid()
    missing = _missing_for_submission(revision)
    try:
        if missing:
            raise InvalidAction("The draft is saved, but it cannot be submitted yet.", field_errors=missing)
        article_services.revision_submit(revision=revision, actor=request.user)
    except ActionConflict as exc:
        return _conflict(request, exc, reverse("workspace-revision", args=[revision.pk]))
    except InvalidAction as exc:
        if not exc.field_errors:
            refused.add_error(None, f"The draft is saved, but it cannot be submitted yet. {exc}")
        for name, error in exc.field_errors.items():
            refused.add_error(name, error)
        return render(request, "workspace/revision_edit.html", _editor_context(revision, refused), status=400)
    messages.success(request, "Submitted. The Medical Advisory Board has been told it awaits review.")
    return redirect("workspace-revision", pk=revision.pk)


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
    figures = {}
    if request.GET.get("revision", "").isdigit():
        # The figures of the draft being edited, if this person may see it.
        figures = article_figures(_revision(request, int(request.GET["revision"])).article_id)
    return render(request, "workspace/_preview.html", {"preview": _preview(text, audience, figures)})
