from django.contrib import admin

from .models import Notification
from .outbox import notification_retry_failed


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "to_email", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject", "to_email", "dedupe_key")
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    # These e-mails carry a personal link that works by itself (a guest specialist's): the
    # outbox keeps it to deliver it, but no page shows it to anyone else.
    LINK_BEARING_KINDS = {"guest_invitation"}

    def get_exclude(self, request, obj=None):
        if obj is not None and obj.kind in self.LINK_BEARING_KINDS:
            return ("body_text", "body_html")
        return super().get_exclude(request, obj)

    @admin.action(description="Send the selected failed e-mails again", permissions=["retry"])
    def retry_failed(self, request, queryset):
        count = notification_retry_failed(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} failed e-mail(s) queued to be sent again.")

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.view_notification")

    # The outbox is a record of what was sent: look, don't touch.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
