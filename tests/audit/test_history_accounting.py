"""Every history row is announced by an event: rows deleted, added or edited behind the
application's back are named by problems()."""

import pytest
from django.db import connection

from articles.models import Revision
from audit.integrity import problems
from audit.models import Event
from tests.audit.conftest import raw_sql, triggers_lifted

pytestmark = pytest.mark.django_db


def _revision_history_row(revision):
    return Revision.history.filter(id=revision.pk).order_by("history_id").last()


def test_each_history_row_is_announced_by_exactly_one_event(demo_like):
    table = Revision.history.model._meta.db_table
    announced = Event.objects.filter(verb__startswith="history.", data__history_table=table)
    assert announced.count() == Revision.history.count()


def test_a_deleted_history_row_is_named(demo_like):
    row = _revision_history_row(demo_like["live"])
    table = Revision.history.model._meta.db_table
    with triggers_lifted():
        raw_sql(f"DELETE FROM {connection.ops.quote_name(table)} WHERE history_id = %s", [row.history_id])
    found = [p for p in problems() if p.subject == f"history row {table} #{row.history_id}"]
    assert len(found) == 1
    assert "has been deleted" in found[0].message
    assert found[0].article_id == demo_like["live"].article_id


def test_a_history_row_added_by_raw_sql_is_named(demo_like):
    row = _revision_history_row(demo_like["live"])
    table = Revision.history.model._meta.db_table
    columns = [f.column for f in Revision.history.model._meta.concrete_fields if f.column != "history_id"]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with triggers_lifted():
        raw_sql(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "
            f"SELECT {quoted} FROM {connection.ops.quote_name(table)} WHERE history_id = %s",
            [row.history_id],
        )
    messages = [str(p) for p in problems()]
    assert len(messages) == 1
    assert messages[0].startswith(f"history row {table} #")
    assert "was not announced by any event" in messages[0]


def test_an_edited_history_row_is_named(demo_like):
    row = _revision_history_row(demo_like["live"])
    table = Revision.history.model._meta.db_table
    with triggers_lifted():
        raw_sql(
            f"UPDATE {connection.ops.quote_name(table)} SET body_patient = %s WHERE history_id = %s",
            ["Never said this.", row.history_id],
        )
    assert [p.subject for p in problems()] == [f"history row {table} #{row.history_id}"]
