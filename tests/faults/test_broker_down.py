"""The broker and the cache on two Redis servers (CELERY_BROKER_URL apart from REDIS_URL), and
one of them down. Runs before test_faults.py's scenarios (whose invariants check covers these
too), then gives the stack back its single Redis."""

import time

import pytest

from .scenarios import Round, all_sent, log_in, notifications_for, wait_for
from .stack import BROKER_REDIS_PORT, REDIS_PORT

pytestmark = pytest.mark.faults


@pytest.fixture(scope="module")
def separate_broker(stack):
    stack.redis_start(BROKER_REDIS_PORT)
    stack.restart_processes(CELERY_BROKER_URL=f"redis://127.0.0.1:{BROKER_REDIS_PORT}/0")
    try:
        yield stack
    finally:
        stack.restart_processes(CELERY_BROKER_URL=None)
        stack.redis_stop(BROKER_REDIS_PORT)


def delivered_once(smtp, revision_ids, rows, *, since):
    """Each outbox row of these revisions reached the mail server and was confirmed once."""
    prefixes = {f"<notification-{pk}-" for pk, _, _ in rows}
    _, acknowledged, _ = smtp.snapshot()
    ours = [mid for mid, *_ in acknowledged[since:] if any(mid.startswith(p) for p in prefixes)]
    assert sorted(set(ours)) == sorted(ours), "a message was handed over twice"
    assert len(ours) == len(rows), (ours, rows)


def test_the_broker_down_with_the_cache_up_answers_everything_and_sends_once_it_is_back(
    separate_broker, smtp, client_for
):
    stack = separate_broker
    requests = Round(stack, client_for, login_seconds=log_in(client_for())[3])
    since = len(smtp.snapshot()[1])
    stack.redis_stop(BROKER_REDIS_PORT)
    try:
        revision_ids = requests.run(submissions=4)
        status, _, body = client_for().get("/healthz")
        assert status == 200 and b'"broker": "failed"' in body and b'"cache": "ok"' in body
        # Nothing could be queued: every e-mail waits in the outbox.
        assert notifications_for(stack, revision_ids)
        assert not all_sent(stack, revision_ids)
    finally:
        stack.redis_start(BROKER_REDIS_PORT)
    back = time.monotonic()

    assert requests.failures == []
    assert requests.slow == [], "a dead broker must cost milliseconds, not a timeout per call"
    rows = wait_for(lambda: all_sent(stack, revision_ids), timeout=150)
    assert rows, notifications_for(stack, revision_ids)
    assert time.monotonic() - back < 150
    time.sleep(2)  # a second copy, if any, would arrive now
    delivered_once(smtp, revision_ids, rows, since=since)


def test_the_cache_down_with_the_broker_up_answers_everything_and_sends_at_once(
    separate_broker, smtp, client_for
):
    stack = separate_broker
    requests = Round(stack, client_for, login_seconds=log_in(client_for())[3])
    since = len(smtp.snapshot()[1])
    stack.redis_stop(REDIS_PORT)
    try:
        revision_ids = requests.run()
        status, _, body = client_for().get("/healthz")
        assert status == 200 and b'"cache": "failed"' in body and b'"broker": "ok"' in body
        # The broker answers: e-mail goes out now, not at the next sweep.
        rows = wait_for(lambda: all_sent(stack, revision_ids), timeout=25)
    finally:
        stack.redis_start(REDIS_PORT)

    assert requests.failures == []
    assert requests.slow == [], "a dead cache must cost milliseconds, not a timeout per call"
    assert rows, notifications_for(stack, revision_ids)
    time.sleep(2)
    delivered_once(smtp, revision_ids, rows, since=since)
