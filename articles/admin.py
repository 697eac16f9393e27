"""The Django admin for articles and their review.

Transitions appear as buttons on a revision's page and go through the same
services as every other interface. History is shown for every object and can
never be deleted; approved revisions are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from editorial.models import ChecklistItem
from editorial.roles import is_chief_editor
from references.models import Citation

from . import reader, selectors, services
from .models import Article, Disclaimer, FollowUpQuestion, ReviewAssignment, ReviewDecision, Revision
from .permissions import can_edit
from .search import article_refresh_search_document


class NoDeleteMixin:
    """Nothing with a review record is ever deleted: history must stay whole."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ("number", "state", "author", "change_summary", "submitted_at", "approved_at")
    readonly_fields = fields
    ordering = ("-number",)


class DecisionInline(ReadOnlyInline):
    model = ReviewDecision
    fields = ("reviewer", "decision", "comment", "created_at")
    readonly_fields = fields


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ("reference", "pinned_snapshot", "pinned_history_id")
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("question", "specialty", "is_live_display", "live_revision", "unpublished_at")
    list_filter = ("specialty", ("live_revision", admin.EmptyFieldListFilter))
    search_fields = ("question", "slug", "about", "specialty")
    # Only the add page prefills the address from the question (get_prepopulated_fields): on a
    # saved article the question is read-only, and simple-history's history detail page reads
    # this attribute directly, where a read-only source field is a KeyError (a 500).
    prepopulated_fields = {}
    filter_horizontal = ("related_articles",)
    readonly_fields = (
        "live_revision",
        "created_by",
        "created_at",
        "unpublished_at",
        "unpublished_reason",
        "needs_rereview_since",
    )
    inlines = [RevisionInline]
    change_form_template = "admin/articles/article/change_form.html"

    @admin.display(boolean=True, description="live")
    def is_live_display(self, obj):
        return obj.is_live

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Readers see the question as the page title, so it is reworded in a revision and
        # reviewed with the text; approval copies it here.
        fields = (*self.readonly_fields, "question")
        if obj.live_revision_id:
            # The address of a published article is part of links people keep.
            fields = (*fields, "slug")
            if not is_chief_editor(request.user):
                fields = (*fields, "about")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("question",)} if obj is None else {}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj._history_user = request.user
        obj._change_reason = "Article details changed in the admin" if change else "Article created"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The question is searched, and it and the related questions appear on cached pages.
        article_refresh_search_document(form.instance.pk)
        transaction.on_commit(reader.invalidate_reader_pages, robust=True)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/new-draft/",
                self.admin_site.admin_view(self.new_draft_view),
                name="articles_article_new_draft",
            ),
            path(
                "<int:pk>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name="articles_article_unpublish",
            ),
        ]
        return urls + super().get_urls()

    def new_draft_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        try:
            revision = services.revision_create_draft(article=article, actor=request.user)
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        messages.success(request, f"Started draft revision {revision.number}.")
        return HttpResponseRedirect(reverse("admin:articles_revision_change", args=[revision.pk]))

    def unpublish_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        try:
            services.article_unpublish(
                article=article, actor=request.user, reason=request.POST.get("reason", "")
            )
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The article is unpublished. Readers no longer see it.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


@admin.register(Revision)
class RevisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
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
    )
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

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        # Only a draft's text is editable, and only by its author or a chief editor.
        return (
            obj.state == Revision.State.DRAFT
            and can_edit(obj, request.user)
            and super().has_change_permission(request, obj)
        )

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
        revision = get_object_or_404(Revision, pk=pk)
        action = request.POST.get("action", "")
        try:
            services.revision_perform_action(
                action=action,
                revision=revision,
                actor=request.user,
                comment=request.POST.get("comment", ""),
                checklist_confirmed=request.POST.getlist("checklist"),
                conflict_of_interest=request.POST.get("conflict_of_interest", ""),
            )
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
        else:
            revision.refresh_from_db()
            messages.success(request, f"Done: the revision is now {revision.get_state_display().lower()}.")
        return HttpResponseRedirect(reverse("admin:articles_revision_change", args=[pk]))


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("revision", "reviewer", "decision", "created_at")
    list_filter = ("decision", "reviewer")
    search_fields = ("revision__article__question", "reviewer__display_name", "comment")
    list_select_related = ("revision__article", "reviewer")

    def has_add_permission(self, request):
        return False  # decisions are made with the buttons on a revision

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("revision", "reviewer", "due_at", "is_active", "assigned_by")
    list_filter = ("is_active", "reviewer")
    search_fields = ("revision__article__question", "reviewer__display_name")
    readonly_fields = ("revision", "reviewer", "assigned_by", "assigned_at")

    def has_add_permission(self, request):
        return False


@admin.register(Disclaimer)
class DisclaimerAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "audience", "version", "created_at", "pinned_count")
    list_filter = ("audience",)
    readonly_fields = ("version", "created_at", "created_by")

    @admin.display(description="pinned to approved revisions")
    def pinned_count(self, obj):
        return (
            Revision.objects.filter(disclaimer_patient=obj).count()
            + Revision.objects.filter(disclaimer_professional=obj).count()
        )

    def has_change_permission(self, request, obj=None):
        # A pinned disclaimer is part of what the board approved: add a new version instead.
        if obj is not None and obj.is_pinned:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj._history_user = request.user
        obj._change_reason = "Disclaimer edited" if change else "New disclaimer version"
        super().save_model(request, obj, form, change)


@admin.register(FollowUpQuestion)
class FollowUpQuestionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("short_question", "article", "audience", "status", "created_at")
    list_filter = ("status", "audience")
    search_fields = ("question", "article__question")
    readonly_fields = ("question", "article", "audience", "created_at", "planned_article")
    fields = ("question", "article", "audience", "status", "created_at", "planned_article")
    actions = ["turn_into_article_drafts"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="question")
    def short_question(self, obj):
        return obj.question[:100]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = f"Status set to {obj.get_status_display().lower()} in the admin"
        super().save_model(request, obj, form, change)

    def has_plan_permission(self, request):
        from editorial.roles import is_editor

        return is_editor(request.user)

    @admin.action(description="Turn into new article drafts", permissions=["plan"])
    def turn_into_article_drafts(self, request, queryset):
        from . import intake

        for question in queryset:
            try:
                draft = intake.followup_question_plan_article(question=question, actor=request.user)
            except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
                messages.error(request, f"“{question.question[:60]}”: {exc}")
            else:
                messages.success(
                    request,
                    format_html(
                        'Started the draft <a href="{}">{}</a>.',
                        reverse("admin:articles_revision_change", args=[draft.pk]),
                        draft.article.question,
                    ),
                )
