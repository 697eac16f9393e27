"""The markup checkers every markup test shares: the Nu HTML Checker over a folder of pages, and
axe-core at WCAG 2.2 AA on one page in Chromium.

The checkers are npm packages (.ci/markup/package.json, installed by .ci/run) and the Nu
checker needs Java. Without them the tests skip, except in CI where they fail.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHECKERS = Path(__file__).resolve().parents[2] / ".ci" / "markup" / "node_modules"
VNU = CHECKERS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = CHECKERS / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require(path, what):
    """Skip (or, in CI, fail) when a checker is not installed."""
    if path.exists() and (path != VNU or shutil.which("java")):
        return
    message = (
        f"{what} is not installed: run `npm ci --prefix .ci/markup` (and install Java for the Nu checker)."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def vnu_errors(directory, names, timeout=600):
    """The Nu checker's errors on every file of `directory`, each named by `names[file name]`."""
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, directory.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


def axe_violations(browser, live_server, url, user=None, label=None):
    """axe-core's violations on the page at `url` opened as `user`, one line each; None when the
    address answers something other than an HTML page."""
    require(AXE, "axe-core (npm axe-core)")
    # bypass_csp only so the checker itself can be injected; the pages' own CSP is checked by
    # every other browser test.
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    try:
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        response = page.goto(f"{live_server.url}{url}")
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            return None
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        problems = []
        for violation in result["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
            problems.append(
                f"{label or url}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
        return problems
    finally:
        context.close()
