from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from articles.reader import invalidate_reader_pages

from .models import BoardMember, ChecklistItem, EditorialPolicy, Notification
from .notifications import notification_retry_failed


class HistoryKeptAdmin(SimpleHistoryAdmin):
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
        transaction.on_commit(invalidate_reader_pages, robust=True)


@admin.register(EditorialPolicy)
class EditorialPolicyAdmin(HistoryKeptAdmin):
    list_display = ("title", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryKeptAdmin):
    """The board's review checklist; the chief editor keeps it (points are retired, never deleted)."""

    list_display = ("label", "key", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject", "to_email", "dedupe_key")
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    @admin.action(description="Send the selected failed e-mails again", permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = notification_retry_failed(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} failed e-mail(s) queued to be sent again.")

    def has_retry_permission(self, request):
        return request.user.has_perm("editorial.view_notification")

    # The outbox is a record of what was sent: look, don't touch.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
