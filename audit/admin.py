from django.contrib import admin

from .log import log_action
from .models import Event
from .verbs import verb_label


class ChangesLoggedAdminMixin:
    """Admin pages that save a model directly (not through a service) record an event too:
    ``admin.create`` or ``admin.change``, with the fields the form changed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            actor=request.user,
            verb="admin.change" if change else "admin.create",
            obj=obj,
            data={
                "model": obj._meta.label_lower,
                "changed_fields": sorted(form.changed_data) if form is not None else [],
            },
        )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The event log, read-only: nobody adds, changes or deletes an event. Chief editors
    (``audit.view_event``) and admins read it."""

    list_display = ("sequence", "occurred_at", "actor_label", "verb", "what", "object_repr", "article_id")
    list_filter = ("verb",)
    search_fields = ("actor_label", "object_repr", "comment", "verb")
    date_hierarchy = "occurred_at"
    ordering = ("-sequence",)
    readonly_fields = [field.name for field in Event._meta.fields]
    list_select_related = ("actor",)

    @admin.display(description="what")
    def what(self, obj):
        return verb_label(obj.verb)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
