"""The pages scheduled publication adds or changes, in each of their states (waiting with its
Cancel form, a refused cancel or publish-at time, cancelled, gone live on schedule), through
the Nu HTML Checker and, in Chromium, axe-core at WCAG 2.2 AA. The permission-matrix walk in
test_markup_checkers.py has no scheduled revision, so it never shows these states."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.publication import publication_schedule_cancel, scheduled_publication_run
from reviews import decisions as review_decisions
from tests import factories
from tests.browser.markup import AXE, VNU, axe_violations, require, vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _approve_later(revision, reviewer, hours):
    review_decisions.revision_approve(
        revision=revision,
        actor=reviewer,
        checklist_confirmed=factories.all_checklist_keys(),
        publish_at=timezone.now() + timedelta(hours=hours),
    )


@pytest.fixture
def schedule_pages(editor, reviewer, chief_editor, reference, disclaimers, all_checked):  # noqa: F811
    """(name, method, url, data, user) for each state of each page."""
    waiting = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    _approve_later(waiting, reviewer, hours=5)
    cancelled = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    _approve_later(cancelled, reviewer, hours=5)
    publication_schedule_cancel(revision=cancelled, actor=chief_editor, reason="Embargo moved.")
    published = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    _approve_later(published, reviewer, hours=1)
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        scheduled_publication_run()
    deciding = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    return [
        ("waiting", "get", reverse("workspace-revision", args=[waiting.pk]), None, chief_editor),
        ("cancelled", "get", reverse("workspace-revision", args=[cancelled.pk]), None, chief_editor),
        ("published", "get", reverse("workspace-revision", args=[published.pk]), None, chief_editor),
        ("queue", "get", reverse("workspace-queue"), None, chief_editor),
        ("timeline", "get", reverse("workspace-timeline", args=[cancelled.article.slug]), None, chief_editor),
        ("compare", "get", reverse("workspace-compare", args=[deciding.pk]), None, reviewer),
        (
            "cancel refused",
            "post",
            reverse("workspace-schedule-cancel", args=[waiting.pk]),
            {"cancel-reason": ""},
            chief_editor,
        ),
        (
            "publish-at refused",
            "post",
            reverse("workspace-review-decide", args=[deciding.pk]),
            {"decision": "approve", "checklist": all_checked, "publish_at": "2001-01-01T09:00"},
            reviewer,
        ),
    ]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_scheduled_publication_pages_pass_the_nu_html_checker(schedule_pages, tmp_path):
    require(VNU, "The Nu HTML Checker (npm vnu-jar)")
    names = {}
    for index, (name, method, url, data, user) in enumerate(schedule_pages):
        response = getattr(_client(user), method)(url, data or {})
        assert response.status_code == (400 if method == "post" else 200), name
        path = tmp_path / f"page-{index}.html"
        path.write_bytes(response.content)
        names[path.name] = name
    errors = vnu_errors(tmp_path, names)
    assert errors == [], "\n".join(errors)


def test_scheduled_publication_pages_have_no_axe_violation_at_wcag_22_aa(
    schedule_pages, live_server, browser
):
    require(AXE, "axe-core (npm axe-core)")
    problems = []
    for name, method, url, _data, user in schedule_pages:
        if method != "get":
            continue
        found = axe_violations(browser, live_server, url, user, label=name)
        assert found is not None, name
        problems += found
    assert problems == [], "\n".join(problems)
