"""Every history row is announced by one event in the chain.

django-simple-history keeps field-level history of every content model. Each
time it writes a row, this writes a ``history.created`` / ``history.changed`` /
``history.deleted`` event in the same transaction, naming the history table,
the row's id and the SHA-256 of the row as stored. That is the rule the
integrity check holds the history tables to: the rows of every history table
are exactly the rows its events announce, with the content they announced, so
a row deleted, added or edited behind the application's back is found.
"""

from django.db.models import Model

from .canonical import content_hash
from .log import log_action

HISTORY_VERBS = {
    "+": "history.created",
    "~": "history.changed",
    "-": "history.deleted",
}
#: Rows written before the event log existed, announced once by a migration.
LEGACY_VERB = "history.legacy"


def history_row_values(history_model, *, history_id, using="default"):
    """One stored history row as plain values, the form its hash is taken over."""
    return history_model._default_manager.using(using).filter(pk=history_id).values().get()


def row_hash(values, columns=None):
    """SHA-256 of the canonical JSON of the row's values (only `columns`, when given)."""
    if columns is not None:
        values = {column: values.get(column) for column in columns}
    return content_hash(values)


def record_history_row(sender, *, instance, history_instance, history_user=None, using=None, **kwargs):
    """post_create_historical_record receiver: announce the new row in the event log."""
    using = using or "default"
    history_model = type(history_instance)
    values = history_row_values(history_model, history_id=history_instance.pk, using=using)
    log_action(
        actor=history_user if isinstance(history_user, Model) else None,
        verb=HISTORY_VERBS.get(history_instance.history_type, "history.changed"),
        obj=instance if instance.pk is not None else None,
        comment=history_instance.history_change_reason or "",
        data={
            "history_table": history_model._meta.db_table,
            "history_id": history_instance.pk,
            "row_sha256": row_hash(values),
            # The columns hashed: a column added to the table later is not part of this row's record.
            "row_columns": sorted(values),
        },
        using=using,
    )
