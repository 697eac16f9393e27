"""The permission rule for scheduled publication: who may cancel a schedule, and when."""

from .decisions import YES, _no, _not_now
from .people import is_chief_editor


def cancel_schedule(user, revision):
    if not is_chief_editor(user):
        return _no("Only a chief editor can cancel a scheduled publication.")
    schedule = getattr(revision, "publication_schedule", None)
    if schedule is None or not schedule.is_pending:
        return _not_now("This revision has no scheduled publication waiting to go live.")
    return YES
