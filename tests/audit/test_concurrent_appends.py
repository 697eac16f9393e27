"""Two transactions appending at once still give one linear chain (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections, transaction

from audit.integrity import problems
from audit.log import log_action
from audit.models import Event
from audit.verbs import register_verbs
from tests import factories

PER_THREAD = 15
register_verbs({"test.appended": "Appended by a test thread"})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_appending_at_once_give_one_linear_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions")
    users = [factories.EditorFactory(), factories.EditorFactory()]
    start = threading.Barrier(2)
    errors = []

    def append(user):
        try:
            start.wait()
            for n in range(PER_THREAD):
                with transaction.atomic():
                    log_action(actor=user, verb="test.appended", obj=user, comment=f"{user.pk}-{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    written = Event.objects.filter(verb="test.appended")
    assert written.count() == 2 * PER_THREAD
    sequences = list(Event.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert list(problems()) == []
