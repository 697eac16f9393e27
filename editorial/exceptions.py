"""Errors a service raises, each with a sentence a person understands.

"Not allowed" (403) and "not possible now" (409) are kept apart: the first is
about who you are, the second about the state of the thing you acted on.
"""

from django.core.exceptions import PermissionDenied


class ActionNotAllowed(PermissionDenied):
    """The person may not do this at all (HTTP 403)."""


class ActionConflict(Exception):
    """The action is not possible in the current state, or someone acted first (HTTP 409)."""


class InvalidAction(Exception):
    """The input is not acceptable (HTTP 400). Carries field errors when known."""

    def __init__(self, message, field_errors=None):
        super().__init__(message)
        self.field_errors = field_errors or {}


class EditConflict(ActionConflict):
    """Someone saved the text after this editor opened it (HTTP 409); `current` is their version."""

    def __init__(self, message, *, current):
        super().__init__(message)
        self.current = current
