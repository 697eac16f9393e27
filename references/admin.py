from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Reference


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "citation_key", "reference_type", "source", "year", "is_retracted")
    list_filter = ("reference_type", "is_retracted", "year")
    search_fields = ("title", "citation_key", "doi", "pmid", "authors", "source")
    # A link typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = "Changed in the admin" if change else "Added to the library"
        super().save_model(request, obj, form, change)
