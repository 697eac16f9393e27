"""Writing events: ``log_action`` appends one event to the hash-chained log.

It writes in the caller's transaction, so an action and its event are committed
or rolled back together. Appends are serialised so two transactions cannot both
extend the same head of the chain: on PostgreSQL by a transaction-level advisory
lock, on SQLite by its single writer (the project opens write transactions
IMMEDIATE). The unique sequence number is the last line of defence.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.utils import timezone

from .canonical import GENESIS_HASH, chain_hash, content_hash, plain
from .models import Event
from .verbs import is_registered

# pg_advisory_xact_lock key: any fixed number, shared by every process that appends.
CHAIN_LOCK_KEY = 0x4A5D17E7


def actor_label_for(user):
    """The name shown for an actor, kept with the event as it was at the time."""
    if user is None:
        return "The system"
    return (user.get_full_name() or user.get_username())[:200]


def _scope_article_id(obj):
    """The article an object's events belong to, if the object says (see README)."""
    for attribute in ("audit_article_id", "article_id"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return value
    return None


def _lock_chain(using):
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: the transaction already holds the database's write lock (IMMEDIATE mode).


def log_action(
    *,
    actor,
    verb,
    obj,
    from_state="",
    to_state="",
    comment="",
    data=None,
    article_id=None,
    using=None,
    actor_label=None,
):
    """Append one event and return it.

    `actor` is a user or None (the system); `verb` a registered verb such as
    "revision.approve"; `obj` the model instance acted on (or None);
    `data` a JSON-ready dict (checklist answers, conflict-of-interest
    declaration, reason, ...). `article_id` defaults to ``obj.audit_article_id``
    or ``obj.article_id``. `actor_label` names an actor without an account (a guest
    specialist); `actor` is then None.
    """
    if not is_registered(verb):
        raise ValueError(f'"{verb}" is not a registered event verb (see audit.verbs.register_verbs).')
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None and obj.pk is None:
        raise ValueError(f"Cannot log {verb} for an unsaved {type(obj).__name__}.")
    if article_id is None and obj is not None:
        article_id = _scope_article_id(obj)
    using = using or router.db_for_write(Event)
    with transaction.atomic(using=using):
        _lock_chain(using)
        head = Event.objects.using(using).order_by("-sequence").only("sequence", "occurred_at", "chain_hash")
        head = head.first()
        now = timezone.now()
        event = Event(
            sequence=head.sequence + 1 if head else 1,
            # Never earlier than the event before it, whatever the clocks of the servers say.
            occurred_at=max(now, head.occurred_at) if head else now,
            actor=actor,
            actor_label=(actor_label or actor_label_for(actor))[:200],
            verb=verb,
            object_type=ContentType.objects.db_manager(using).get_for_model(obj) if obj is not None else None,
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:300] if obj is not None else "",
            article_id=article_id,
            from_state=from_state or "",
            to_state=to_state or "",
            comment=comment or "",
            # Stored exactly as it will read back, so the hash recomputes from the database.
            data=plain(data or {}),
            previous_hash=head.chain_hash if head else GENESIS_HASH,
        )
        event.content_hash = content_hash(event.content())
        event.chain_hash = chain_hash(event.previous_hash, event.content_hash)
        event.save(using=using, force_insert=True)
    return event
