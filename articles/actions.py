"""What every action on a revision shares, in articles and in the board's decisions (reviews):
turning a lost race into a 409, locking the revision, running a transition with its history
and event, cleaning typed text, and who the board is.
"""

from django.contrib.auth import get_user_model
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from audit.history import save_with_history
from editorial.exceptions import ActionConflict, InvalidAction

from .events import log_revision_event
from .models import Revision
from .rendering import check_markdown


def conflict_on_race(func):
    """Turn a lost race into a 409. Caught outside the atomic block, as it must be."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConcurrentTransition as exc:
            raise ActionConflict(
                "Someone else changed this revision at the same moment. Reload the page to see "
                "where it stands now."
            ) from exc

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def lock_revision(revision):
    """The revision re-read under a row lock, so decisions see the latest state."""
    return Revision.objects.select_for_update().select_related("article").get(pk=revision.pk)


def run_transition(revision, name, *, actor, comment="", data=None):
    """Run transition `name`, save it and record the event `revision.<name>` with `data`."""
    source = revision.state
    try:
        getattr(revision, name)()
    except TransitionNotAllowed as exc:
        raise ActionConflict(
            f"This revision cannot move on from {revision.get_state_display().lower()} that way now."
        ) from exc
    reason = f"{name}: {source} → {revision.state}"
    if comment:
        reason += f" — {comment}"
    save_with_history(revision, actor=actor, reason=reason)
    log_revision_event(
        revision, verb=f"revision.{name}", actor=actor, from_state=source, comment=comment, data=data
    )


def clean_text(value, *, label, max_length, required=False, markdown=False):
    value = (value or "").replace("\r\n", "\n")
    if "\x00" in value:
        raise InvalidAction(f"The {label} contains a character that is not allowed (a null character).")
    if required and not value.strip():
        raise InvalidAction(f"The {label} cannot be empty.")
    if len(value) > max_length:
        raise InvalidAction(f"The {label} is too long: at most {max_length:,} characters.")
    if markdown:
        check_markdown(value, label=label)  # refused rather than shown cut short
    return value


def board_users():
    User = get_user_model()
    return User.objects.filter(board_member__is_active=True, is_active=True)
