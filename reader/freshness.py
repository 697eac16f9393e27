"""Is a cached reader page still right? One indexed query answers it, in every process.

Everything readers see moves on together: `ReaderContentVersion` is a single row whose value
changes, inside the same transaction, with every change that can alter a reader page (a
publication, an unpublication, a related question, a board member's profile, the policy, a
disclaimer; reader.receivers). Every cached page and every validator (ETag, Last-Modified)
is keyed on it, so a request reads it once (one primary-key lookup, the same cost on SQLite
and PostgreSQL) and never serves text older than the database. Because the row lives in the
database, not in a cache, two processes on the embedded default (local-memory cache) agree.

The value is the time of the last change in microseconds since 1970 (UTC), moved on to at
least the next whole second: a version and the pages' Last-Modified at once.
"""

import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from editorial.db import fetchone_checking_health

from .models import ReaderContentVersion

ROW_ID = 1
_TABLE = ReaderContentVersion._meta.db_table
_READ_SQL = f"SELECT version FROM {_TABLE} WHERE id = %s"  # noqa: S608 - constant table name
# The next version is at least the start of the next second, so that Last-Modified (whole
# seconds) moves on too: a client that revalidates with If-Modified-Since alone is never told
# "not modified" about a page that changed within the second it fetched it.
_NEXT_SECOND = "((version / 1000000) + 1) * 1000000"
_BUMP_SQL = (
    f"UPDATE {_TABLE} SET version = CASE WHEN {_NEXT_SECOND} > %s THEN {_NEXT_SECOND} ELSE %s END "  # noqa: S608
    "WHERE id = %s"
)


@dataclass(frozen=True)
class ContentState:
    """The version of everything readers see, as read at the start of a request."""

    version: int

    @property
    def last_modified(self):
        """Seconds since 1970, for Last-Modified and If-Modified-Since."""
        return self.version // 1_000_000

    @property
    def changed_at(self):
        return datetime.fromtimestamp(self.last_modified, tz=UTC)


def _now_us():
    return time.time_ns() // 1_000


# The state read at the start of this request by reader.http, so that the page's own code
# (e.g. the sitemaps' lastmod) does not read it again.
request_state = ContextVar("reader_content_state", default=None)


def state_for_this_request():
    return request_state.get() or current_state()


def current_state():
    """The current version: one query by primary key (the row is created on first use). It is
    the first query of a cached reader page's request, so it doubles as the check that a reused
    database connection still works (editorial.db)."""
    row = fetchone_checking_health(_READ_SQL, [ROW_ID])
    if row is None:
        row = (
            ReaderContentVersion.objects.get_or_create(pk=ROW_ID, defaults={"version": _now_us()})[0].version,
        )
    return ContentState(version=row[0])


def reader_content_moved_on():
    """Move the version on, in the caller's transaction: the change and the new version
    commit together, so no request can see the change under the old version's pages."""
    now = _now_us()
    with connection.cursor() as cursor:
        cursor.execute(_BUMP_SQL, [now, now, ROW_ID])
        updated = cursor.rowcount
    if not updated:
        ReaderContentVersion.objects.get_or_create(pk=ROW_ID, defaults={"version": now})
