"""The database itself refuses to change or delete events and history rows."""

import pytest
from django.db import DatabaseError, connection, transaction

from articles.models import Article
from audit.integrity import history_models, problems
from audit.models import Event
from reviews.models import ReviewDecision
from tests import factories
from tests.audit.conftest import raw_sql

pytestmark = pytest.mark.django_db


def _refused(sql, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_sql(sql, params)


def test_raw_update_and_delete_on_the_event_log_are_refused(demo_like):
    before = list(Event.objects.values_list("sequence", "chain_hash", "comment"))
    _refused("UPDATE audit_event SET comment = 'x'")
    _refused("DELETE FROM audit_event")
    _refused("DELETE FROM audit_event WHERE sequence = (SELECT MAX(sequence) FROM audit_event)")
    assert list(Event.objects.values_list("sequence", "chain_hash", "comment")) == before


@pytest.mark.parametrize("model", history_models(), ids=lambda m: m._meta.db_table)
def test_raw_update_and_delete_on_every_history_table_are_refused(demo_like, model):
    table = connection.ops.quote_name(model._meta.db_table)
    count = model.objects.count()
    _refused(f"UPDATE {table} SET history_change_reason = 'x'")
    _refused(f"DELETE FROM {table}")
    assert model.objects.count() == count


def test_deleting_an_approval_record_through_its_history_table_is_refused(demo_like):
    decision = ReviewDecision.objects.filter(revision=demo_like["live"]).get()
    table = connection.ops.quote_name(ReviewDecision.history.model._meta.db_table)
    _refused(f"DELETE FROM {table} WHERE id = %s", [decision.pk])
    _refused(f"UPDATE {table} SET comment = 'Rubber-stamped' WHERE id = %s", [decision.pk])
    assert list(problems()) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_truncate_of_the_event_log_and_history_is_refused_on_postgresql(editor, reference, disclaimers):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    factories.make_draft(editor=editor, references=[reference])
    count = Event.objects.count()
    _refused("TRUNCATE audit_event CASCADE")
    _refused(f"TRUNCATE {connection.ops.quote_name(Article.history.model._meta.db_table)}")
    assert Event.objects.count() == count
    assert list(problems()) == []


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_still_flush_and_the_triggers_come_back(editor, reference, disclaimers):
    # Transactional tests before this one were flushed (DELETE on SQLite, TRUNCATE on
    # PostgreSQL) through audit's flush, which put the triggers back; so is this one.
    factories.make_draft(editor=editor, references=[reference])
    assert Event.objects.filter(verb="history.created").exists()
    with pytest.raises(DatabaseError, match="append-only"):
        raw_sql("DELETE FROM audit_event")
