"""The Django admin for articles, disclaimers and follow-up questions.

The revision's page with its review buttons is in reviews.admin_revisions. History is shown
for every object and can never be deleted.
"""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from audit.admin import ChangesLoggedAdminMixin
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from roles import policy
from roles.admin import PolicyAdminMixin
from roles.policy import Action

from . import (
    figure_admin,  # noqa: F401 - registers the figures' read-only admin
    retraction_admin,  # noqa: F401 - registers the retraction alerts' admin
    services,
)
from .models import Article, Citation, Disclaimer, FollowUpQuestion, Revision
from .search import article_refresh_search_document
from .signals import reader_content_changed


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

    def get_queryset(self, request):
        return policy.visible_revisions(request.user, super().get_queryset(request))


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ("reference", "pinned_snapshot", "pinned_history_id")
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(ChangesLoggedAdminMixin, NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
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

    def policy_queryset(self, request, queryset):
        return policy.visible_articles(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return bool(policy.article_fields_editable(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Readers see the question as the page title, so it is reworded in a revision and
        # reviewed with the text; the rest is what the policy gives this person.
        editable = policy.article_fields_editable(request.user, obj)
        other = [f for f in ("question", "slug", *policy.ARTICLE_DETAIL_FIELDS) if f not in editable]
        return (*self.readonly_fields, *other)

    def get_prepopulated_fields(self, request, obj=None):
        # Only while adding: on a saved article the question is read-only, and a prepopulated
        # field pointing at a read-only one breaks the history pages.
        return {"slug": ("question",)} if obj is None else {}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_articles":
            kwargs["queryset"] = policy.visible_articles(request.user, Article.objects.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            article = self.get_object(request, object_id)
            if article is not None:
                extra_context["can_start_draft"] = policy.allows(request.user, Action.START_DRAFT, article)
                extra_context["can_unpublish"] = policy.allows(request.user, Action.UNPUBLISH, article)
                extra_context["can_export_audit"] = policy.allows(request.user, Action.EXPORT_AUDIT, article)
        return super().changeform_view(request, object_id, form_url, extra_context)

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
        reader_content_changed.send(sender=Article, article_ids=[form.instance.pk])

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
        article = get_object_or_404(self.get_queryset(request), pk=pk)
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
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            services.article_unpublish(
                article=article, actor=request.user, reason=request.POST.get("reason", "")
            )
        except (ActionNotAllowed, ActionConflict, InvalidAction) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The article is unpublished. Readers no longer see it.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


@admin.register(Disclaimer)
class DisclaimerAdmin(ChangesLoggedAdminMixin, NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "audience", "version", "created_at", "pinned_count")
    list_filter = ("audience",)
    readonly_fields = ("version", "created_at", "created_by")

    @admin.display(description="pinned to approved revisions")
    def pinned_count(self, obj):
        return (
            Revision.objects.filter(disclaimer_patient=obj).count()
            + Revision.objects.filter(disclaimer_professional=obj).count()
        )

    def has_add_permission(self, request):
        return policy.allows(request.user, Action.MANAGE_DISCLAIMERS)

    def has_change_permission(self, request, obj=None):
        # A pinned disclaimer is part of what the board approved: add a new version instead.
        if obj is not None and obj.is_pinned:
            return False
        return policy.allows(request.user, Action.MANAGE_DISCLAIMERS)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj._history_user = request.user
        obj._change_reason = "Disclaimer edited" if change else "New disclaimer version"
        super().save_model(request, obj, form, change)


@admin.register(FollowUpQuestion)
class FollowUpQuestionAdmin(ChangesLoggedAdminMixin, NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
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
        return policy.allows(request.user, Action.CREATE_ARTICLE)

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
