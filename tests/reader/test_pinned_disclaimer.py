"""Invariant 6: a published page shows the disclaimer pinned to its revision at approval,
for the audience shown — not whatever disclaimer is newest."""

import pytest

from articles import services
from articles.models import Disclaimer
from reviews import decisions as review_decisions
from tests import factories

from .conftest import cold_cache

pytestmark = pytest.mark.django_db


def page(client, article, audience):
    return client.get(article.get_absolute_url(), {"audience": audience}).content.decode()


@pytest.mark.parametrize("audience", ["patient", "professional"])
def test_a_newer_disclaimer_does_not_replace_the_pinned_one_until_the_next_approval(
    client, editor, reviewer, second_reviewer, disclaimers, reference, settings, audience
):
    pinned = dict(zip(["patient", "professional"], disclaimers, strict=True))
    other = "professional" if audience == "patient" else "patient"
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    newer = Disclaimer.objects.create(audience=audience, text=f"Version two of the {audience} disclaimer.")

    cold_cache(settings)
    html = page(client, live.article, audience)
    assert pinned[audience].text in html
    assert newer.text not in html
    assert pinned[other].text not in html

    update = services.revision_create_draft(article=live.article, actor=editor)
    services.revision_update_draft(
        revision=update,
        actor=editor,
        body_patient=update.body_patient + " More.",
        body_professional=update.body_professional + " More.",
        change_summary="Update",
    )
    services.revision_submit(revision=update, actor=editor)
    review_decisions.revision_start_review(revision=update, actor=second_reviewer)
    review_decisions.revision_approve(
        revision=update, actor=second_reviewer, checklist_confirmed=factories.all_checklist_keys()
    )
    cold_cache(settings)
    html = page(client, live.article, audience)
    assert newer.text in html
    assert pinned[audience].text not in html
