"""A read that doubles as the connection's health check.

With CONN_HEALTH_CHECKS (production), Django checks a reused connection with its own round trip
(`SELECT 1`) before the first query of every request. A public reader page served from cache
runs exactly one query, so that check doubled its database round trips. `fetchone_checking_health`
lets that one query be the check: run it on the reused connection, under the health check's
deadline, and only if it fails because the connection is broken, close the connection and run it
once more on a new one: the same outcome as Django's check, one round trip instead of two.

Only for a read that is safe to run twice (a SELECT outside any transaction).
"""

from contextlib import nullcontext

from django.db import InterfaceError, OperationalError, connection


def _fetchone(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def fetchone_checking_health(sql, params):
    check_pending = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if not check_pending:
        return _fetchone(sql, params)
    # Django's own check would run now, in cursor(): this query takes its place.
    connection.health_check_done = True
    deadline = getattr(connection, "health_check_deadline", nullcontext)
    try:
        with deadline():
            return _fetchone(sql, params)
    except (OperationalError, InterfaceError):
        # A broken reused connection, as Django's check would have found: start a new one
        # (new connections count as checked) and ask once more.
        connection.close()
        return _fetchone(sql, params)
