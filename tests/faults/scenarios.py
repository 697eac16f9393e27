"""What the fault scenarios share: scripts run with the production settings, the outbox's
rows, and the round of pages, logins and transitions each outage must answer."""

import re
import time
import uuid

from .conftest import e2e_http

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


def log_in(client, username="okafor"):
    """The workspace's own login form: (status, headers, body, seconds)."""
    timed(client, "GET", "/accounts/login/")
    credentials = {"username": username, "password": e2e_http.DEMO_PASSWORD, "next": "/workspace/"}
    return timed(client, "POST", "/accounts/login/", credentials)


class Round:
    """Every kind of request an outage must not break, with what went wrong: a status of 500 or
    over (or not the one expected), or a request slower than `limit` seconds."""

    def __init__(self, stack, client_for, *, login_seconds):
        self.stack, self.client_for, self.login_seconds = stack, client_for, login_seconds
        self.failures, self.slow = [], []

    def check(self, what, status, expected=None, seconds=0.0, limit=3.0):
        if status >= 500 or (expected is not None and status != expected):
            self.failures.append((what, status))
        if seconds > limit:
            self.slow.append((what, round(seconds, 2)))

    def run(self, *, submissions=2):
        """Reader pages, the follow-up form, login, workspace pages, transitions through the admin
        and through the services; the ids of the revisions whose e-mails must go out."""
        slug = live_slug(self.stack)
        reader = self.client_for()
        for path in ["/", f"/articles/{slug}/", f"/articles/{slug}/?audience=professional", "/sitemap.xml",
                     "/search/?q=knee", "/board/", "/feeds/updates.atom", "/healthz"]:  # fmt: skip
            status, _, _, seconds = timed(reader, "GET", path)
            self.check(path, status, 200, seconds)
        status, _, _, seconds = timed(
            reader,
            "POST",
            f"/articles/{slug}/follow-up/",
            {"question": "Is swimming fine for my knee during an outage?", "audience": "patient"},
        )
        self.check("follow-up", status, 302, seconds)

        workspace = self.client_for()
        status, _, _, seconds = log_in(workspace)
        self.check("login", status, 302, seconds, limit=self.login_seconds + 3)
        for path in ["/workspace/", "/workspace/queue/"]:
            status, _, _, seconds = timed(workspace, "GET", path)
            self.check(path, status, None, seconds)

        admin_pk = admin_review_cycle(
            self.client_for, check=lambda what, status, expected: self.check(what, status, expected)
        )
        revision_ids = submitted_revisions(self.stack, submissions)
        output = run_script(self.stack, APPROVE_SCRIPT.format(pk=revision_ids[0]))
        assert "STATE approved" in output  # no exception reached the caller after the commit
        return [admin_pk, *revision_ids]


def all_sent(stack, revision_ids):
    """The outbox rows of these revisions once every one is sent (falsy until then)."""
    rows = notifications_for(stack, revision_ids)
    return rows if rows and all(status == "sent" for _, status, _ in rows) else None
