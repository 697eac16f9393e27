"""A permission decision: allowed, or refused with a sentence, "not allowed" (403) or "not now" (409)."""

from dataclasses import dataclass

from editorial.exceptions import ActionConflict, ActionNotAllowed


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # a sentence for the person refused
    not_now: bool = False  # refused for the object's state (409), not for who they are (403)

    def __bool__(self):
        return self.allowed

    def raise_if_refused(self):
        if self.allowed:
            return
        if self.not_now:
            raise ActionConflict(self.reason)
        raise ActionNotAllowed(self.reason)


YES = Decision(True)


def _no(reason):
    return Decision(False, reason)


def _not_now(reason):
    return Decision(False, reason, not_now=True)
