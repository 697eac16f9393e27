"""Guest specialists in the admin: read-only, like the board's decisions. Invitations are made
and revoked on the workspace's guest page; recommendations come only through the guest's link."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import NoDeleteMixin
from roles import policy
from roles.admin import PolicyAdminMixin
from roles.policy import Action

from .models import GuestInvitation, GuestRecommendation


class _ReadOnlyGuestAdmin(NoDeleteMixin, PolicyAdminMixin, SimpleHistoryAdmin):
    view_action = Action.SEE_GUEST_RECOMMENDATIONS

    def _may_view(self, request):
        return policy.allows(request.user, self.view_action) or policy.is_site_admin(request.user)

    def has_module_permission(self, request):
        return self._may_view(request)

    def has_view_permission(self, request, obj=None):
        return self._may_view(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuestInvitation)
class GuestInvitationAdmin(_ReadOnlyGuestAdmin):
    # Invitations carry the guest's e-mail address: the chief editors' (and site admins') only.
    view_action = Action.REVOKE_GUEST
    list_display = ("name", "credentials", "revision", "created_at", "expires_at", "revoked_at")
    search_fields = ("name", "credentials", "revision__article__question")
    list_select_related = ("revision__article",)

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset)


@admin.register(GuestRecommendation)
class GuestRecommendationAdmin(_ReadOnlyGuestAdmin):
    list_display = ("invitation", "recommendation", "created_at")
    list_filter = ("recommendation",)
    search_fields = ("invitation__name", "invitation__revision__article__question", "comment")
    list_select_related = ("invitation__revision__article",)
    exclude = ("invitation",)  # its page would show the invitee's e-mail address
    readonly_fields = ("guest", "recommendation", "comment", "conflict_of_interest", "created_at")

    @admin.display(description="guest specialist")
    def guest(self, obj):
        return str(obj.invitation)

    def policy_queryset(self, request, queryset):
        return policy.visible_through_revision(request.user, queryset, path="invitation__revision")
