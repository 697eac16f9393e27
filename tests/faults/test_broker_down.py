"""The broker and the cache on two Redis servers (CELERY_BROKER_URL apart from REDIS_URL), and
one of them down: pages, logins and transitions answer, and the e-mails and purges that could
not be queued go out once the broker is back, each e-mail once. Runs before test_faults.py's
scenarios (whose invariants check covers these too), then gives the stack its single Redis back."""

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


def article_purge(stack, revision_pk):
    """The PURGE path of the pages of the article of `revision_pk`."""
    (slug,) = stack.sql(
        "SELECT a.slug FROM articles_article a JOIN articles_revision r ON r.article_id = a.id "
        "WHERE r.id = %s",
        (revision_pk,),
    )[0]
    return f"/articles/{slug}/*"


def delivered_once(smtp, revision_ids, rows, *, since):
    """Each outbox row of these revisions reached the mail server and was confirmed once."""
    prefixes = {f"<notification-{pk}-" for pk, _, _ in rows}
    _, acknowledged, _ = smtp.snapshot()
    ours = [mid for mid, *_ in acknowledged[since:] if any(mid.startswith(p) for p in prefixes)]
    assert sorted(set(ours)) == sorted(ours), "a message was handed over twice"
    assert len(ours) == len(rows), (ours, rows)


def test_the_broker_down_with_the_cache_up_answers_everything_and_sends_once_it_is_back(
    separate_broker, smtp, proxy, client_for
):
    stack = separate_broker
    requests = Round(stack, client_for, login_seconds=log_in(client_for())[3])
    since, purged = len(smtp.snapshot()[1]), len(proxy.received)
    stack.redis_stop(BROKER_REDIS_PORT)
    try:
        revision_ids = requests.run(submissions=4)
        published = article_purge(stack, revision_ids[1])  # approved through the services
        status, _, body = client_for().get("/healthz")
        assert status == 200 and b'"broker": "failed"' in body and b'"cache": "ok"' in body
        # Nothing could be queued: every e-mail and purge waits in the database.
        assert notifications_for(stack, revision_ids)
        assert not all_sent(stack, revision_ids)
        assert published not in proxy.paths[purged:]
    finally:
        stack.redis_start(BROKER_REDIS_PORT)
    back = time.monotonic()

    assert requests.failures == []
    assert requests.slow == [], "a dead broker must cost milliseconds, not a timeout per call"
    rows = wait_for(lambda: all_sent(stack, revision_ids), timeout=150)
    assert rows, notifications_for(stack, revision_ids)
    assert time.monotonic() - back < 150
    # The purge waits for beat's next run (every minute) once the broker is back.
    assert wait_for(lambda: published in proxy.paths[purged:], timeout=150), proxy.paths[purged:]
    time.sleep(2)  # a second copy, if any, would arrive now
    delivered_once(smtp, revision_ids, rows, since=since)


def test_the_cache_down_with_the_broker_up_answers_everything_and_sends_at_once(
    separate_broker, smtp, proxy, client_for
):
    stack = separate_broker
    requests = Round(stack, client_for, login_seconds=log_in(client_for())[3])
    since, purged = len(smtp.snapshot()[1]), len(proxy.received)
    stack.redis_stop(REDIS_PORT)
    try:
        revision_ids = requests.run()
        published = article_purge(stack, revision_ids[1])
        status, _, body = client_for().get("/healthz")
        assert status == 200 and b'"cache": "failed"' in body and b'"broker": "ok"' in body
        # The broker answers: e-mail and purges go out now, not at the next sweep.
        rows = wait_for(lambda: all_sent(stack, revision_ids), timeout=25)
        assert wait_for(lambda: published in proxy.paths[purged:], timeout=25), proxy.paths[purged:]
    finally:
        stack.redis_start(REDIS_PORT)

    assert requests.failures == []
    assert requests.slow == [], "a dead cache must cost milliseconds, not a timeout per call"
    assert rows, notifications_for(stack, revision_ids)
    time.sleep(2)
    delivered_once(smtp, revision_ids, rows, since=since)
