"""End-to-end check of a running deployment, over HTTP only (standard library).

Run by .ci/e2e.sh against gunicorn, a Celery worker and Celery beat on
PostgreSQL and Redis, after `load_demo`:

1. an editor logs in to the admin, creates an article, starts its draft,
   writes both wordings citing a library reference, and submits it;
2. a board member logs in, starts the review and approves;
3. an anonymous reader opens the article page and sees the approved text;
4. the approval e-mail, delivered by the worker (not by the web process),
   appears in the file-based mail outbox within a bounded time.

It also checks /healthz and that static files come hashed, compressed and
cacheable for a year. Exits non-zero with a sentence saying what failed.

    python bench/e2e_http.py --base-url http://127.0.0.1:8123 --mail-dir /tmp/mail
"""

import argparse
import gzip
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

DEMO_PASSWORD = "review-demo-2026"
CITATION_KEY = "praxis-hip-knee-2025"


class CheckFailed(Exception):
    pass


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; on loopback plain HTTP the client still returns them."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class FormParser(HTMLParser):
    """Every field of every form on a page, as a browser would submit it."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"id": attrs.get("id", ""), "action": attrs.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if attrs.get("name") and kind not in ("submit", "button", "file", "image"):
                if kind in ("checkbox", "radio") and "checked" not in attrs:
                    return
                self._form["fields"].append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._form["fields"].append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Client:
    """A browser-like session: cookies, CSRF token, no automatic redirects."""

    def __init__(self, base_url, timeout=20):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, method, path, data=None, headers=None):
        url = path if path.startswith("http") else self.base_url + path
        body = None
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = url
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data):
        return self.request("POST", path, data=dict(data, csrfmiddlewaretoken=self.csrf_token()))

    def csrf_token(self):
        token = self._csrf_cookie()
        if token is None:
            # Reader pages set no cookie (shared caches keep them); a form fetches its token
            # when it is used, as the reader page's script does.
            self.get("/reader/csrf-token.json")
            token = self._csrf_cookie()
        if token is None:
            raise CheckFailed("The site set no CSRF cookie, even from /reader/csrf-token.json.")
        return token

    def _csrf_cookie(self):
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), None)

    def login(self, username):
        status, _, _ = self.get("/admin/login/")
        expect(status == 200, f"The admin login page answered {status}.")
        status, headers, _ = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"},
        )
        expect(
            status == 302 and headers.get("Location", "").endswith("/admin/"),
            f"Logging in as {username} failed (HTTP {status}).",
        )

    def submit_form(self, path, form_id, values):
        """Post a page's form as a browser would: every field it has, with `values` filled in."""
        fields = self.form_fields(path, form_id)
        data = [
            (name, value) for name, value in fields if name not in values and name != "csrfmiddlewaretoken"
        ]
        data += list(values.items())
        data += [("_continue", "Save and continue editing"), ("csrfmiddlewaretoken", self.csrf_token())]
        return self.request("POST", path, data=data)

    def form_fields(self, path, form_id):
        status, _, body = self.get(path)
        expect(status == 200, f"{path} answered {status}.")
        parser = FormParser()
        parser.feed(body.decode())
        for form in parser.forms:
            if form["id"] == form_id:
                return form["fields"]
        raise CheckFailed(f"{path} has no form with id {form_id!r}.")


def errors(body):
    """The error messages an admin page shows, for a failure message."""
    found = re.findall(rb'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
    text = b" ".join(re.sub(rb"<[^>]+>", b" ", item) for item in found).decode(errors="replace")
    return " ".join(text.split()) or body[:300].decode(errors="replace")


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def step(message):
    print(f"e2e: {message}", flush=True)


def location_pk(headers, pattern):
    match = re.search(pattern, headers.get("Location", ""))
    expect(match is not None, f"Expected a redirect matching {pattern}, got {headers.get('Location')!r}.")
    return int(match.group(1))


def check_health(client):
    status, _, body = client.get("/healthz")
    expect(status == 200, f"/healthz answered {status}: {body[:300]!r}")
    checks = json.loads(body)["checks"]
    expect(checks == {"database": "ok", "cache": "ok", "broker": "ok"}, f"/healthz says {checks}.")
    step("/healthz: database, cache and broker answer")


def check_static(client):
    # The admin's stylesheet is never empty (whitenoise skips compressing empty files).
    status, _, body = client.get("/admin/login/")
    expect(status == 200, f"The admin login page answered {status}.")
    match = re.search(rb"/static/admin/css/base\.[0-9a-f]{12}\.css", body)
    expect(match is not None, "The admin links no hashed stylesheet (is the manifest storage on?).")
    path = match.group(0).decode()
    status, headers, body = client.get(path, headers={"Accept-Encoding": "gzip"})
    expect(status == 200, f"{path} answered {status}.")
    expect(headers.get("Content-Encoding") == "gzip", f"{path} was not served compressed.")
    gzip.decompress(body)
    expect("max-age=315360000" in headers.get("Cache-Control", ""), f"{path} is not cached for long.")
    step(f"static: {path} is hashed, gzip-compressed and cached for a year")


def review_cycle(base_url, *, editor, reviewer, mail_dir, mail_timeout):
    run = uuid.uuid4().hex[:8]
    slug = f"e2e-check-{run}"
    question = f"Does the end-to-end check {run} reach readers?"
    phrase = f"Walking every day eases knee pain (check {run})."

    editor_client = Client(base_url)
    editor_client.login(editor)
    step(f"logged in as {editor}")
    status, headers, body = editor_client.submit_form(
        "/admin/articles/article/add/",
        "article_form",
        {"question": question, "slug": slug, "specialty": "Orthopaedics", "about": "Knee osteoarthritis"},
    )
    expect(status == 302, f"Creating the article failed (HTTP {status}): {errors(body)}")
    article_pk = location_pk(headers, r"/admin/articles/article/(\d+)/change/")
    status, headers, _ = editor_client.post(f"/admin/articles/article/{article_pk}/new-draft/", {})
    revision_pk = location_pk(headers, r"/admin/articles/revision/(\d+)/change/")
    step(f"created article {slug} and its draft (revision id {revision_pk})")

    change_url = f"/admin/articles/revision/{revision_pk}/change/"
    status, headers, body = editor_client.submit_form(
        change_url,
        "revision_form",
        {
            "body_patient": f"{phrase} Start slowly and build up [@{CITATION_KEY}].",
            "body_professional": f"{phrase} Exercise therapy is first-line care [@{CITATION_KEY}].",
            "change_summary": "First version, written by the end-to-end check",
        },
    )
    expect(status == 302, f"Saving the draft failed (HTTP {status}): {errors(body)}")
    transition_url = f"/admin/articles/revision/{revision_pk}/transition/"

    def act(client, action, comment=""):
        # A board member confirms every point of the review checklist the page offers.
        _, _, page = client.get(change_url)
        checklist = re.findall(r'name="checklist" value="([^"]+)"', page.decode())
        status, _, _ = client.post(
            transition_url, {"action": action, "comment": comment, "checklist": checklist}
        )
        expect(status == 302, f"{action} answered {status}.")

    act(editor_client, "submit")
    step("draft written and submitted")

    board_client = Client(base_url)
    board_client.login(reviewer)
    act(board_client, "start_review")
    act(board_client, "approve", "Checked against the cited guideline.")
    _, _, body = board_client.get(change_url)
    expect(
        b"State: <strong>Approved</strong>" in body,
        "After approval the revision's page does not say it is approved.",
    )
    step(f"{reviewer} started the review and approved")

    reader = Client(base_url)
    status, _, body = reader.get(f"/articles/{slug}/")
    page = body.decode()
    expect(status == 200, f"The article page answered {status} to a reader.")
    expect(question in page, "The reader's page does not show the article's question.")
    expect(phrase in page, "The reader's page does not show the approved text.")
    expect("sessionid" not in {c.name for c in reader.jar}, "A reader was given a session.")
    step("an anonymous reader sees the approved article")

    wait_for_mail(
        mail_dir, to=f"{editor}@example.org", subject=f"Approved and live: {question}", timeout=mail_timeout
    )
    return slug


def wait_for_mail(mail_dir, *, to, subject, timeout):
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline:
        files = sorted(Path(mail_dir).glob("*.log")) if Path(mail_dir).exists() else []
        seen = len(files)
        for path in files:
            text = path.read_text(errors="replace")
            if f"To: {to}" in text and subject in text.replace("\n ", " "):
                step(f"the worker delivered the approval e-mail to {to} ({path.name})")
                return
        time.sleep(0.5)
    raise CheckFailed(
        f"No e-mail to {to} with subject {subject!r} within {timeout} s ({seen} mail files seen). "
        "Is the Celery worker running and consuming?"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--editor", default="editor")
    parser.add_argument("--reviewer", default="okafor")
    parser.add_argument("--mail-timeout", type=float, default=60)
    args = parser.parse_args()
    started = time.monotonic()
    try:
        client = Client(args.base_url)
        check_health(client)
        check_static(client)
        review_cycle(
            args.base_url,
            editor=args.editor,
            reviewer=args.reviewer,
            mail_dir=args.mail_dir,
            mail_timeout=args.mail_timeout,
        )
    except CheckFailed as failure:
        print(f"e2e: FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"e2e: passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
