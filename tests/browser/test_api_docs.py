"""The partner API's documentation works in real Chromium under the site's Content-Security-Policy:
everything loads from our own server, nothing is blocked, and the operations are listed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_with_no_csp_violation_and_no_outside_request(page, live_server, screenshot):
    problems, outside = [], []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/articles/{slug}/", timeout=15000)
    assert page.locator(".opblock").count() == 3
    screenshot("api-docs")
    assert outside == []
    assert [text for text in problems if "Content Security Policy" in text or "Refused" in text] == []
    assert problems == []
