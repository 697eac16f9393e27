"""In real Chromium, as the demo users: an article goes from the editor's first
draft through a change request and a quorum of two approvals to the reader."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, Revision
from demo.content import DEMO_PASSWORD, DISCLAIMERS
from references.models import Reference
from reviews.models import ChecklistItem
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Does a knee brace help with knee osteoarthritis pain?"
PATIENT_V1 = """\
A knee brace can ease pain for some people with knee osteoarthritis [@praxis-hip-knee-2025].

## What helps most

Exercise that makes the muscles around your hip and knee stronger helps more than a brace \
[@hip-strengthening-2020]. Use the brace while you walk or stand for a long time.
"""
PROFESSIONAL = """\
Consider a tibiofemoral or patellofemoral brace when instability or pain limits activity \
[@praxis-hip-knee-2025]. Hip and quadriceps strengthening remain first line [@hip-strengthening-2020].
"""
COMMENT = "Please say who should fit the brace and when to see a doctor about swelling."
ADDED = "\n\nAsk a physiotherapist to fit the brace. See a doctor if your knee swells suddenly."


def _logout(page):
    page.context.clear_cookies()


def _as(page, live_server, username):
    _logout(page)
    login(page, live_server, username, password=DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{live_server.url}/workspace/")
    expect(page.locator(".workspace-nav")).to_be_visible()


def test_the_whole_review_journey_in_the_workspaces(live_server, page, screenshot, settings):
    # Data first: the demo users, references and disclaimers, and the board's checklist.
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for position, (key, label) in enumerate(
        [("doses", "Doses checked against the product labelling"), ("red-flags", "Red flags covered")], 1
    ):
        ChecklistItem.objects.get_or_create(key=key, defaults={"label": label, "position": position})
    settings.REVIEW_APPROVAL_QUORUM = 2
    assert Reference.objects.filter(citation_key="praxis-hip-knee-2025").exists()
    url = live_server.url

    # 1. The editor writes a new article with two citations and submits it.
    _as(page, live_server, "editor")
    page.goto(f"{url}/workspace/articles/new/")
    page.fill("#id_question", QUESTION)
    page.fill("#id_specialty", "Orthopaedics")
    page.click("text=Create the article")
    expect(page.locator("h1")).to_contain_text("Draft: revision 1")
    # The picker's "Insert" buttons appear once the script runs: type only after that.
    expect(page.locator("[data-insert-citation]").first).to_be_visible()
    page.fill("#id_body_patient", PATIENT_V1)
    # The live preview renders as readers will see it: numbered citations and the reference list.
    patient_preview = page.locator("[data-preview-for=patient]")
    expect(patient_preview.locator(".reference-list li")).to_have_count(2, timeout=15_000)
    expect(patient_preview).to_contain_text("Management of Hip and Knee Pain")
    expect(patient_preview).to_contain_text("Reading grade")
    page.fill("#id_body_professional", PROFESSIONAL + " [@not-in-library]")
    expect(page.locator("[data-preview-for=professional]")).to_contain_text("[@not-in-library]")
    screenshot("journey-01-editor-writes-with-live-preview")
    page.fill("#id_body_professional", PROFESSIONAL)
    page.fill("#id_change_summary", "First version")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    page.click("button[value=submit]")
    expect(page.locator("h1")).to_contain_text("Submitted")
    screenshot("journey-02-editor-submitted")
    first = Revision.objects.get(article__question=QUESTION)
    assert first.state == Revision.State.SUBMITTED

    # 2. A board member opens the comparison from the queue and requests changes.
    _as(page, live_server, "okafor")
    page.goto(f"{url}/workspace/queue/")
    screenshot("journey-03-board-queue")
    page.locator("tr", has_text=QUESTION).get_by_role("link", name="Compare & review").click()
    expect(page.locator("h1")).to_contain_text("What changed in revision 1")
    page.get_by_role("button", name="Start review").click()
    expect(page.locator(".messages")).to_contain_text("taken this revision into review")
    page.fill("#id_comment", COMMENT)
    screenshot("journey-04-board-compare-and-decide")
    page.click("button[value=request_changes]")
    expect(page.locator("h1")).to_contain_text("Changes requested")

    # 3. The editor reads the comment, starts the next draft from it and resubmits.
    _as(page, live_server, "editor")
    page.goto(f"{url}/workspace/articles/")
    page.click("text=Read the board's comments")
    expect(page.locator(".decisions")).to_contain_text(COMMENT)
    screenshot("journey-05-editor-reads-comment")
    page.get_by_role("button", name="Start the next draft from this revision").click()
    expect(page.locator("h1")).to_contain_text("Draft: revision 2")
    expect(page.locator("#requests-heading")).to_be_visible()
    page.locator("#id_body_patient").press("End")
    page.fill("#id_body_patient", page.input_value("#id_body_patient") + ADDED)
    page.fill("#id_change_summary", "Who fits the brace; when to see a doctor")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    page.click("button[value=submit]")
    expect(page.locator("h1")).to_contain_text("Submitted")

    # 4. Two board members approve; the first approval waits for the quorum.
    _as(page, live_server, "lindqvist")
    page.goto(f"{url}/workspace/queue/")
    page.locator("tr", has_text=QUESTION).get_by_role("link", name="Compare & review").click()
    expect(page.locator(".diff-section").first.locator("ins").first).to_be_visible()
    screenshot("journey-06-comparison-with-earlier-round")
    page.get_by_role("button", name="Start review").click()
    page.click("button[value=approve]")  # checklist not confirmed yet
    expect(page.locator(".error-summary")).to_contain_text("Confirm every point of the review checklist")
    expect(page.locator(".error-summary")).to_be_focused()
    for box in page.locator(".checklist input[type=checkbox]").all():
        box.check()
    page.click("button[value=approve]")
    expect(page.locator(".messages")).to_contain_text("1 of 2 needed")
    expect(page.locator(".quorum")).to_contain_text("Dr. Erik Lindqvist")

    _as(page, live_server, "okafor")
    page.goto(f"{url}/workspace/queue/")
    # Lindqvist took it into review and nobody assigned it to Okafor: a colleague's review.
    expect(page.locator("#q-colleagues")).to_be_visible()
    page.locator("tr", has_text=QUESTION).get_by_role("link", name="Compare & review").click()
    for box in page.locator(".checklist input[type=checkbox]").all():
        box.check()
    page.fill("#id_comment", "Checked against the cited guideline.")
    page.click("button[value=approve]")
    expect(page.locator(".messages")).to_contain_text("now live")
    expect(page.locator(".quorum")).to_contain_text("2 of 2")
    screenshot("journey-07-approved-with-quorum")

    article = Article.objects.get(question=QUESTION)
    assert article.live_revision.number == 2
    assert article.live_revision.approvals().count() == 2

    # 5. The reader sees the new article, both citations and the pinned disclaimer.
    _logout(page)
    response = page.goto(f"{url}/articles/{article.slug}/")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(QUESTION)
    body = page.locator("main")
    expect(body).to_contain_text("Management of Hip and Knee Pain")
    expect(body).to_contain_text("Hip Muscle Strengthening for Knee Osteoarthritis")
    expect(body).to_contain_text("Ask a physiotherapist to fit the brace")
    expect(body).to_contain_text(DISCLAIMERS["patient"][:60])
    screenshot("journey-08-reader-page")

    # 6. The timeline shows every step.
    _as(page, live_server, "chief")
    page.goto(f"{url}/workspace/articles/{article.slug}/timeline/")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Article created")
    expect(timeline.locator(".timeline-event", has_text="Submitted for review")).to_have_count(2)
    expect(timeline.locator(".timeline-event", has_text="Taken into review")).to_have_count(2)
    expect(timeline.locator(".timeline-event", has_text="Changes requested")).to_have_count(1)
    expect(timeline.locator(".timeline-event", has_text="Decision: approve")).to_have_count(2)
    # The change request is one event: the decision, its comment and the transition together.
    expect(timeline.locator(".timeline-event", has_text="Changes requested")).to_contain_text(COMMENT)
    expect(timeline.locator(".timeline-event", has_text="Approved and published")).to_have_count(1)
    expect(timeline).to_contain_text("Draft started from revision 1")
    expect(timeline).to_contain_text(COMMENT)
    expect(timeline.locator(".timeline-event", has_text="Approved and published")).to_contain_text(
        "Revision 2"
    )
    screenshot("journey-09-timeline")
