"""The admin asks the policy too: which objects a person finds, opens and may change.

`PolicyAdminMixin` goes in front of a ModelAdmin (a SimpleHistoryAdmin or a plain one).
Each admin says what the policy means for its model by overriding the three hooks;
the mixin applies them to every page the admin and django-simple-history serve: the
change list and its search, the change page, the history list and each history entry.
An object the person may not see is answered like one that does not exist (404).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404


class PolicyAdminMixin:
    # ------------------------------------------------------------------
    # Hooks: what the policy says for this model
    # ------------------------------------------------------------------
    def policy_queryset(self, request, queryset):
        """The objects of `queryset` the person may find and open."""
        return queryset

    def policy_history(self, request, history_queryset, obj):
        """The history rows of `obj` the person may read in full (all are listed)."""
        return history_queryset

    # ------------------------------------------------------------------
    # Applied everywhere
    # ------------------------------------------------------------------
    def get_queryset(self, request):
        return self.policy_queryset(request, super().get_queryset(request))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index saying the object may have been deleted; for an
        # object hidden by the policy that would still tell it exists. Say nothing.
        raise Http404(f"There is no {opts.verbose_name} with this ID that you may see.")

    def _visible_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"There is no {self.opts.verbose_name} with this ID that you may see.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        request._policy_history_object = self._visible_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _readable_history_ids(self, request, obj):
        manager = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        rows = manager.filter(**{self.opts.pk.attname: obj.pk})
        return set(self.policy_history(request, rows, obj).values_list("history_id", flat=True))

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The history list names every change (who, when, why), but shows what changed only
        # where the person may read both sides of it.
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        obj = getattr(request, "_policy_history_object", None)
        if obj is None:
            return
        readable = self._readable_history_ids(request, obj)
        records = list(historical_records)  # newest first
        if not records:
            return
        for newer, older in zip(records, [*records[1:], None], strict=True):
            if newer.history_id not in readable or (older is not None and older.history_id not in readable):
                newer.history_delta_changes = None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._visible_object(request, object_id)
        if str(version_id) not in {str(pk) for pk in self._readable_history_ids(request, obj)}:
            raise Http404("There is no such entry in this object's history that you may see.")
        if request.method == "POST":
            # django-simple-history saves a posted history entry back onto the object even
            # when reverting is disabled; history is a record, never a way to edit.
            raise PermissionDenied("History is read-only. Change the object itself, if you may.")
        return super().history_form_view(request, object_id, version_id, extra_context)
