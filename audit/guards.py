"""Bulk changes that would skip history are refused, on every history-tracked model.

``QuerySet.update()`` and ``delete()`` (and ``bulk_create`` / ``bulk_update``)
write no history row, call no ``save()`` and check no invariant. Content
models use ``HistoryGuardedQuerySet`` (or mix it into their own queryset), so
such a call raises ``BulkChangeRefused`` with a sentence saying what to do
instead; saving each object (through the service for that action) keeps its
history. An ``update()`` touching only fields the history does not keep (such
as a derived search vector) is allowed. A system check (``audit.E001``) fails
when a history-tracked model's default manager is not guarded.
"""

from django.core import checks
from django.db import models


class BulkChangeRefused(Exception):
    """A bulk change that would leave no history was refused; nothing was changed."""


def history_tracked_models():
    """Every model whose changes django-simple-history keeps."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) and not model._meta.proxy
    ]


def tracked_field_names(model):
    """The attribute names (``article_id``, not ``article``) the model's history rows keep."""
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    return {
        field.attname
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_")
    }


class HistoryGuardedQuerySet(models.QuerySet):
    def _refuse(self, doing, instead):
        name = self.model._meta.verbose_name_plural
        raise BulkChangeRefused(
            f"Refused: {doing} {name} in bulk would leave no history. {instead} Nothing was changed."
        )

    def update(self, **kwargs):
        touched = {self.model._meta.get_field(name).attname for name in kwargs}
        kept = touched & tracked_field_names(self.model)
        if kept:
            self._refuse(
                f"changing {', '.join(sorted(kept))} of",
                "Save each one (through the service for the action) so its history is kept.",
            )
        return super().update(**kwargs)

    def delete(self):
        self._refuse("deleting", "Delete each one with its own delete(), if deleting it is allowed at all.")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("changing", "Save each one so its history is kept.")

    def bulk_create(self, objs, *args, **kwargs):
        self._refuse("creating", "Save each one so its history is kept.")

    update.alters_data = True
    delete.alters_data = True
    delete.queryset_only = True


HistoryGuardedManager = models.Manager.from_queryset(HistoryGuardedQuerySet)


@checks.register()
def check_history_models_are_guarded(app_configs=None, **kwargs):
    errors = []
    for model in history_tracked_models():
        queryset_class = type(model._default_manager.get_queryset())
        if not issubclass(queryset_class, HistoryGuardedQuerySet):
            errors.append(
                checks.Error(
                    f"{model._meta.label} keeps history but its default manager allows bulk update() "
                    "and delete(), which skip history.",
                    hint="Use audit.guards.HistoryGuardedQuerySet (or mix it into the model's queryset).",
                    obj=model,
                    id="audit.E001",
                )
            )
    return errors
