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
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import e2e_http

pytestmark = pytest.mark.faults

SUBMIT_SCRIPT = """
from django.contrib.auth import get_user_model
from articles import services
from references.models import Reference
editor = get_user_model().objects.get(username="editor")
key = Reference.objects.filter(is_retracted=False).order_by("pk").first().citation_key
for i in range({count}):
    draft = services.article_create(
        actor=editor, question="Does fault check {tag} number %d hold?" % i, specialty="General",
        slug="fault-{tag}-%d" % i, body_patient="Walk every day [@%s]." % key,
        body_professional="Exercise therapy is first line [@%s]." % key, change_summary="First version",
    )
    services.revision_submit(revision=draft, actor=editor)
    print("REVISION", draft.pk)
"""

APPROVE_SCRIPT = """
from django.contrib.auth import get_user_model
from articles.models import Revision
from reviews import decisions
from reviews.models import ChecklistItem
board = get_user_model().objects.get(username="okafor")
revision = Revision.objects.get(pk={pk})
decisions.revision_start_review(revision=revision, actor=board)
revision = Revision.objects.get(pk={pk})
decisions.revision_approve(
    revision=revision, actor=board, comment="Checked.", checklist_confirmed=ChecklistItem.keys_in_use()
)
print("STATE", Revision.objects.get(pk={pk}).state)
"""

INVARIANTS_SCRIPT = """
from django.db.models import Count, Q
from articles.models import Article, Revision
from notifications.models import Notification
from reviews.models import ReviewDecision
problems = []
for article in Article.objects.exclude(live_revision=None).select_related("live_revision"):
    live = article.live_revision
    if live.article_id != article.pk or live.state != "approved":
        problems.append(f"article {article.pk} shows revision {live.pk} in state {live.state}")
for revision in Revision.objects.filter(state="approved"):
    approvals = ReviewDecision.objects.filter(revision=revision, decision="approve")
    if not approvals.exists() or approvals.filter(reviewer__user=revision.author).exists():
        problems.append(f"approved revision {revision.pk} lacks an independent approval")
    if not revision.history.exists():
        problems.append(f"revision {revision.pk} has no history")
busy = Article.objects.annotate(
    open=Count("revisions", filter=Q(revisions__state__in=["draft", "submitted", "under_review"]))
).filter(open__gt=1)
problems += [f"article {a.pk} has {a.open} revisions in progress" for a in busy]
stuck = Notification.objects.filter(status="sending")
problems += [f"notification {n.pk} stuck in {n.status}" for n in stuck]
print("REVISIONS", Revision.objects.count(), "HISTORY", Revision.history.count())
print("VIOLATIONS", len(problems))
for problem in problems:
    print("VIOLATION", problem)
"""


def run_script(stack, script):
    result = stack.manage("shell", script=script)
    # Logged warnings are fine (the outbox says it will re-queue); an uncaught error is not.
    uncaught = re.search(r"^Traceback", result.stderr, re.M)
    assert result.returncode == 0 and not uncaught, result.stderr[-3000:]
    return result.stdout


def submitted_revisions(stack, count):
    tag = uuid.uuid4().hex[:8]
    output = run_script(stack, SUBMIT_SCRIPT.format(count=count, tag=tag))
    return [int(pk) for pk in re.findall(r"REVISION (\d+)", output)]


def notifications_for(stack, revision_ids):
    keys = [f"revision-{pk}-%" for pk in revision_ids]
    rows = []
    for key in keys:
        rows += stack.sql(
            "SELECT id, status, dedupe_key FROM editorial_notification WHERE dedupe_key LIKE %s", (key,)
        )
    return rows


def wait_for(condition, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return condition()


def timed(client, method, path, data=None):
    started = time.monotonic()
    if method == "GET":
        status, headers, body = client.get(path)
    else:
        status, headers, body = client.post(path, data)
    return status, headers, body, time.monotonic() - started


def live_slug(stack):
    return stack.sql(
        "SELECT slug FROM articles_article WHERE live_revision_id IS NOT NULL ORDER BY id LIMIT 1"
    )[0][0]


def admin_review_cycle(client_for, *, check):
    """Create, write, submit, start review and approve through the admin's pages."""
    run = uuid.uuid4().hex[:8]
    editor = client_for("editor")
    status, headers, body = editor.submit_form(
        "/admin/articles/article/add/",
        "article_form",
        {
            "question": f"Does the fault check {run} publish?",
            "slug": f"fault-admin-{run}",
            "specialty": "General",
        },
    )
    check("create article", status, 302)
    article_pk = int(re.search(r"/article/(\d+)/", headers["Location"]).group(1))
    status, headers, _ = editor.post(f"/admin/articles/article/{article_pk}/new-draft/", {})
    check("new draft", status, 302)
    revision_pk = int(re.search(r"/revision/(\d+)/", headers["Location"]).group(1))
    change_url = f"/admin/articles/revision/{revision_pk}/change/"
    status, _, body = editor.submit_form(
        change_url,
        "revision_form",
        {
            "body_patient": "Walk every day.",
            "body_professional": "Exercise therapy is first-line care.",
            "change_summary": "First version",
        },
    )
    check("save draft", status, 302)

    def act(client, action, comment=""):
        _, _, page = client.get(change_url)
        checklist = re.findall(r'name="checklist" value="([^"]+)"', page.decode())
        status, _, _ = client.post(
            f"/admin/articles/revision/{revision_pk}/transition/",
            {"action": action, "comment": comment, "checklist": checklist},
        )
        check(action, status, 302)

    act(editor, "submit")
    board = client_for("okafor")
    act(board, "start_review")
    act(board, "approve", "Checked.")
    return revision_pk


# ------------------------------------------------------------------------------------------
def test_redis_down_with_one_url_for_cache_and_broker_answers_every_page_and_transition(
    stack, smtp, client_for
):
    slug = live_slug(stack)

    def log_in(client):
        timed(client, "GET", "/accounts/login/")
        credentials = {"username": "okafor", "password": e2e_http.DEMO_PASSWORD, "next": "/workspace/"}
        return timed(client, "POST", "/accounts/login/", credentials)

    # Checking a password takes its time (PBKDF2) with or without Redis: the baseline.
    login_with_redis = log_in(client_for())[3]
    stack.redis_stop()
    failures, slow = [], []

    def check(what, status, expected=None, seconds=0.0, limit=3.0):
        if status >= 500 or (expected is not None and status != expected):
            failures.append((what, status))
        if seconds > limit:
            slow.append((what, round(seconds, 2)))

    try:
        reader = client_for()
        for path in ["/", f"/articles/{slug}/", f"/articles/{slug}/?audience=professional", "/sitemap.xml",
                     "/search/?q=knee", "/board/", "/feeds/updates.atom", "/healthz"]:  # fmt: skip
            status, _, _, seconds = timed(reader, "GET", path)
            check(path, status, 200, seconds)
        status, _, _, seconds = timed(
            reader,
            "POST",
            f"/articles/{slug}/follow-up/",
            {"question": "Is swimming fine for my knee when Redis is down?", "audience": "patient"},
        )
        check("follow-up", status, 302, seconds)

        # Login through the workspace's own form, then its pages.
        workspace = client_for()
        status, _, _, seconds = log_in(workspace)
        check("login", status, 302, seconds, limit=login_with_redis + 3)
        for path in ["/workspace/", "/workspace/queue/"]:
            status, _, _, seconds = timed(workspace, "GET", path)
            check(path, status, None, seconds)

        # Transitions through the admin (login included) and through the services.
        admin_review_cycle(client_for, check=lambda what, status, expected: check(what, status, expected))
        revision_ids = submitted_revisions(stack, 2)
        output = run_script(stack, APPROVE_SCRIPT.format(pk=revision_ids[0]))
        assert "STATE approved" in output  # no exception reached the caller after the commit
    finally:
        stack.redis_start()

    assert failures == []
    assert slow == [], "a dead Redis must cost milliseconds, not a timeout per call"
    # Everything that could not be queued is delivered once Redis is back (beat's sweep).
    rows = wait_for(
        lambda: (
            all(status == "sent" for _, status, _ in notifications_for(stack, revision_ids))
            and notifications_for(stack, revision_ids)
        ),
        timeout=150,
    )
    assert rows, notifications_for(stack, revision_ids)


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
