"""Every page of the permission matrices (reader, workspace, admin) through the Nu HTML
Checker and, in Chromium, axe-core at WCAG 2.2 AA: any error or violation fails.

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

from tests.security.test_permission_matrix import admin_pages, site_pages
from tests.workspaces.test_workspace_access import ROLES as WORKSPACE_ROLES
from tests.workspaces.test_workspace_access import _pages as workspace_pages
from tests.workspaces.test_workspace_access import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKERS = Path(__file__).resolve().parents[2] / ".ci" / "markup" / "node_modules"
VNU = CHECKERS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = CHECKERS / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SITE_ROLES = ["anonymous", "editor", "reviewer", "chief_editor", "admin"]


def _require(path, what):
    if path.exists() and (path != VNU or shutil.which("java")):
        return
    message = (
        f"{what} is not installed: run `npm ci --prefix .ci/markup` (and install Java for the Nu checker)."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def html_pages(world, editor, other_editor, reviewer, chief_editor, admin_user):  # noqa: F811
    """(name, url, user) for every page that answers HTML, each as the first role that may open it."""
    users = {
        "anonymous": None,
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "chief_editor": chief_editor,
        "admin": admin_user,
    }
    for user in (editor, reviewer, chief_editor):
        user.is_staff = True
        user.save()
    pages = []
    for name, (url, expected) in {**site_pages(world), **admin_pages(world)}.items():
        role = next((r for r, status in zip(SITE_ROLES, expected, strict=True) if status == 200), None)
        if role:
            pages.append((name, url, users[role]))
    for url, expected in workspace_pages(world):
        role = next((r for r, status in zip(WORKSPACE_ROLES, expected, strict=True) if status == 200), None)
        if role:
            pages.append((url, url, users[role]))
    return pages


def _fetch(url, user):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    return response.content


def test_every_page_passes_the_nu_html_checker(html_pages, tmp_path):
    _require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    names = {}
    for index, (_name, url, user) in enumerate(html_pages):
        body = _fetch(url, user)
        if body is not None:
            path = tmp_path / f"page-{index:03d}.html"
            path.write_bytes(body)
            names[path.name] = url
    assert len(names) > 20, names
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)


def test_every_page_has_no_axe_violation_at_wcag_22_aa(html_pages, live_server, browser):
    """Reader, workspace, account and admin pages."""
    _require(AXE, "axe-core (npm axe-core)")
    axe_source = AXE.read_text()
    problems = []
    for _name, url, user in html_pages:
        if _fetch(url, user) is None:  # feeds, sitemaps, downloads: no page to check
            continue
        # bypass_csp only so the checker itself can be injected; the pages' own CSP is
        # checked by every other browser test.
        context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        response = page.goto(f"{live_server.url}{url}")
        if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
            page.add_script_tag(content=axe_source)
            result = page.evaluate(
                "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
            for violation in result["violations"]:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                problems.append(
                    f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}"
                )
        context.close()
    assert problems == [], "\n".join(problems)
