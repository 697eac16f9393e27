"""Announcing, once, the history rows written before the event log existed.

A database that kept history before this app was installed has rows no event
announces; the integrity check would name every one. Migration 0003 runs this
once: each such row gets a ``history.legacy`` event with its table, id and hash,
so from then on it is held to the same rule as every other row. Nothing here
reads or interprets a history reason; it is copied as the event's comment.
"""

from django.utils import timezone

from .canonical import GENESIS_HASH, chain_hash, content_hash, plain
from .recorder import LEGACY_VERB, row_hash

LEGACY_ACTOR_LABEL = "Recorded before the event log"


def announce_unannounced_history_rows(*, Event, history_models, using):  # noqa: N803 - a model class
    announced = {
        (data.get("history_table"), data.get("history_id"))
        for data in Event.objects.using(using)
        .filter(verb__startswith="history.")
        .values_list("data", flat=True)
        if isinstance(data, dict)
    }
    head = Event.objects.using(using).order_by("-sequence").first()
    sequence = head.sequence if head else 0
    previous = head.chain_hash if head else GENESIS_HASH
    occurred_at = max(timezone.now(), head.occurred_at) if head else timezone.now()
    written = 0
    for model in sorted(history_models, key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        for values in model._default_manager.using(using).order_by("pk").values().iterator():
            if (table, values["history_id"]) in announced:
                continue
            sequence += 1
            content = {
                "sequence": sequence,
                "occurred_at": occurred_at,
                "actor_id": values.get("history_user_id"),
                "actor_label": LEGACY_ACTOR_LABEL,
                "verb": LEGACY_VERB,
                "object_type": None,
                "object_id": str(values.get("id", "")),
                "object_repr": "",
                "article_id": None,
                "from_state": "",
                "to_state": "",
                "comment": values.get("history_change_reason") or "",
                "data": plain(
                    {
                        "history_table": table,
                        "history_id": values["history_id"],
                        "history_type": values.get("history_type"),
                        "history_date": values.get("history_date"),
                        "row_sha256": row_hash(values),
                        "row_columns": sorted(values),
                    }
                ),
            }
            digest = content_hash(content)
            link = chain_hash(previous, digest)
            Event.objects.using(using).create(
                sequence=sequence,
                occurred_at=occurred_at,
                actor_id=content["actor_id"],
                actor_label=LEGACY_ACTOR_LABEL,
                verb=LEGACY_VERB,
                object_id=content["object_id"],
                comment=content["comment"],
                data=content["data"],
                content_hash=digest,
                previous_hash=previous,
                chain_hash=link,
            )
            previous = link
            written += 1
    return written
