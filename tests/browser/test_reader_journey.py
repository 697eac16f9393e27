"""A reader's journey in real Chromium: open the demo article, switch wording, follow a citation to
its reference, ask a follow-up question. Screenshots go to test-artifacts/screenshots/."""

import pytest
from django.core.management import call_command

from articles.models import FollowUpQuestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "chronic-knee-pain-causing-hip-pain-and-stiffness"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", verbosity=0)
    return f"{live_server.url}/articles/{SLUG}/"


def test_reader_opens_the_demo_article_switches_wording_follows_a_citation_and_asks(page, screenshot, demo):
    page.goto(demo)
    assert page.locator("h1").inner_text().startswith("What is the best management approach")
    assert page.get_by_role("link", name="Dr. Amara Okafor, MD, FACP").is_visible()
    assert "Last updated" in page.locator(".article-dates").inner_text()
    assert "For patients" in page.locator("#wording-heading").text_content()
    screenshot("reader-article-patient-desktop")

    page.get_by_role("link", name="I'm a healthcare professional").click()
    page.wait_for_load_state()
    assert "For healthcare professionals" in page.locator("#wording-heading").text_content()
    assert "Antalgic gait" in page.locator(".article-body").inner_text()
    assert "Professional medical disclaimer" in page.content()
    screenshot("reader-article-professional-desktop")

    # The choice is remembered without the link's parameter.
    page.goto(demo)
    assert "For healthcare professionals" in page.locator("#wording-heading").text_content()

    page.locator("a.citation").first.click()
    assert page.url.endswith("#ref-1")
    target = page.locator("#ref-1")
    assert target.is_visible()
    assert "Guideline" in target.inner_text()
    assert target.evaluate("el => el.matches(':target')")
    screenshot("reader-citation-target", target=page)

    page.fill("#id_question", "Is swimming as good as walking for knee and hip pain?")
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_load_state()
    assert "your question has reached our editors" in page.locator("#follow-up").inner_text()
    screenshot("reader-question-sent")
    assert FollowUpQuestion.objects.filter(question__startswith="Is swimming").count() == 1


def test_the_article_and_home_page_read_well_on_a_phone(browser, demo, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    phone = context.new_page()
    try:
        phone.goto(demo)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        phone.screenshot(path=_shot("reader-article-phone"), full_page=True)
        phone.screenshot(path=_shot("reader-article-phone-first-screen"))
        phone.locator("#references-heading").scroll_into_view_if_needed()
        phone.screenshot(path=_shot("reader-article-phone-references"))
        phone.fill("#id_question", "Hi")
        phone.get_by_role("button", name="Send my question").click()
        phone.wait_for_load_state()
        assert "too short" in phone.locator("#follow-up").inner_text()
        phone.locator("#follow-up").screenshot(path=_shot("reader-question-error-phone"))
        phone.goto(f"{live_server.url}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=_shot("reader-home-phone"), full_page=True)
    finally:
        context.close()


def test_keyboard_focus_is_visible(page, demo):
    page.goto(demo)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def _shot(name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")
