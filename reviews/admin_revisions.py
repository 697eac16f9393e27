"""The admin's revision page with the review buttons, and the board's decisions and assignments.

Transitions appear as buttons on a revision's page and go through the same services as every
other interface. History is shown for every object and can never be deleted; approved
revisions are read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles import selectors, services
from articles.admin import CitationInline, NoDeleteMixin, ReadOnlyInline
from articles.models import PublicationSchedule, Revision
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from roles import policy
from roles.admin import PolicyAdminMixin
from roles.policy import Action

from . import decisions
from .models import ChecklistItem, ReviewAssignment, ReviewDecision


class DecisionInline(ReadOnlyInline):
    model = ReviewDecision
    fields = ("reviewer", "decision", "comment", "created_at")
    readonly_fields = fields


# The approve button's optional "publish at", in the site's time zone (the workspace's form too).
_PUBLISH_AT = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class RevisionAdminForm(forms.ModelForm):
    """The draft's text, with the version it had when the page was opened (no silent overwrite)."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Revision
        fields = ("change_summary", "question", "body_patient", "body_professional")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.edit_version

    def clean(self):
        data = super().clean()
        opened = data.get("version")
        if self.instance.pk and opened:
            current = Revision.objects.get(pk=self.instance.pk)
            if current.edit_version != opened:
                saved_by = current.history.first().history_user if current.history.exists() else None
                who = f" by {saved_by.get_username()}" if saved_by else ""
                # The change page shows their saved text beside this form's (edit_conflict_rows).
                self.edit_conflict = current
                raise forms.ValidationError(
                    f"Someone else saved this draft{who} after you opened it, so your text was not saved. "
                    "Their saved version is shown beside yours below; your text is still in the fields. "
                    "Save again to replace theirs with yours (theirs stays in the history)."
                )
        return data

    def edit_conflict_rows(self):
        """(label, their saved text, this form's text, differs) per text field, or [] if no conflict."""
        current = getattr(self, "edit_conflict", None)
        if current is None:
            return []
        rows = []
        for name in ("question", "change_summary", "body_patient", "body_professional"):
            if name not in self.fields:
                continue
            label = self.fields[name].label or name
            saved, yours = getattr(current, name), self.data.get(self.add_prefix(name), "")
            rows.append((label, saved, yours, saved.replace("\r\n", "\n") != yours.replace("\r\n", "\n")))
        return rows

    def _post_clean(self):
        super()._post_clean()
        if getattr(self, "edit_conflict", None) is not None:
            # Save again means "mine over theirs": the next post carries the version seen now.
            data = self.data.copy()
            data[self.add_prefix("version")] = self.edit_conflict.edit_version
            self.data = data


@admin.register(Revision)
class RevisionAdmin(NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("article", "number", "state", "author", "submitted_at", "approved_at")
    list_filter = ("state", "article__specialty", "author", "decisions__reviewer")
    search_fields = ("article__question", "article__slug", "change_summary", "author__username")
    list_select_related = ("article", "author")
    date_hierarchy = "created_at"
    fields = (
        "article",
        "number",
        "state",
        "author",
        "change_summary",
        "question",
        "body_patient",
        "body_professional",
        "based_on",
        "submitted_at",
        "review_started_at",
        "approved_at",
        "disclaimer_patient",
        "disclaimer_professional",
        "content_sha256",
        "content_check",
        "version",
    )
    form = RevisionAdminForm
    readonly_fields = (
        "article",
        "number",
        "state",
        "author",
        "based_on",
        "submitted_at",
        "review_started_at",
        "approved_at",
        "disclaimer_patient",
        "disclaimer_professional",
        "content_sha256",
        "content_check",
    )
    inlines = [CitationInline, DecisionInline]
    change_form_template = "admin/articles/revision/change_form.html"

    def has_add_permission(self, request):
        # Drafts are started from an article ("Start a new draft"), through the service.
        return False

    def policy_queryset(self, request, queryset):
        return policy.visible_revisions(request.user, queryset)

    def policy_history(self, request, history_queryset, obj):
        return policy.history_rows_visible(request.user, history_queryset, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request) or policy.is_chief_editor(request.user)
        # Only a draft's text is editable, and only by its author or a chief editor.
        return policy.allows(request.user, Action.EDIT_DRAFT, obj)

    @admin.display(description="content check")
    def content_check(self, obj):
        if not obj.content_sha256:
            return "Not approved yet."
        if obj.content_is_intact():
            return "Matches the fingerprint taken at approval."
        return format_html("<strong>{}</strong>", "Does NOT match the fingerprint taken at approval.")

    def save_model(self, request, obj, form, change):
        # Saving goes through the service so the same checks and history apply.
        saved = services.revision_update_draft(
            revision=obj,
            actor=request.user,
            body_patient=form.cleaned_data["body_patient"],
            body_professional=form.cleaned_data["body_professional"],
            change_summary=form.cleaned_data["change_summary"],
            question=form.cleaned_data["question"],
            expected_version=form.cleaned_data.get("version") or None,
        )
        obj.refresh_from_db()
        return saved

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            revision = self.get_object(request, object_id)
            if revision is not None:
                extra_context["transition_actions"] = selectors.revision_available_actions(
                    revision=revision, user=request.user
                )
                extra_context["transition_url"] = reverse(
                    "admin:articles_revision_transition", args=[revision.pk]
                )
                extra_context["problems"] = revision.citation_problems()
                extra_context["checklist"] = ChecklistItem.objects.filter(is_active=True)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, *args, **kwargs):
        adminform = context.get("adminform")
        rows = adminform.form.edit_conflict_rows() if adminform is not None else []
        context["edit_conflict_rows"] = rows
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="articles_revision_transition",
            )
        ]
        return urls + super().get_urls()

    def transition_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(self.get_queryset(request), pk=pk)
        action = request.POST.get("action", "")
        try:
            publish_at = _PUBLISH_AT.clean(request.POST.get("publish_at", "") if action == "approve" else "")
        except forms.ValidationError:
            messages.error(request, "The publication time is not a date and time (YYYY-MM-DD HH:MM).")
            return HttpResponseRedirect(reverse("admin:articles_revision_change", args=[pk]))
        try:
            decisions.revision_perform_action(
                action=action,
                revision=revision,
                actor=request.user,
                comment=request.POST.get("comment", ""),
                checklist_confirmed=request.POST.getlist("checklist"),
                conflict_of_interest=request.POST.get("conflict_of_interest", ""),
                publish_at=publish_at,
            )
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
        else:
            revision.refresh_from_db()
            messages.success(request, f"Done: the revision is now {revision.get_state_display().lower()}.")
        return HttpResponseRedirect(reverse("admin:articles_revision_change", args=[pk]))


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("revision", "reviewer", "decision", "created_at")
    list_filter = ("decision", "reviewer")
    search_fields = ("revision__article__question", "reviewer__display_name", "comment")
    list_select_related = ("revision__article", "reviewer")

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset)

    def has_add_permission(self, request):
        return False  # decisions are made with the buttons on a revision

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("revision", "reviewer", "due_at", "is_active", "assigned_by")
    list_filter = ("is_active", "reviewer")
    search_fields = ("revision__article__question", "reviewer__display_name")
    readonly_fields = ("revision", "reviewer", "assigned_by", "assigned_at")

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset)

    def has_add_permission(self, request):
        return False


@admin.register(PublicationSchedule)
class PublicationScheduleAdmin(NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    """Read-only: a schedule is set by approving with a time and cancelled in the workspace."""

    list_display = ("revision", "publish_at", "published_at", "cancelled_at")
    list_select_related = ("revision__article",)

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
