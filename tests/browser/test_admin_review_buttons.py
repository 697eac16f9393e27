"""In real Chromium: a board member runs a review from the admin's workflow buttons."""

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Revision
from reviews.models import ChecklistItem
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_starts_a_review_and_approves_from_the_admin(
    live_server, page, screenshot, editor, reviewer, reference, disclaimers
):
    ChecklistItem.objects.get_or_create(key="doses", defaults={"label": "Doses checked"})
    ChecklistItem.objects.get_or_create(key="red-flags", defaults={"label": "Red flags covered"})
    revision = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=revision, actor=editor)
    reviewer.is_staff = True
    reviewer.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/revision/{revision.pk}/change/")
    screenshot("admin-revision-submitted")
    assert page.locator("#workflow").is_visible()
    page.click("button[value=start_review]")
    expect(page.locator(".messagelist")).to_contain_text("Done: the revision is now under review.")

    page.click("button[value=request_changes]")  # no comment yet
    expect(page.locator(".messagelist")).to_contain_text("needs a comment")
    page.fill("#id_transition_comment", "Checked against the guideline.")
    page.check("input[name=checklist][value=doses]")
    page.click("button[value=approve]")  # one point left unconfirmed
    expect(page.locator(".messagelist")).to_contain_text("Confirm every point of the review checklist")
    page.fill("#id_transition_comment", "Checked against the guideline.")
    boxes = page.locator("input[name=checklist]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    screenshot("admin-revision-checklist")
    page.click("button[value=approve]")
    expect(page.locator(".messagelist")).to_contain_text("Done: the revision is now approved.")
    screenshot("admin-revision-approved")
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.APPROVED
    assert page.locator("button[value=approve]").count() == 0

    page.click("a.historylink")
    expect(page.locator("#change-history")).to_contain_text(
        "approve: under_review → approved — Checked against the guideline."
    )
    screenshot("admin-revision-history")
