"""The faults production meets, against the real processes (see stack.py); `make faults`.

Each scenario asserts its figures: status codes, time per request, e-mails delivered once,
time to recover. They run in this order, sharing one stack (about ten minutes in all).
"""

import http.client
import re
import signal
import threading
import time
import urllib.error
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import e2e_http
from .scenarios import (
    INVARIANTS_SCRIPT,
    Round,
    all_sent,
    live_slug,
    log_in,
    notifications_for,
    run_script,
    submitted_revisions,
    timed,
    wait_for,
)

pytestmark = pytest.mark.faults


# ------------------------------------------------------------------------------------------
def test_redis_down_with_one_url_for_cache_and_broker_answers_every_page_and_transition(
    stack, smtp, client_for
):
    # Checking a password takes its time (PBKDF2) with or without Redis: the baseline.
    requests = Round(stack, client_for, login_seconds=log_in(client_for())[3])
    stack.redis_stop()
    try:
        revision_ids = requests.run()
    finally:
        stack.redis_start()

    assert requests.failures == []
    assert requests.slow == [], "a dead Redis must cost milliseconds, not a timeout per call"
    # Everything that could not be queued is delivered once Redis is back (beat's sweep).
    assert wait_for(lambda: all_sent(stack, revision_ids), timeout=150), notifications_for(
        stack, revision_ids
    )


def test_a_worker_killed_mid_send_causes_no_duplicate_and_a_delay_under_two_minutes(stack, smtp):
    smtp.set_delay(1.5)
    try:
        before_accepted, _, _ = smtp.snapshot()
        revision_ids = submitted_revisions(stack, 3)
        expected = len(notifications_for(stack, revision_ids))
        assert expected >= 6
        # Kill the worker (main process and its pool) while a message is being handed over.
        assert wait_for(lambda: smtp.snapshot()[2], timeout=60, interval=0.05)
        in_flight = set(smtp.snapshot()[2])
        stack.signal("worker", signal.SIGKILL, group=True)
        killed_at = time.monotonic()
        stack.wait_exit("worker", timeout=10)
        stack.start("worker")

        done = wait_for(
            lambda: all(status == "sent" for _, status, _ in notifications_for(stack, revision_ids)),
            timeout=150,
        )
        delay = time.monotonic() - killed_at
    finally:
        smtp.set_delay(0)
    assert done, notifications_for(stack, revision_ids)
    assert delay < 120

    time.sleep(2)
    accepted, acknowledged, _ = smtp.snapshot()
    ours = {f"<notification-{pk}-" for pk, _, _ in notifications_for(stack, revision_ids)}

    def mine(records):
        return [r[0] for r in records if any(r[0].startswith(prefix) for prefix in ours)]

    acknowledged_ids = mine(acknowledged)
    accepted_ids = mine(accepted[len(before_accepted) :])
    # Every e-mail reached the server, and was confirmed to exactly one worker.
    assert len(set(acknowledged_ids)) == expected
    assert len(acknowledged_ids) == expected, "a message was handed over twice"
    # The only copies a server may hold twice are those in flight at the kill, same Message-ID.
    twice = {mid for mid in accepted_ids if accepted_ids.count(mid) > 1}
    assert twice <= in_flight


def _assert_503_everywhere(stack, client_for, session_client):
    slug = "a-page-that-needs-the-database"
    results = []
    for client, path in [
        (client_for(), "/"),
        (client_for(), f"/articles/{slug}/"),
        (client_for(), "/search/?q=knee"),
        (session_client, "/workspace/queue/"),
        (session_client, "/admin/"),
    ]:
        status, headers, body, seconds = timed(client, "GET", path)
        results.append((path, status, round(seconds, 2), headers.get("Retry-After")))
    # Logging in needs the database too (the login page itself does not, and is served).
    login = client_for()
    assert login.get("/accounts/login/")[0] == 200
    credentials = {"username": "editor", "password": e2e_http.DEMO_PASSWORD}
    status, headers, _, seconds = timed(login, "POST", "/accounts/login/", credentials)
    results.append(("login", status, round(seconds, 2), headers.get("Retry-After")))
    assert all(status == 503 for _, status, _, _ in results), results
    assert all(seconds < 5 for _, _, seconds, _ in results), results
    assert all(retry for *_, retry in results), results
    started = time.monotonic()
    status, _, body = client_for().get("/healthz")
    assert status == 503 and b'"database": "failed"' in body
    assert time.monotonic() - started < 2


def _recovers(stack, client_for, timeout=30):
    return wait_for(lambda: client_for().get("/")[0] == 200, timeout=timeout)


def test_a_stopped_database_answers_503_within_5_seconds_and_recovers(stack, client_for):
    session_client = client_for("chief")
    stack.pg_stop()
    try:
        _assert_503_everywhere(stack, client_for, session_client)
    finally:
        stack.pg_start()
    assert _recovers(stack, client_for)
    assert session_client.get("/workspace/queue/")[0] == 200


def test_a_frozen_database_answers_503_within_5_seconds_and_recovers(stack, client_for):
    session_client = client_for("chief")
    stack.pg_signal(signal.SIGSTOP)
    try:
        _assert_503_everywhere(stack, client_for, session_client)
    finally:
        stack.pg_signal(signal.SIGCONT)
    assert _recovers(stack, client_for)


def test_concurrent_approvals_and_double_clicks_publish_once(stack, client_for):
    (revision_pk,) = submitted_revisions(stack, 1)
    members = [client_for(name) for name in ("okafor", "lindqvist", "chief")]
    status, _, _ = members[0].post(f"/workspace/revisions/{revision_pk}/start-review/", {})
    assert status in (302, 409)
    _, _, page = members[0].get(f"/workspace/revisions/{revision_pk}/compare/")
    checklist = re.findall(r'name="checklist" value="([^"]+)"', page.decode())

    def approve(client):
        return client.post(
            f"/workspace/revisions/{revision_pk}/decide/",
            {"decision": "approve", "checklist": checklist, "comment": "Fine."},
        )[0]

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(approve, [members[i % 3] for i in range(12)]))

    assert all(status in (302, 400, 403, 409) for status in statuses), statuses
    assert stack.sql("SELECT state FROM articles_revision WHERE id = %s", (revision_pk,))[0][0] == "approved"
    live = stack.sql(
        "SELECT count(*) FROM articles_article a JOIN articles_revision r ON r.article_id = a.id "
        "WHERE r.id = %s AND a.live_revision_id = r.id",
        (revision_pk,),
    )[0][0]
    assert live == 1


def test_the_admin_history_detail_page_of_an_article_answers(stack, client_for):
    admin = client_for("admin")
    article_id, history_id = stack.sql(
        "SELECT id, history_id FROM articles_historicalarticle WHERE live_revision_id IS NOT NULL "
        "ORDER BY history_id LIMIT 1"
    )[0]
    status, _, _ = admin.get(f"/admin/articles/article/{article_id}/history/{history_id}/")
    assert status == 200


def test_sigterm_to_gunicorn_during_a_burst_drops_no_accepted_request(stack, client_for):
    slug = live_slug(stack)
    outcomes = []
    lock = threading.Lock()

    def one(index):
        connection = http.client.HTTPConnection("127.0.0.1", int(stack.env["PORT"]), timeout=30)
        try:
            if index % 5 == 0:
                body = urllib.parse.urlencode({"q": "knee"})
                connection.request("POST", "/search/", body=body,
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
            else:
                connection.request("GET", f"/articles/{slug}/")
            response = connection.getresponse()
            response.read()
            outcome = ("answered", response.status)
        except ConnectionRefusedError:
            outcome = ("refused", None)  # never accepted: the listener was already closed
        except (
            ConnectionResetError,
            http.client.RemoteDisconnected,
            http.client.BadStatusLine,
            OSError,
        ) as exc:
            outcome = ("dropped", type(exc).__name__)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(60)]
    for index, thread in enumerate(threads):
        thread.start()
        if index == 30:
            stack.signal("web", signal.SIGTERM)
    for thread in threads:
        thread.join(60)
    stack.wait_exit("web", timeout=60)
    stack.processes.pop("web")
    stack.start("web")

    dropped = [o for o in outcomes if o[0] == "dropped"]
    answered = [o for o in outcomes if o[0] == "answered"]
    assert dropped == [], outcomes
    assert len(answered) >= 30
    assert all(status < 500 for _, status in answered), outcomes


def test_the_invariants_hold_after_all_of_it(stack):
    output = run_script(stack, INVARIANTS_SCRIPT)
    assert "VIOLATIONS 0" in output, output
    assert int(re.search(r"REVISIONS (\d+)", output).group(1)) > 5
