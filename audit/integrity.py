"""Checks that the event log and the history tables are as the application wrote them.

``problems()`` yields one ``Problem`` per finding; none means the record is whole.

1. The chain is recomputed from event 1: each event's content hash, its link to
   the event before (``previous_hash``) and its chain hash. Edited, deleted,
   inserted and reordered events are each named by sequence number.
2. The history tables are held to the events that announced their rows (see
   ``audit.recorder``): every row of every history table must be announced by
   exactly one event, with the hash it had then. A row deleted, added or edited
   behind the application's back is named with its table and id.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import router

from .canonical import GENESIS_HASH
from .models import HISTORY_VERB_PREFIX, Event
from .recorder import row_hash


@dataclass(frozen=True)
class Problem:
    """One finding: what it is about (e.g. "event 42") and what is wrong with it."""

    subject: str
    message: str
    article_id: int | None = None

    def __str__(self):
        return f"{self.subject}: {self.message}"


def chain_head(*, using=None):
    """(sequence, chain_hash) of the newest event, or (0, 64 zeros) for an empty log.

    A chain cannot show that its newest events were cut off: keep the head somewhere
    else (the daily check prints it) and compare it with a later one, which must extend it.
    """
    using = using or router.db_for_read(Event)
    head = Event.objects.using(using).order_by("-sequence").values_list("sequence", "chain_hash").first()
    return head or (0, GENESIS_HASH)


def history_models():
    """Every django-simple-history table's model, from the app registry."""
    return [model for model in apps.get_models() if is_history_model(model)]


def is_history_model(model):
    names = {field.name for field in model._meta.get_fields()}
    return {"history_id", "history_type", "history_date"} <= names and hasattr(model, "instance_type")


def problems(*, using=None):
    """Every problem found in the event chain and the history tables, in log order."""
    using = using or router.db_for_read(Event)
    announced = {}
    yield from _chain_problems(using, announced)
    yield from _history_problems(using, announced)


def _chain_problems(using, announced):
    expected_sequence = 1
    previous_chain = GENESIS_HASH
    previous_time = None
    events = Event.objects.using(using).select_related("object_type").order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        subject = f"event {event.sequence}"
        linked = True
        if event.sequence < expected_sequence:
            yield Problem(
                subject, "comes before the first event of the log: it was inserted.", event.article_id
            )
        elif event.sequence > expected_sequence:
            missing = (
                f"event {expected_sequence}"
                if event.sequence == expected_sequence + 1
                else f"events {expected_sequence} to {event.sequence - 1}"
            )
            yield Problem(
                subject,
                f"follows a gap: {missing} {'is' if ' to ' not in missing else 'are'} missing "
                "(deleted from the log).",
                event.article_id,
            )
            linked = False  # The gap is the finding; the broken link follows from it.
        if event.computed_content_hash() != event.content_hash:
            yield Problem(
                subject,
                f"was changed after it was written: its content no longer matches its hash ({event.verb}).",
                event.article_id,
            )
        if linked and event.previous_hash != previous_chain:
            yield Problem(
                subject,
                f"does not follow event {event.sequence - 1}: one of them was inserted, rewritten or "
                "moved out of order.",
                event.article_id,
            )
        if event.computed_chain_hash() != event.chain_hash:
            yield Problem(
                subject, "has a chain hash that does not match its content and link.", event.article_id
            )
        if previous_time is not None and event.occurred_at < previous_time:
            yield Problem(
                subject,
                f"is dated before event {event.sequence - 1}: it was inserted out of order.",
                event.article_id,
            )
        if event.verb.startswith(HISTORY_VERB_PREFIX):
            yield from _note_announcement(event, announced)
        expected_sequence = max(expected_sequence, event.sequence) + 1
        previous_chain = event.chain_hash
        previous_time = event.occurred_at


def _note_announcement(event, announced):
    data = event.data if isinstance(event.data, dict) else {}
    key = (data.get("history_table"), data.get("history_id"))
    if key in announced:
        first = announced[key][0]
        yield Problem(
            f"event {event.sequence}",
            f"announces the history row {key[0]} #{key[1]} that event {first} already announced.",
            event.article_id,
        )
        return
    announced[key] = (event.sequence, data.get("row_sha256"), event.article_id, data.get("row_columns"))


def _history_problems(using, announced):
    for model in history_models():
        label = model._meta.db_table
        rows = model._default_manager.using(using).order_by("pk").values()
        for values in rows.iterator(chunk_size=2000):
            key = (label, values["history_id"])
            subject = f"history row {label} #{values['history_id']}"
            found = announced.pop(key, None)
            if found is None:
                yield Problem(
                    subject,
                    "was not announced by any event: it was added outside the application, "
                    "or the event announcing it was deleted.",
                )
            elif row_hash(values, found[3]) != found[1]:
                yield Problem(subject, f"was changed after event {found[0]} recorded it.", found[2])
    leftovers = sorted(announced.items(), key=lambda item: item[1][0])
    for (label, history_id), (sequence, _hash, article_id, _columns) in leftovers:
        yield Problem(
            f"history row {label} #{history_id}",
            f"is missing: event {sequence} recorded it, and it has been deleted.",
            article_id,
        )
