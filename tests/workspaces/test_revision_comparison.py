"""The board's comparison of a submission with the live revision."""

import re

import pytest
from django.urls import reverse

from articles import services
from tests import factories
from workspace.diff import compare_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(db):
    return {
        "kept": factories.ReferenceFactory(citation_key="kept2024", title="Exercise for knee pain"),
        "dropped": factories.ReferenceFactory(citation_key="dropped2019", title="An older cohort"),
        "new": factories.ReferenceFactory(citation_key="new2025", title="A new guideline"),
    }


@pytest.fixture
def submission(editor, reviewer, refs, disclaimers):
    live = factories.make_live(
        editor=editor,
        reviewer_user=reviewer,
        body_patient="Exercise helps knee pain [@kept2024]. Rest for a week is useful [@dropped2019].",
        body_professional="Exercise therapy is first line [@kept2024].",
    )
    draft = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient="Exercise helps knee pain [@kept2024]. Rest for a week is rarely useful [@new2025].",
        body_professional="Exercise therapy is first line [@kept2024].",
        change_summary="Rest advice follows the new guideline",
    )
    services.revision_submit(revision=draft, actor=editor)
    return draft


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_changed_sentence_an_added_and_a_removed_reference_are_each_marked(
    client, second_reviewer, submission
):
    client.force_login(second_reviewer)
    response = client.get(reverse("workspace-compare", args=[submission.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    # The changed sentence: the new word is inserted, with a text label, not only a colour.
    assert re.search(r'<ins><span class="visually-hidden">added: </span>rarely</ins>', html)
    # The citation that was swapped is marked on both sides.
    assert re.search(r"<del><span class=\"visually-hidden\">removed: </span>[^/]*\[@dropped2019\]", html)
    assert re.search(r"<ins><span class=\"visually-hidden\">added: </span>[^/]*\[@new2025\]", html)

    # The reference list: one added, one removed, one unchanged.
    rows = {
        key: _text(row)
        for key, row in (
            (m.group(1), m.group(0)) for m in re.finditer(r'<tr class="reference-(\w+)">.*?</tr>', html, re.S)
        )
    }
    assert "Added" in rows["added"] and "new2025" in rows["added"]
    assert "Removed" in rows["removed"] and "dropped2019" in rows["removed"]
    assert "Unchanged" in rows["unchanged"] and "kept2024" in rows["unchanged"]
    added_row = re.search(r'<tr class="reference-added">.*?</tr>', html, re.S).group(0)
    removed_row = re.search(r'<tr class="reference-removed">.*?</tr>', html, re.S).group(0)
    assert "<ins>" in added_row and "added: " in added_row
    assert "<del>" in removed_row and "removed: " in removed_row
    # The professional wording did not change and says so.
    assert 'Healthcare professional wording <span class="meta">— unchanged' in html


def test_the_comparison_opens_in_one_click_from_the_queue(client, second_reviewer, submission):
    client.force_login(second_reviewer)
    queue = client.get(reverse("workspace-queue")).content.decode()
    assert reverse("workspace-compare", args=[submission.pk]) in queue


def test_changes_to_links_emphasis_and_citations_are_marked_even_when_the_words_stay():
    diff = compare_markdown(
        "Read [the guideline](https://example.org/old) and *rest* today [@a].",
        "Read [the guideline](https://example.org/new) and **rest** today [@b].",
    )
    assert diff.changed
    assert "(link to https://example.org/old)</span></del>" in diff.html
    assert "(link to https://example.org/new)</span></ins>" in diff.html
    assert '<del><span class="visually-hidden">formatting removed: </span><em>rest</em></del>' in diff.html
    assert (
        '<ins><span class="visually-hidden">formatting added: </span><strong>rest</strong></ins>' in diff.html
    )
    assert "[@a]</span></del>" in diff.html and "[@b]</span></ins>" in diff.html


def test_text_an_editor_typed_is_escaped_in_the_comparison():
    diff = compare_markdown("Safe text.", "Safe text <script>alert(1)</script> & more.")
    assert "<script>" not in diff.html
    assert "&lt;script&gt;" in diff.html


def test_a_library_entry_changed_since_approval_shows_as_changed_reference(
    client, editor, reviewer, second_reviewer, refs, disclaimers
):
    live = factories.make_live(editor=editor, reviewer_user=reviewer, body_patient="Move [@kept2024].")
    kept = refs["kept"]
    kept.year = 2025
    kept._change_reason = "Corrected the year"
    kept.save()
    draft = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=draft.body_patient,
        body_professional=draft.body_professional,
        change_summary="Same text",
    )
    services.revision_submit(revision=draft, actor=editor)
    client.force_login(second_reviewer)
    html = client.get(reverse("workspace-compare", args=[draft.pk])).content.decode()
    row = re.search(r'<tr class="reference-changed">.*?</tr>', html, re.S).group(0)
    assert "year" in row and "2020" in row and "2025" in row


def test_a_reworded_question_is_marked_in_the_comparison(client, editor, reviewer, reference, disclaimers):
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    update = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=update,
        actor=editor,
        question="Which exercises ease knee pain best?",
        body_patient=update.body_patient,
        body_professional=update.body_professional,
        change_summary="Clearer title",
    )
    services.revision_submit(revision=update, actor=editor)
    client.force_login(reviewer)
    page = client.get(reverse("workspace-compare", args=[update.pk])).content.decode()
    assert "Question (the page title)" in page
    assert f'<del><span class="visually-hidden">removed: </span>{live.question}</del>' in page
    added = "Which exercises ease knee pain best?"
    assert f'<ins><span class="visually-hidden">added: </span>{added}</ins>' in page
