"""Structured logs for production: one JSON object per line on standard error.

Any log collector (journald, Docker, a hosted service) can index these fields
without parsing prose. gunicorn's access log goes through the same formatter,
with the request's method, path, status and duration as separate fields.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRIBUTES = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}

# gunicorn's access-log atoms worth a field of their own (see gunicorn.glogging.Logger.atoms).
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON: time, level, logger, message and any extra fields."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(self._access_fields(record.args))
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = self._plain(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)

    @staticmethod
    def _access_fields(atoms):
        fields = {}
        for atom, name in _ACCESS_FIELDS.items():
            try:
                value = atoms[atom]
            except KeyError:
                continue
            if value not in (None, "-"):
                fields[name] = value
        if "status" in fields:
            try:
                fields["status"] = int(fields["status"])
            except (TypeError, ValueError):
                pass
        return fields

    @staticmethod
    def _plain(key, value):
        # Django's request loggers attach the HttpRequest: keep what identifies it,
        # never its cookies or body.
        if key == "request" and hasattr(value, "method") and hasattr(value, "path"):
            return {"method": value.method, "path": value.path}
        return value
