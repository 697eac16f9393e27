"""Every page of the permission matrices (reader, workspace, admin) through the Nu HTML
Checker and, in Chromium, axe-core at WCAG 2.2 AA: any error or violation fails.

The checkers are npm packages (.ci/markup/package.json, installed by .ci/run) and the Nu
checker needs Java. Without them the tests skip, except in CI where they fail.
"""

import pytest
from django.test import Client

from tests.browser.markup import AXE, VNU, axe_violations, require, vnu_errors
from tests.security.test_permission_matrix import admin_pages, site_pages
from tests.workspaces.test_workspace_access import ROLES as WORKSPACE_ROLES
from tests.workspaces.test_workspace_access import _pages as workspace_pages
from tests.workspaces.test_workspace_access import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITE_ROLES = ["anonymous", "editor", "reviewer", "chief_editor", "admin"]


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
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    names = {}
    for index, (_name, url, user) in enumerate(html_pages):
        body = _fetch(url, user)
        if body is not None:
            path = tmp_path / f"page-{index:03d}.html"
            path.write_bytes(body)
            names[path.name] = url
    assert len(names) > 20, names
    errors = vnu_errors(tmp_path, names)
    assert errors == [], "\n".join(errors)


def test_every_page_has_no_axe_violation_at_wcag_22_aa(html_pages, live_server, browser):
    """Reader, workspace, account and admin pages."""
    require(AXE, "axe-core (npm axe-core)")
    problems = []
    for _name, url, user in html_pages:
        if _fetch(url, user) is None:  # feeds, sitemaps, downloads: no page to check
            continue
        problems += axe_violations(browser, live_server, url, user) or []
    assert problems == [], "\n".join(problems)
