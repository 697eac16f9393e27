"""The reader-leak checks (tests/reader/test_reader_visibility.py), run against the API: a
draft, a submission, a revision under review or sent back never appears in any response."""

import pytest

from articles import services
from reviews import decisions as review_decisions
from tests import factories
from tests.reader.conftest import start_update
from tests.reader.test_reader_visibility import SECRET

pytestmark = pytest.mark.django_db


def api_surfaces(api, slugs=()):
    """Everything a partner can fetch, concatenated."""
    paths = ["/api/v1/articles/", "/api/v1/changes/", "/api/v1/openapi.json"]
    paths += [f"/api/v1/articles/{slug}/" for slug in slugs]
    return "\n".join(api(path).content.decode() for path in paths)


@pytest.fixture
def unseen(editor, reviewer, disclaimers, reference):
    """One article in each state a reader must never see: a draft, a submission, one under review."""
    draft = factories.make_draft(editor=editor, references=[reference], question="Zanzibarquux draft?")
    submitted = factories.make_draft(
        editor=editor, references=[reference], question="Zanzibarquux submitted?"
    )
    services.revision_submit(revision=submitted, actor=editor)
    review = factories.make_under_review(
        editor=editor, reviewer_user=reviewer, references=[reference], question="Is Zanzibarquux a cure?"
    )
    return [draft.article, submitted.article, review.article]


def test_never_approved_articles_do_not_exist_for_partners(api, knee_article, unseen):
    for article in unseen:
        knee_article.related_articles.add(article)
        response = api(f"/api/v1/articles/{article.slug}/")
        assert response.status_code == 404
    everything = api_surfaces(api, [knee_article.slug])
    assert "Zanzibarquux" not in everything
    for article in unseen:
        assert article.slug not in everything


def test_a_revision_under_review_never_leaks_into_any_api_response(api, knee_article, editor, reviewer):
    api(f"/api/v1/articles/{knee_article.slug}/")  # the approved text is cached before the update
    start_update(
        article=knee_article, editor=editor, reviewer=reviewer, text=SECRET, summary="Secret summary"
    )
    everything = api_surfaces(api, [knee_article.slug])
    assert "Zanzibarquux" not in everything
    assert "Secret summary" not in everything
    assert "Long-lasting knee pain" in everything


def test_a_changes_requested_revision_never_leaks(api, knee_article, editor, reviewer):
    revision = start_update(article=knee_article, editor=editor, reviewer=reviewer, text=SECRET)
    review_decisions.revision_request_changes(revision=revision, actor=reviewer, comment="Not yet.")
    everything = api_surfaces(api, [knee_article.slug])
    assert "Zanzibarquux" not in everything
    assert "Not yet." not in everything


def test_a_new_draft_of_a_live_article_never_leaks(api, knee_article, editor):
    draft = services.revision_create_draft(article=knee_article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        question="Zanzibarquux retitled?",
        body_patient=SECRET,
        body_professional=SECRET,
        change_summary="Draft only",
    )
    everything = api_surfaces(api, [knee_article.slug])
    assert "Zanzibarquux" not in everything
    assert knee_article.question in everything


def test_an_approved_update_reaches_the_api_at_once(api, knee_article, editor, reviewer):
    assert "Zanzibarquux" not in api(f"/api/v1/articles/{knee_article.slug}/").content.decode()
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text=SECRET, approve=True)
    data = api(f"/api/v1/articles/{knee_article.slug}/").json()
    assert "Zanzibarquux" in data["wordings"]["patient"]["markdown"]
    assert data["revision"] == 2


def test_only_members_who_approved_the_live_revision_are_named(
    api, knee_article, editor, reviewer, second_reviewer
):
    revision = start_update(article=knee_article, editor=editor, reviewer=second_reviewer, text=SECRET)
    review_decisions.revision_request_changes(revision=revision, actor=second_reviewer, comment="No.")
    names = [m["name"] for m in api(f"/api/v1/articles/{knee_article.slug}/").json()["reviewed_by"]]
    assert names == [reviewer.board_member.display_name]
