"""One function per user action on the reference library.

The admin, the import pages, the management commands and the retraction
surveillance task all call these. Each runs in one transaction, saves with the
history user and reason, and raises an editorial.exceptions error with a
sentence a person understands before anything is written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.history import save_with_history
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.outbox import notification_queue
from roles.groups import chief_editors
from roles.policy import is_chief_editor

from .models import Reference
from .signals import reference_retracted

# Fields a person edits; the retraction flag changes only through its own actions.
EDITABLE_FIELDS = (
    "citation_key", "reference_type", "title", "authors", "source", "year", "volume", "issue", "pages",
    "doi", "pmid", "pmcid", "url", "evidence_level",
)  # fmt: skip
MAX_NOTICE_LENGTH = 5_000


def _require_perm(actor, perm, *, doing):
    # actor=None is the system itself (the surveillance task, a management command).
    if actor is not None and not (actor.is_active and actor.has_perm(perm)):
        raise ActionNotAllowed(f"You do not have permission to {doing} the reference library.")


def _invalid(exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    sentences = [str(message) for messages in errors.values() for message in messages]
    return InvalidAction("The reference was not saved. " + " ".join(sentences), field_errors=errors)


def _validated(reference):
    try:
        reference.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from exc


# ----------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------
def reference_create(*, actor, **fields):
    """Add an entry to the library. Identifiers are normalised; duplicates are refused."""
    _require_perm(actor, "references.add_reference", doing="add to")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidAction(f"These are not fields of a reference: {', '.join(sorted(unknown))}.")
    reference = Reference(**fields)
    _validated(reference)
    try:
        with transaction.atomic():
            save_with_history(reference, actor=actor, reason="Added to the library")
    except IntegrityError as exc:
        raise ActionConflict(
            "Another entry with the same citation key, DOI or PMID was saved at the same moment. "
            "Search the library for it before adding this one."
        ) from exc
    return reference


def reference_update(*, reference, actor, reason="Changed in the library", **fields):
    """Change an entry's bibliographic data. Published pages keep the data pinned at approval."""
    _require_perm(actor, "references.change_reference", doing="change")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidAction(f"These are not fields of a reference: {', '.join(sorted(unknown))}.")
    try:
        with transaction.atomic():
            reference = Reference.objects.select_for_update().get(pk=reference.pk)
            new_key = fields.get("citation_key", reference.citation_key)
            if new_key != reference.citation_key and reference.citations.exists():
                raise InvalidAction(
                    f"The citation key [@{reference.citation_key}] is used in articles, so it cannot "
                    "change: their text would point at nothing.",
                    field_errors={"citation_key": ["This key is cited by articles and cannot change."]},
                )
            for name, value in fields.items():
                setattr(reference, name, value)
            _validated(reference)
            save_with_history(reference, actor=actor, reason=reason)
    except IntegrityError as exc:
        raise ActionConflict(
            "Another entry with the same citation key, DOI or PMID was saved at the same moment."
        ) from exc
    return reference


# ----------------------------------------------------------------------
# Retraction
# ----------------------------------------------------------------------
def reference_mark_retracted(*, reference, actor, notice, retracted_on=None):
    """Mark a source retracted: approval of revisions citing it stops, and every live article
    citing it is flagged for the chief editors.

    Readers' pages do not change: they show the references pinned at approval
    until the board publishes a correction or unpublishes the article. Marking
    an entry that is already retracted changes nothing and notifies no one again.
    Returns the alerts created by this call.
    """
    _require_perm(actor, "references.change_reference", doing="mark retractions in")
    notice = (notice or "").replace("\x00", "").strip()
    if not notice:
        raise InvalidAction("Say where the retraction was published: the notice cannot be empty.")
    if len(notice) > MAX_NOTICE_LENGTH:
        raise InvalidAction(f"The retraction notice is too long: at most {MAX_NOTICE_LENGTH:,} characters.")
    if retracted_on is not None and retracted_on > timezone.localdate():
        raise InvalidAction("The retraction date is in the future.")
    with transaction.atomic():
        reference = Reference.objects.select_for_update().get(pk=reference.pk)
        if reference.is_retracted:
            return []
        reference.is_retracted = True
        reference.retracted_on = retracted_on
        reference.retraction_notice = notice
        save_with_history(reference, actor=actor, reason=f"Marked retracted — {notice[:200]}")
        event_key = f"reference-{reference.pk}-retracted-{reference.history.latest().history_id}"
        # The articles side flags live articles and tells authors of open drafts; each
        # receiver returns the alerts it raised.
        responses = reference_retracted.send(sender=Reference, reference=reference, event_key=event_key)
        alerts = [alert for _receiver, raised in responses for alert in (raised or [])]
        if alerts:
            notification_queue(
                kind="reference_retracted",
                recipients=chief_editors(),
                context={"reference": reference, "alerts": alerts, "actor": actor},
                event_key=event_key,
            )
    return alerts


def reference_clear_retraction(*, reference, actor, reason):
    """Undo a retraction marked by mistake. Chief editors only; the history keeps both steps."""
    if actor is None or not is_chief_editor(actor):
        raise ActionNotAllowed("Only a chief editor can clear a retraction.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidAction("Say why the retraction is cleared.")
    with transaction.atomic():
        reference = Reference.objects.select_for_update().get(pk=reference.pk)
        if not reference.is_retracted:
            raise ActionConflict("This entry is not marked retracted.")
        reference.is_retracted = False
        reference.retracted_on = None
        reference.retraction_notice = ""
        save_with_history(reference, actor=actor, reason=f"Retraction cleared — {reason[:200]}")
    return reference


def reference_record_correction(*, reference, actor, notice):
    """Note a correction or expression of concern. It does not block approval. Idempotent."""
    _require_perm(actor, "references.change_reference", doing="record corrections in")
    notice = (notice or "").strip()[:MAX_NOTICE_LENGTH]
    if not notice:
        raise InvalidAction("The correction notice cannot be empty.")
    with transaction.atomic():
        reference = Reference.objects.select_for_update().get(pk=reference.pk)
        if notice in reference.correction_notice:
            return reference
        reference.correction_notice = "\n".join(filter(None, [reference.correction_notice, notice]))
        save_with_history(reference, actor=actor, reason=f"Correction recorded — {notice[:200]}")
    return reference


def reference_import_commit(*, candidates, actor, source_name=""):
    """Create the entries a person confirmed after the import preview.

    The candidates are checked again, because the library may have changed since
    the preview: what has become a duplicate or invalid is skipped, not saved.
    Returns (created references, skipped rows with reasons).
    """
    from .importers import classify

    _require_perm(actor, "references.add_reference", doing="import into")
    reason = f"Imported from {source_name}" if source_name else "Imported"
    with transaction.atomic():
        rows = classify(candidates)
        created, skipped = [], []
        for row in rows:
            if row.status != row.NEW:
                skipped.append(row)
                continue
            reference = Reference(**row.data)
            save_with_history(reference, actor=actor, reason=reason)
            created.append(reference)
    return created, skipped


def parse_date(value):
    """A retraction date from a form or a CSV, or None."""
    if isinstance(value, datetime.date):
        return value
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
