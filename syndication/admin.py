"""Partners, keys, usage and webhook deliveries, for chief editors and admins."""

from django.contrib import admin
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiKey, ApiKeyUsage, ChangeFeedEntry, Partner, WebhookDelivery
from .services import api_key_create, api_key_revoke, webhook_resend


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: look, don't touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fields = ("prefix", "label", "created_at", "created_by", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "contact_email", "is_active", "requests_per_minute", "has_webhook", "keys_in_use")
    list_filter = ("is_active",)
    search_fields = ("name", "contact_name", "contact_email")
    readonly_fields = ("webhook_secret", "created_at")
    inlines = [ApiKeyInline]
    actions = ["issue_key"]

    @admin.display(boolean=True, description="webhook")
    def has_webhook(self, obj):
        return bool(obj.webhook_url)

    @admin.display(description="keys in use")
    def keys_in_use(self, obj):
        return obj.api_keys.filter(revoked_at__isnull=True).count()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "webhook_url":
            kwargs["assume_scheme"] = "https"  # webhooks are https only
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Keys, usage and deliveries point at the partner; deactivate it instead.
        return False

    @admin.action(description="Issue a new API key (shown once)", permissions=["add_key"])
    def issue_key(self, request, queryset):
        issued = []
        for partner in queryset:
            api_key, raw_key = api_key_create(
                partner=partner, actor=request.user, label="Issued in the admin"
            )
            issued.append({"partner": partner, "api_key": api_key, "raw_key": raw_key})
        context = {**self.admin_site.each_context(request), "title": "New API keys", "issued": issued}
        response = TemplateResponse(request, "syndication/admin/keys_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def has_add_key_permission(self, request):
        return request.user.has_perm("syndication.add_apikey")


class ApiKeyUsageInline(admin.TabularInline):
    model = ApiKeyUsage
    fields = ("day", "requests", "throttled")
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "partner", "label", "created_at", "revoked_at", "requests_today")
    list_filter = ("partner", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("prefix", "label", "partner__name")
    fields = ("partner", "label", "prefix", "created_at", "created_by", "revoked_at")
    readonly_fields = ("partner", "prefix", "created_at", "created_by", "revoked_at")
    inlines = [ApiKeyUsageInline]
    actions = ["revoke"]

    @admin.display(description="requests today")
    def requests_today(self, obj):
        total = obj.usage.filter(day=timezone.now().date()).aggregate(total=Sum("requests"))["total"]
        return total or 0

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_key_revoke(api_key=api_key)
        self.message_user(request, f"{queryset.count()} key(s) revoked; they stop working at once.")

    def has_add_permission(self, request):
        # A key is issued from its partner (the action shows it once), never typed in.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiKeyUsage)
class ApiKeyUsageAdmin(ReadOnlyAdmin):
    list_display = ("day", "api_key", "partner", "requests", "throttled")
    list_filter = ("day", "api_key__partner")
    date_hierarchy = "day"
    list_select_related = ("api_key__partner",)

    @admin.display(ordering="api_key__partner__name")
    def partner(self, obj):
        return obj.api_key.partner


@admin.register(ChangeFeedEntry)
class ChangeFeedEntryAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "slug", "revision_number", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("slug",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: every attempt's outcome, and a way to send again."""

    list_display = (
        "entry", "partner", "status", "attempts", "last_status_code", "created_at", "delivered_at",
        "next_attempt_at",
    )  # fmt: skip
    list_filter = ("status", "partner")
    list_select_related = ("entry", "partner")
    readonly_fields = ("last_error",)
    actions = ["resend"]

    @admin.action(description="Send the selected events again", permissions=["resend"])
    def resend(self, request, queryset):
        count = webhook_resend(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} event(s) queued to be sent again.")

    def has_resend_permission(self, request):
        return request.user.has_perm("syndication.change_webhookdelivery")
