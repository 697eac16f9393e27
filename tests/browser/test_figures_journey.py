"""In real Chromium, as the demo users: a figure the editor uploads shows in the live preview,
on the board's compare page and, once approved, on the reader page with its alt text, with
no Content-Security-Policy violation on the way."""

from pathlib import Path

import drf_spectacular_sidecar
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from demo.content import DEMO_PASSWORD
from reviews.models import ChecklistItem
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Where exactly does knee osteoarthritis hurt?"
ALT = "Front view of a knee joint with the worn cartilage marked."
# A real PNG shipped with an installed package, found from the package itself.
REAL_PNG = (
    Path(drf_spectacular_sidecar.__file__).parent
    / "static/drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png"
)
PATIENT = (
    "Pain is often felt at the front and inner side of the knee.\n\n![@knee-front]\n\nIt eases with rest.\n"
)
PROFESSIONAL = "Medial compartment involvement is most common.\n\n![@knee-front]\n"


def _as(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, password=DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _loaded(image):
    """The image was fetched and decoded (not a broken-image icon)."""
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0


def test_an_uploaded_figure_shows_in_the_preview_the_comparison_and_on_the_reader_page(
    live_server, page, screenshot
):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ChecklistItem.objects.get_or_create(key="doses", defaults={"label": "Doses checked", "position": 1})
    url = live_server.url

    # 1. The editor starts an article and uploads a figure from the draft editor.
    _as(page, live_server, "editor")
    page.goto(f"{url}/workspace/articles/new/")
    page.fill("#id_question", QUESTION)
    page.fill("#id_specialty", "Orthopaedics")
    page.click("text=Create the article")
    expect(page.locator("h1")).to_contain_text("Draft: revision 1")
    page.set_input_files("#id_figure-image", str(REAL_PNG))
    page.fill("#id_figure-key", "knee-front")
    page.fill("#id_figure-alt", ALT)
    page.fill("#id_figure-caption", "Where the pain usually is.")
    page.get_by_role("button", name="Upload figure").click()
    expect(page.locator(".messages")).to_contain_text("Figure uploaded")
    expect(page.locator(".figure-list")).to_contain_text("![@knee-front]")

    # 2. Placed in both wordings, it shows in the live preview as readers will see it.
    expect(page.locator("[data-insert-citation]").first).to_be_visible()  # the page script runs
    page.fill("#id_body_patient", PATIENT)
    preview_image = page.locator("[data-preview-for=patient] figure.article-figure img")
    expect(preview_image).to_have_attribute("alt", ALT, timeout=15_000)
    _loaded(preview_image)
    expect(page.locator("[data-preview-for=patient] figcaption")).to_contain_text(
        "Where the pain usually is."
    )
    page.fill("#id_body_professional", PROFESSIONAL)
    expect(page.locator("[data-preview-for=professional] figure img")).to_have_attribute("alt", ALT)
    screenshot("figures-01-preview")
    page.fill("#id_change_summary", "First version")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    page.click("button[value=submit]")
    expect(page.locator("h1")).to_contain_text("Submitted")

    # 3. The board sees the figure as added on the compare page, and approves.
    article = Article.objects.get(question=QUESTION)
    revision = article.revisions.get()
    _as(page, live_server, "okafor")
    page.goto(f"{url}/workspace/revisions/{revision.pk}/compare/")
    figures = page.locator("#diff-figures").locator("xpath=..")
    expect(figures).to_contain_text("Added")
    compare_image = figures.locator("img")
    expect(compare_image).to_have_attribute("alt", ALT)
    _loaded(compare_image)
    screenshot("figures-02-compare")
    page.get_by_role("button", name="Start review").click()
    for box in page.locator(".checklist input[type=checkbox]").all():
        box.check()
    page.click("button[value=approve]")
    expect(page.locator(".messages")).to_contain_text("now live")

    # 4. Readers see it, responsive and lazy-loaded, with its alt text, width and height.
    page.context.clear_cookies()
    page.goto(f"{url}/articles/{article.slug}/")
    reader_image = page.locator("main figure.article-figure img")
    expect(reader_image).to_have_attribute("alt", ALT)
    expect(reader_image).to_have_attribute("loading", "lazy")
    expect(reader_image).to_have_attribute("width", "32")
    expect(reader_image).to_have_attribute("height", "32")
    _loaded(reader_image)
    assert reader_image.evaluate("img => getComputedStyle(img).maxWidth") == "100%"
    expect(page.locator("main figcaption")).to_contain_text("Where the pain usually is.")
    screenshot("figures-03-reader")
