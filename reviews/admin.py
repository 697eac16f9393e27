from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.signals import reader_content_changed
from audit.admin import ChangesLoggedAdminMixin
from roles import policy
from roles.admin import PolicyAdminMixin
from roles.policy import Action

# Imported to register revisions, decisions, assignments, guest invitations and recommendations.
from . import admin_guests, admin_revisions  # noqa: F401
from .models import BoardMember, ChecklistItem, EditorialPolicy


class HistoryKeptAdmin(ChangesLoggedAdminMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    """Objects that readers' pages credit are never deleted; deactivate them instead."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = "Changed in the admin" if change else "Created in the admin"
        super().save_model(request, obj, form, change)


@admin.register(BoardMember)
class BoardMemberAdmin(HistoryKeptAdmin):
    list_display = ("display_name", "credentials", "specialty", "is_active", "user")
    list_filter = ("is_active", "specialty")
    search_fields = ("display_name", "credentials", "specialty", "user__username", "user__email")
    prepopulated_fields = {"slug": ("display_name",)}
    autocomplete_fields = ("user",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Members' names and credentials appear in the banner of cached reader pages.
        reader_content_changed.send(sender=BoardMember, article_ids=None)


@admin.register(EditorialPolicy)
class EditorialPolicyAdmin(HistoryKeptAdmin):
    list_display = ("title", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def has_add_permission(self, request):
        return policy.allows(request.user, Action.EDIT_EDITORIAL_POLICY)

    def has_change_permission(self, request, obj=None):
        return policy.allows(request.user, Action.EDIT_EDITORIAL_POLICY)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        # The policy page is a cached reader page.
        reader_content_changed.send(sender=EditorialPolicy, article_ids=None)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryKeptAdmin):
    """The board's review checklist; the chief editor keeps it (points are retired, never deleted)."""

    list_display = ("label", "key", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)

    def has_add_permission(self, request):
        return policy.allows(request.user, Action.MANAGE_CHECKLIST)

    def has_change_permission(self, request, obj=None):
        return policy.allows(request.user, Action.MANAGE_CHECKLIST)

    def get_changelist_form(self, request, **kwargs):
        # The list's inputs have no <label>; name each after its column and its row.
        base = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name, field in self.fields.items():
                    if name in ChecklistItemAdmin.list_editable:
                        field.widget.attrs["aria-label"] = f"{field.label} of “{self.instance.label}”"

        return LabelledRowForm
