"""In real Chromium, the findings of "editors and board members never lose work or hit a
dead end": each is driven as a person would meet it, and shown fixed."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Revision
from roles.groups import EDITORS
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Gentle exercise helps most people with knee pain."


def _in_viewport(page, selector):
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top > -1 && r.bottom <= window.innerHeight + 1; }""",
        selector,
    )


def test_typed_text_survives_submit_without_saving_and_the_draft_stays_editable(
    live_server, page, screenshot, editor, disclaimers
):
    revision = factories.make_draft(editor=editor, body_patient="", body_professional="", change_summary="")
    login(page, live_server, editor.username)
    page.goto(f"{live_server.url}/workspace/revisions/{revision.pk}/edit/")
    page.fill("#id_body_patient", TYPED)
    page.fill("#id_change_summary", "First full text")
    page.click("button[value=submit]")  # never clicked "Save draft"
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert _in_viewport(page, ".error-summary")
    expect(summary.get_by_role("link")).to_contain_text(["healthcare professional wording"])
    expect(page.locator("#id_body_patient")).to_have_value(TYPED)
    expect(page.locator("#id_body_professional")).to_have_attribute("aria-invalid", "true")
    screenshot("no-dead-ends-01-submit-refused-text-kept")
    revision.refresh_from_db()
    assert revision.body_patient == TYPED and revision.state == Revision.State.DRAFT

    # The incomplete draft's own page offers "Edit".
    page.goto(f"{live_server.url}/workspace/revisions/{revision.pk}/")
    page.get_by_role("link", name="Edit the draft").click()
    expect(page.locator("#id_body_patient")).to_have_value(TYPED)


def test_autosave_keeps_typed_text_without_any_click(live_server, page, editor, draft):
    login(page, live_server, editor.username)
    page.goto(f"{live_server.url}/workspace/revisions/{draft.pk}/edit/")
    page.fill("#id_body_patient", TYPED)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved at", timeout=15_000)
    draft.refresh_from_db()
    assert draft.body_patient == TYPED


def test_a_second_save_over_someone_elses_is_refused_with_both_texts(
    live_server, browser, page, screenshot, editor, chief_editor, draft
):
    chief_editor.groups.add(Group.objects.get(name=EDITORS))
    login(page, live_server, editor.username)
    page.goto(f"{live_server.url}/workspace/revisions/{draft.pk}/edit/")
    page.evaluate("window.onbeforeunload = null")

    other = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    login(other, live_server, chief_editor.username)
    other.goto(f"{live_server.url}/workspace/revisions/{draft.pk}/edit/")
    other.fill("#id_body_patient", "The chief editor's rewrite of the patient wording.")
    other.click("button[value=save]")
    expect(other.locator(".messages")).to_contain_text("Draft saved.")
    other.context.close()

    page.fill("#id_body_patient", "The author's own rewrite of the patient wording.")
    page.click("button[value=save]")
    expect(page.locator("h1")).to_contain_text("Your changes were not saved")
    expect(page.locator(".error-summary")).to_be_focused()
    table = page.locator("#conflict-patient + .diff-table, section:has(#conflict-patient) .diff-table")
    expect(table).to_contain_text("chief editor")
    expect(table).to_contain_text("author")
    screenshot("no-dead-ends-02-edit-conflict-side-by-side")
    draft.refresh_from_db()
    assert draft.body_patient == "The chief editor's rewrite of the patient wording."
    page.get_by_role("button", name="Save my version").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    draft.refresh_from_db()
    assert draft.body_patient == "The author's own rewrite of the patient wording."


def test_a_refused_request_for_changes_puts_the_summary_in_view_with_focus(
    live_server, page, screenshot, under_review, reviewer
):
    login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/workspace/revisions/{under_review.pk}/compare/")
    page.click("button[value=request_changes]")  # no comment
    expect(page.locator(".error-summary")).to_be_focused()
    # The site scrolls smoothly (unless the reader asks for reduced motion): wait for it to end.
    expect(page.locator(".error-summary")).to_be_in_viewport(ratio=1)
    expect(page.locator("#id_comment")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_comment")).to_have_attribute(
        "aria-describedby", "id_comment_helptext id_comment_error"
    )
    page.locator(".error-summary a[href='#id_comment']").click()
    expect(page.locator("#id_comment")).to_be_focused()
    screenshot("no-dead-ends-03-request-changes-refused")


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief_editor"])
def test_staff_land_in_the_workspace(live_server, page, role, request):
    user = request.getfixturevalue(role)
    login(page, live_server, user.username)
    expect(page.locator(".workspace-nav")).to_be_visible()
    assert "/workspace/" in page.url


def test_an_overdue_article_says_so(live_server, page, screenshot, live_revision, settings):
    later = timezone.now() + timedelta(days=settings.REREVIEW_INTERVAL_DAYS + 30)
    with time_machine.travel(later, tick=True):
        page.goto(f"{live_server.url}{live_revision.article.get_absolute_url()}")
        overdue = page.locator(".review-overdue")
        expect(overdue).to_contain_text("Review overdue")
        expect(overdue).to_contain_text("has not been reviewed again since")
        screenshot("no-dead-ends-04-overdue-review")
