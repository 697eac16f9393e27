from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .canonical import chain_hash, content_hash


class EventQuerySet(models.QuerySet):
    def actions(self):
        """Events people caused (submit, approve, ...), without the per-history-row records."""
        return self.exclude(verb__startswith=HISTORY_VERB_PREFIX)

    def for_article(self, article_id):
        return self.filter(article_id=article_id).order_by("sequence")

    # The log is append-only: the database refuses UPDATE and DELETE as well (triggers).
    def update(self, **kwargs):
        raise EventLogIsAppendOnly("Events are never changed once written.")

    def delete(self):
        raise EventLogIsAppendOnly("Events are never deleted.")


HISTORY_VERB_PREFIX = "history."


class EventLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an event."""


class Event(models.Model):
    """One thing that happened, in an append-only, hash-chained log.

    Canonical content (what ``content_hash`` is the SHA-256 of): the JSON object
    ``{"sequence", "occurred_at", "actor_id", "actor_label", "verb", "object_type",
    "object_id", "object_repr", "article_id", "from_state", "to_state", "comment",
    "data"}`` serialised with sorted keys, no whitespace (separators ``,`` and ``:``),
    non-ASCII characters written as UTF-8 (not escaped), times as ISO 8601 in UTC with
    microseconds (``2026-12-02T14:21:09.123456+00:00``), ``object_type`` as
    ``app_label.model``, absent numbers as ``null``. Then ``chain_hash`` is the SHA-256
    of ``previous_hash + content_hash`` (two lowercase hex strings), and
    ``previous_hash`` is the previous event's ``chain_hash`` (64 zeros for event 1).
    """

    sequence = models.PositiveBigIntegerField(
        unique=True, editable=False, help_text="Position in the log: 1, 2, 3, ... with no gaps."
    )
    occurred_at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="Who acted; empty when the system did (a scheduled task).",
    )
    actor_label = models.CharField(
        "actor", max_length=200, editable=False, help_text="The actor's name as it was at the time."
    )
    verb = models.CharField(max_length=80, db_index=True, editable=False, help_text="e.g. revision.approve")
    object_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    object_repr = models.CharField("object", max_length=300, blank=True, editable=False)
    # Audit is the lowest layer, so the article is a plain number rather than a foreign key;
    # it makes an article's timeline and change log one indexed query.
    article_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    from_state = models.CharField(max_length=40, blank=True, editable=False)
    to_state = models.CharField(max_length=40, blank=True, editable=False)
    comment = models.TextField(blank=True, editable=False)
    data = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The action's details: checklist, reason, ..."
    )
    content_hash = models.CharField(max_length=64, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    chain_hash = models.CharField(max_length=64, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["article_id", "sequence"], name="event_article_idx"),
            models.Index(fields=["object_type", "object_id"], name="event_object_idx"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.verb} {self.object_repr}".strip()

    def content(self):
        """The event's content as plain data, in the canonical form its hash covers."""
        object_type = (
            f"{self.object_type.app_label}.{self.object_type.model}" if self.object_type_id else None
        )
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "verb": self.verb,
            "object_type": object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "article_id": self.article_id,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "comment": self.comment,
            "data": self.data,
        }

    def computed_content_hash(self):
        return content_hash(self.content())

    def computed_chain_hash(self):
        return chain_hash(self.previous_hash, self.content_hash)

    @property
    def is_history_record(self):
        return self.verb.startswith(HISTORY_VERB_PREFIX)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EventLogIsAppendOnly("Events are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventLogIsAppendOnly("Events are never deleted.")
