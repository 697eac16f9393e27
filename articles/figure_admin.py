"""The admin's read-only lists of figures and of the copies approvals pinned.

Figures are uploaded, described and deleted from the draft editor (articles.figure_services),
where the policy and the freeze are applied; the admin shows them and their history only, so
no path here changes or deletes one.
"""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from roles import policy
from roles.admin import PolicyAdminMixin

from .figures import figure_url
from .models import Article, Figure, PinnedFigure


class ReadOnlyAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="image")
    def preview(self, obj):
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" class="admin-figure" loading="lazy">',
            figure_url(obj.sha256, obj.image_format),
            obj.alt,
            obj.width,
            obj.height,
        )


@admin.register(Figure)
class FigureAdmin(ReadOnlyAdmin):
    list_display = ("key", "article", "alt", "width", "height", "uploaded_by", "uploaded_at")
    search_fields = ("key", "alt", "caption", "article__slug")
    fields = readonly_fields = (
        "article", "key", "preview", "alt", "caption", "credit", "sha256", "image_format", "width",
        "height", "byte_size", "uploaded_by", "uploaded_at",
    )  # fmt: skip

    def policy_queryset(self, request, queryset):
        return queryset.filter(article__in=policy.visible_articles(request.user, Article.objects.all()))


@admin.register(PinnedFigure)
class PinnedFigureAdmin(ReadOnlyAdmin):
    list_display = ("key", "revision", "alt", "sha256")
    search_fields = ("key", "alt", "revision__article__slug")
    fields = readonly_fields = (
        "revision", "figure", "key", "preview", "alt", "caption", "credit", "sha256", "image_format",
        "width", "height",
    )  # fmt: skip

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset)
