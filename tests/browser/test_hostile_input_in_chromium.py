"""In real Chromium: pages full of hostile input run no script — no dialog opens."""

import pytest

from articles import services
from reviews import decisions as review_decisions
from tests import factories
from tests.browser.conftest import login
from tests.security.xss_vectors import XSS_VECTORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_for_dialogs(page):
    opened = []

    def on_dialog(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def test_hostile_article_and_comments_run_no_script(
    live_server, page, screenshot, editor, reviewer, second_reviewer, disclaimers
):
    reference = factories.ReferenceFactory(
        citation_key="hostile", title="<img src=x onerror=alert('ref')>", url="https://example.org/"
    )
    body = "\n\n".join(f"{vector} [@hostile]" for vector in XSS_VECTORS)
    live = factories.make_live(
        editor=editor,
        reviewer_user=reviewer,
        question="<script>alert('title')</script> hostile?",
        body_patient=body,
        body_professional=body,
        references=[reference],
    )
    update = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=update,
        actor=editor,
        body_patient=body + "\n\n<svg onload=alert('new')>",
        body_professional=body,
        change_summary="<img src=x onerror=alert('summary')>",
    )
    services.revision_submit(revision=update, actor=editor)
    review_decisions.revision_start_review(revision=update, actor=second_reviewer)
    review_decisions.revision_request_changes(
        revision=update, actor=second_reviewer, comment="\n".join(XSS_VECTORS)
    )
    dialogs = watch_for_dialogs(page)

    for audience in ("patient", "professional"):
        page.goto(f"{live_server.url}{live.article.get_absolute_url()}?audience={audience}")
        page.wait_for_load_state("load")
    screenshot("hostile-reader-page")

    login(page, live_server, editor.username)
    for path in (f"/workspace/revisions/{update.pk}/", f"/workspace/revisions/{update.pk}/compare/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    screenshot("hostile-workspace-compare")
    page.wait_for_timeout(300)
    assert dialogs == []
