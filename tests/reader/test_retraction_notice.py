"""A source pinned to a live article is retracted after approval: readers are told, next to it.

The notice says the source was retracted since the board reviewed the article and that the
board is reviewing it; the approved text stays as approved. It goes when a new revision is
approved (or the board resolves the alert). Driven through the admin and the reader page.
"""

import re

import pytest
from django.urls import reverse

from articles import retractions
from articles import services as article_services
from articles.models import RetractionAlert
from reviews import decisions as review_decisions
from tests import factories

pytestmark = pytest.mark.django_db
NOTICE_TEXT = "since our Medical Advisory Board reviewed this article. The board is reviewing the article"


@pytest.fixture
def sources(db):
    return (
        factories.ReferenceFactory(citation_key="trial-2019", title="A trial later retracted"),
        factories.ReferenceFactory(citation_key="review-2021", title="A review that stands"),
    )


@pytest.fixture
def live(sources, editor, reviewer, disclaimers):
    return factories.make_live(editor=editor, reviewer_user=reviewer, references=sources)


def page(client, revision):
    response = client.get(reverse("article-detail", args=[revision.article.slug]))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def reference_item(html, title):
    """The <li> of the reference list whose citation shows `title`."""
    items = re.findall(r'<li id="ref-[^"]*" class="reference".*?</li>', html, flags=re.S)
    return next(item for item in items if title in item)


@pytest.fixture
def mark_retracted_in_the_admin(django_capture_on_commit_callbacks):
    def mark(client, user, reference):
        user.is_staff = True
        user.save()
        client.force_login(user)
        # The cached reader pages are invalidated once the marking has committed.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:references_reference_mark_retracted", args=[reference.pk]),
                {
                    "notice": "Retraction notice doi:10.5555/retraction.2024.007.",
                    "retracted_on": "2024-03-05",
                },
            )
        assert response.status_code == 302
        client.logout()

    return mark


def approve_correction(article, *, editor, reviewer, body):
    draft = article_services.revision_create_draft(article=article, actor=editor)
    article_services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient=body,
        body_professional=body,
        change_summary="Source replaced",
    )
    article_services.revision_submit(revision=draft, actor=editor)
    review_decisions.revision_start_review(revision=draft, actor=reviewer)
    review_decisions.revision_approve(
        checklist_confirmed=factories.all_checklist_keys(), revision=draft, actor=reviewer, comment="Fine."
    )


def test_readers_are_told_next_to_the_reference_once_it_is_retracted(
    client, live, sources, chief_editor, mark_retracted_in_the_admin
):
    retracted, standing = sources
    before = page(client, live)  # also fills the page caches
    assert NOTICE_TEXT not in before

    mark_retracted_in_the_admin(client, chief_editor, retracted)

    after = page(client, live)
    item = reference_item(after, "A trial later retracted")
    assert "This source has been retracted (5 March 2024) " + NOTICE_TEXT in item
    assert "the text above is still the version it approved" in item
    assert NOTICE_TEXT not in reference_item(after, "A review that stands")
    assert after.count(NOTICE_TEXT) == 1
    # Apart from the notice, the page is the approved page as it was.
    without_notice = re.sub(
        r'\s*<p class="notice notice-warning reference-retracted".*?</p>', "", after, flags=re.S
    )
    assert without_notice == before


def test_the_notice_goes_when_a_new_revision_is_approved(
    client, live, sources, editor, reviewer, chief_editor, mark_retracted_in_the_admin
):
    retracted, standing = sources
    mark_retracted_in_the_admin(client, chief_editor, retracted)
    assert NOTICE_TEXT in page(client, live)

    approve_correction(live.article, editor=editor, reviewer=reviewer, body="Exercise helps. [@review-2021]")

    html = page(client, live)
    assert NOTICE_TEXT not in html
    assert "A trial later retracted" not in html
    assert "Exercise helps." in html


def test_the_notice_goes_when_the_board_resolves_the_alert(
    client, live, sources, chief_editor, mark_retracted_in_the_admin, django_capture_on_commit_callbacks
):
    retracted, _ = sources
    mark_retracted_in_the_admin(client, chief_editor, retracted)
    assert NOTICE_TEXT in page(client, live)
    alert = RetractionAlert.objects.get(article=live.article)
    with django_capture_on_commit_callbacks(execute=True):
        retractions.retraction_alert_resolve(
            alert=alert,
            actor=chief_editor,
            resolution="The claim rests on the review; the trial is not needed.",
        )
    assert NOTICE_TEXT not in page(client, live)


def test_articles_not_citing_the_source_show_no_notice(
    client, sources, editor, reviewer, chief_editor, disclaimers, mark_retracted_in_the_admin
):
    other = factories.make_live(editor=editor, reviewer_user=reviewer, references=[sources[1]])
    page(client, other)
    mark_retracted_in_the_admin(client, chief_editor, sources[0])
    assert NOTICE_TEXT not in page(client, other)


def test_the_notice_names_no_date_when_the_retraction_date_is_unknown(client, live, sources, chief_editor):
    from references import services

    services.reference_mark_retracted(reference=sources[0], actor=chief_editor, notice="Retracted.")
    item = reference_item(page(client, live), "A trial later retracted")
    assert "This source has been retracted " + NOTICE_TEXT in item


def test_the_notice_goes_when_a_retraction_marked_by_mistake_is_cleared(
    client, live, sources, chief_editor, mark_retracted_in_the_admin, django_capture_on_commit_callbacks
):
    from references import services

    mark_retracted_in_the_admin(client, chief_editor, sources[0])
    assert NOTICE_TEXT in page(client, live)
    with django_capture_on_commit_callbacks(execute=True):
        services.reference_clear_retraction(
            reference=sources[0], actor=chief_editor, reason="Wrong DOI matched."
        )
    assert NOTICE_TEXT not in page(client, live)
    alert = RetractionAlert.objects.get(article=live.article)
    assert (alert.status, alert.resolution) == ("resolved", "The retraction was cleared: Wrong DOI matched.")
