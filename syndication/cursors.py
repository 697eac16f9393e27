"""Opaque cursors: a position in a list, encoded so partners treat it as a token."""

import base64
import binascii
import json

from rest_framework.exceptions import ValidationError


def encode(*values):
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token, *, kinds, name):
    """The values in `token`, checked against `kinds` (a tuple of types); 400 if it is not ours."""
    message = f"The {name} is not one this API gave out. Start again without it."
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise ValidationError({name: [message]}) from None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise ValidationError({name: [message]})
    for value, kind in zip(values, kinds, strict=True):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValidationError({name: [message]})
    return values
