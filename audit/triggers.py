"""Database triggers that make the event log and the history tables append-only.

PostgreSQL: a row trigger refuses UPDATE and DELETE and a statement trigger
refuses TRUNCATE on each table. SQLite: BEFORE UPDATE / BEFORE DELETE triggers
that RAISE(ABORT). Installed by a migration and again after every ``migrate``
(post_migrate), so a history table added by a later migration is covered too.

The only way around them is the ``flush`` command (as the test runner's
transactional tests use it): ``audit``'s own ``flush`` lifts the triggers,
empties the database and puts them back. Application code never does. A
database owner can always drop a trigger, so in production the application
should connect as a role that does not own the tables (see the README).
"""

from django.db import connections

PREFIX = "audit_ro_"
EVENT_TABLE = "audit_event"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit record is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def protected_tables(app_registry=None):
    """The event table and every history table the registry knows, that exist in the database."""
    from .integrity import history_models

    if app_registry is None:
        models = history_models()
    else:
        models = [m for m in app_registry.get_models() if m.__name__.startswith("Historical")]
    return [EVENT_TABLE, *sorted({model._meta.db_table for model in models})]


def _names(table):
    return f"{PREFIX}{table}"[:55], f"{PREFIX}del_{table}"[:59], f"{PREFIX}trunc_{table}"[:61]


def install(using="default", tables=None):
    """Create the triggers on `tables` (default: all protected ones). Safe to run again."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in (tables or protected_tables()) if t in existing]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                row, _delete, truncate = _names(table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {quote(row)} BEFORE UPDATE OR DELETE ON {quote(table)} "
                    "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {quote(truncate)} BEFORE TRUNCATE ON {quote(table)} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"
                )
        elif connection.vendor == "sqlite":
            for table in tables:
                update, delete, _truncate = _names(table)
                for name, operation in ((update, "UPDATE"), (delete, "DELETE")):
                    message = f"The audit record is append-only: {operation} on {table} is refused."
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {quote(name)} BEFORE {operation} ON {quote(table)} "
                        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                    )
    return tables


def remove(using="default", tables=None):
    """Drop the triggers; only the flush command does this, and puts them back after."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in (tables or protected_tables()) if t in existing]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            for name in _names(table):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}")
                elif connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def install_after_migrate(sender, *, using="default", **kwargs):
    """post_migrate receiver: cover every history table, including ones added since."""
    install(using=using)
