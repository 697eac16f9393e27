"""The admin's list of live articles citing a retracted source, for the chief editor to resolve."""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from references.forms import ResolveAlertForm
from roles.admin import PolicyAdminMixin

from . import retractions
from .models import RetractionAlert

SERVICE_ERRORS = (ActionNotAllowed, ActionConflict, InvalidAction)


@admin.register(RetractionAlert)
class RetractionAlertAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("article", "reference", "revision", "status", "created_at", "resolved_by")
    list_filter = ("status",)
    search_fields = ("article__question", "reference__title", "reference__doi")
    readonly_fields = (
        "reference", "article", "revision", "status", "created_at", "resolved_at", "resolved_by",
        "resolution",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="articles_retractionalert_resolve",
            )
        ]
        return urls + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "resolve_form": ResolveAlertForm()}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def resolve_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        alert = get_object_or_404(RetractionAlert, pk=pk)
        form = ResolveAlertForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Say what the board decided before resolving the alert.")
        else:
            try:
                retractions.retraction_alert_resolve(
                    alert=alert, actor=request.user, resolution=form.cleaned_data["resolution"]
                )
            except SERVICE_ERRORS as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "The alert is resolved.")
        return HttpResponseRedirect(reverse("admin:articles_retractionalert_change", args=[pk]))
