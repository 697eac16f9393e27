"""History written before the event log existed is announced once by a migration step; after
that it is held to the same rule as every other history row."""

import pytest
from simple_history.signals import post_create_historical_record

from audit.integrity import history_models, problems
from audit.legacy import announce_unannounced_history_rows
from audit.models import Event
from audit.recorder import record_history_row
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_before_the_event_log(editor, reference, disclaimers):
    post_create_historical_record.disconnect(record_history_row, dispatch_uid="audit-history-row")
    try:
        factories.ReferenceFactory()
        factories.BoardMemberFactory()
    finally:
        post_create_historical_record.connect(record_history_row, dispatch_uid="audit-history-row")


def test_unannounced_history_rows_are_named_until_announced_once(history_before_the_event_log):
    unannounced = [p for p in problems() if "was not announced by any event" in p.message]
    assert len(unannounced) >= 2
    written = announce_unannounced_history_rows(Event=Event, history_models=history_models(), using="default")
    assert written == len(unannounced)
    assert list(problems()) == []
    assert (
        announce_unannounced_history_rows(Event=Event, history_models=history_models(), using="default") == 0
    )
    legacy = Event.objects.filter(verb="history.legacy")
    assert legacy.count() == written
    assert not Event.objects.actions().filter(verb="history.legacy").exists()
