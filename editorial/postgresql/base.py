"""Django's PostgreSQL backend with a client-side deadline on every round trip.

`statement_timeout` and `lock_timeout` (set per connection in settings) stop slow
statements, but only a server that answers can enforce them: a frozen or unreachable
server leaves a request waiting forever on a connection that was opened earlier.
Here every wait for the server (queries, and the health check of a reused connection)
is bounded by DATABASE_QUERY_DEADLINE_SECONDS; past it the connection is closed and an
OperationalError is raised, which the site answers with a 503 (editorial.views).
Connecting is bounded by libpq's own `connect_timeout`.
"""

from contextlib import contextmanager

import psycopg
from django.db.backends.postgresql import base

ENGINE = "editorial.postgresql"


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server has a deadline."""

    deadline_seconds = None

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None and self.deadline_seconds:
            timeout = self.deadline_seconds
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.errors._WaitTimeout as exc:  # psycopg's own "no answer in time"
            # The connection is mid-conversation and cannot be reused: drop it.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"The database did not answer within {timeout:g} seconds."
            ) from exc


# A reused connection is checked at the start of a request; that check may take only this
# long, so that checking plus reconnecting still ends well within five seconds.
HEALTH_CHECK_DEADLINE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    @contextmanager
    def health_check_deadline(self):
        """Every wait for the server inside the block may take only as long as a health check."""
        connection = self.connection
        if not isinstance(connection, DeadlineConnection):
            yield
            return
        deadline, connection.deadline_seconds = connection.deadline_seconds, HEALTH_CHECK_DEADLINE_SECONDS
        try:
            yield
        finally:
            connection.deadline_seconds = deadline

    def is_usable(self):
        with self.health_check_deadline():
            return super().is_usable()

    def get_connection_params(self):
        params = super().get_connection_params()
        self._deadline_seconds = params.pop("query_deadline_seconds", None)
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self._deadline_seconds and type(connection) is psycopg.Connection:
            connection.__class__ = DeadlineConnection
            connection.deadline_seconds = float(self._deadline_seconds)
        return connection
