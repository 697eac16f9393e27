"""The reference library in real Chromium: where an entry is cited, and an import's preview."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from references import services
from references.models import Reference
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BIB = Path(__file__).parents[1] / "references" / "data" / "files" / "library.bib"


def test_a_chief_editor_sees_where_an_entry_is_cited_and_imports_a_file(
    live_server,
    page,
    screenshot,
    editor,
    reviewer,
    chief_editor,
    disclaimers,
):
    # Data first: a live article citing an entry edited since approval, and a retracted one.
    edited = factories.ReferenceFactory(title="Hip strengthening for knee pain", doi="10.5555/knee.2020.001")
    retracted = factories.ReferenceFactory(
        title="Glucosamine cures osteoarthritis", doi="10.5555/held.2019.001"
    )
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[edited, retracted])
    services.reference_update(reference=edited, actor=editor, title="Hip strengthening for chronic knee pain")
    services.reference_mark_retracted(reference=retracted, actor=editor, notice="Retracted by the publisher.")
    chief_editor.is_staff = True
    chief_editor.save()
    url = live_server.url

    login(page, live_server, chief_editor.username)
    page.goto(url + reverse("admin:references_reference_change", args=[edited.pk]))
    where = page.locator("#where-cited")
    expect(where).to_contain_text(live.article.question)
    expect(where).to_contain_text("This reference changed since approval")
    expect(where.get_by_role("button", name="Start an update (new draft)")).to_be_visible()
    screenshot("reference-where-cited")

    page.goto(url + reverse("admin:references_reference_change", args=[retracted.pk]))
    expect(page.locator("#retraction")).to_contain_text("marked retracted")
    expect(page.locator("#retraction")).to_contain_text(live.article.question)
    screenshot("reference-retracted")

    page.goto(url + reverse("admin:references_reference_import"))
    page.set_input_files("#id_file", str(BIB))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#import-summary")).to_contain_text("3 new, 2 duplicates, 2 invalid")
    screenshot("reference-import-preview")
    assert Reference.objects.count() == 2

    page.get_by_role("button", name="Create 3 references").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported 3 reference(s).")
    screenshot("reference-import-done")
    assert Reference.objects.count() == 5
