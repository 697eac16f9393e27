"""The canonical JSON form that event hashes are computed over.

Pure functions with no database access, so an auditor can recompute every hash
from an export with nothing but Python's standard library (see the README).
"""

import datetime
import decimal
import hashlib
import json
import uuid

#: The ``previous_hash`` of the first event: 64 zeros.
GENESIS_HASH = "0" * 64


def _plain(value):
    """A JSON-ready value with one spelling per value: times in UTC with microseconds."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=canonical_json) if isinstance(value, set | frozenset) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    # Lazy translation strings, enum choices and the like.
    return str(value)


def plain(value):
    """`value` as it will read back from a JSON column: what gets stored and hashed."""
    return json.loads(canonical_json(value))


def canonical_json(value):
    """Keys sorted, no whitespace, UTF-8 text kept as is (not \\u-escaped)."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(content):
    """SHA-256 of the canonical JSON of an event's content (see ``Event.content()``)."""
    return sha256_hex(canonical_json(content))


def chain_hash(previous_hash, content_hash_hex):
    """SHA-256 of the previous event's chain hash followed by this event's content hash."""
    return sha256_hex(previous_hash + content_hash_hex)
