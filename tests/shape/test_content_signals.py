"""The content layer tells the reader site about publications through signals, not imports."""

import pytest

from articles import services
from articles.signals import article_unpublished, revision_published
from editorial.exceptions import InvalidAction
from reader.freshness import current_state as publication_version
from reviews import decisions
from tests import factories


@pytest.fixture
def received():
    events = []

    def on_published(sender, revision, previous, **kwargs):
        events.append(("published", revision.pk, previous.pk if previous else None))

    def on_unpublished(sender, article, revision, reason, **kwargs):
        events.append(("unpublished", article.pk, revision.pk, reason))

    revision_published.connect(on_published, dispatch_uid="test-published")
    article_unpublished.connect(on_unpublished, dispatch_uid="test-unpublished")
    yield events
    revision_published.disconnect(dispatch_uid="test-published")
    article_unpublished.disconnect(dispatch_uid="test-unpublished")


@pytest.mark.django_db
def test_publishing_and_unpublishing_send_signals_and_move_the_reader_cache_on(
    received, editor, reviewer, chief_editor, disclaimers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.make_live(editor=editor, reviewer_user=reviewer)
    assert received == [("published", first.pk, None)]

    second = services.revision_create_draft(article=first.article, actor=editor)
    services.revision_update_draft(
        revision=second,
        actor=editor,
        body_patient="Walk daily.",
        body_professional="Prescribe walking.",
        change_summary="Shorter",
    )
    services.revision_submit(revision=second, actor=editor)
    decisions.revision_start_review(revision=second, actor=reviewer)
    version = publication_version()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.revision_approve(
            revision=second, actor=reviewer, checklist_confirmed=factories.all_checklist_keys()
        )
    assert received[-1] == ("published", second.pk, first.pk)
    assert publication_version() != version

    version = publication_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=first.article, actor=chief_editor, reason="Outdated.")
    assert received[-1] == ("unpublished", first.article_id, second.pk, "Outdated.")
    assert publication_version() != version


@pytest.mark.django_db
def test_a_refused_publication_sends_nothing(received, editor, reviewer, disclaimers):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer)
    with pytest.raises(InvalidAction, match="checklist"):
        decisions.revision_approve(revision=revision, actor=reviewer, checklist_confirmed=[])
    assert received == []
