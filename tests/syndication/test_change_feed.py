"""The change feed: publications, updates and unpublications, in order; an unpublished article
is a tombstone (slug and date, never its text) and 404 on its detail address."""

import pytest

from articles import services
from reviews import decisions as review_decisions
from syndication.models import ChangeFeedEntry
from tests.reader.conftest import publish, start_update

pytestmark = pytest.mark.django_db


def feed(api, since=None):
    return api("/api/v1/changes/" + (f"?since={since}" if since else "")).json()


def test_publication_update_and_unpublication_appear_in_order(
    api, editor, reviewer, chief_editor, disclaimers
):
    article = publish(editor=editor, reviewer=reviewer, question="Does ice help a sprained ankle?")
    start_update(article=article, editor=editor, reviewer=reviewer, text="Secret new text.", approve=True)
    services.article_unpublish(article=article, actor=chief_editor, reason="Guidance withdrawn.")
    data = feed(api)
    assert [(item["type"], item["slug"], item["revision"]) for item in data["results"]] == [
        ("published", article.slug, 1),
        ("updated", article.slug, 2),
        ("unpublished", article.slug, None),
    ]
    assert data["has_more"] is False
    assert data["results"][0]["url"] == f"http://testserver/api/v1/articles/{article.slug}/"
    tombstone = data["results"][2]
    article.refresh_from_db()
    assert tombstone["url"] is None
    assert tombstone["occurred_at"][:19] == article.unpublished_at.isoformat()[:19]
    body = api("/api/v1/changes/").content.decode()
    for text in ("sprained ankle", "Secret new text", "Guidance withdrawn"):
        assert text not in body


def test_an_unpublished_article_is_404_on_its_detail_and_gone_from_the_list(
    api, editor, reviewer, chief_editor, disclaimers
):
    article = publish(editor=editor, reviewer=reviewer, question="Is it gone?")
    assert api(f"/api/v1/articles/{article.slug}/").status_code == 200
    services.article_unpublish(article=article, actor=chief_editor, reason="Outdated.")
    response = api(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert api("/api/v1/articles/").json()["results"] == []


def test_since_returns_only_what_happened_after_the_cursor(api, editor, reviewer, disclaimers):
    first = publish(editor=editor, reviewer=reviewer, question="First?")
    cursor = feed(api)["next_since"]
    assert feed(api, cursor)["results"] == []
    assert feed(api, cursor)["next_since"] == cursor  # nothing new: keep polling with the same cursor
    second = publish(editor=editor, reviewer=reviewer, question="Second?")
    data = feed(api, cursor)
    assert [item["slug"] for item in data["results"]] == [second.slug]
    assert first.slug not in str(data)


def test_the_feed_pages_with_has_more(api, editor, reviewer, disclaimers):
    for n in range(3):
        publish(editor=editor, reviewer=reviewer, question=f"Paged {n}?")
    page = api("/api/v1/changes/?limit=2").json()
    assert len(page["results"]) == 2 and page["has_more"] is True
    rest = api(f"/api/v1/changes/?limit=2&since={page['next_since']}").json()
    assert len(rest["results"]) == 1 and rest["has_more"] is False


@pytest.mark.parametrize("since", ["garbage", "WyJ4Il0", "WzEsMl0", "bnVsbA", "W3RydWVd"])
def test_a_bad_since_cursor_is_a_400_problem(api, since):
    response = api(f"/api/v1/changes/?since={since}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_refused_publication_writes_no_feed_entry(editor, reviewer, disclaimers):
    from editorial.exceptions import ActionNotAllowed
    from tests import factories

    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer)
    with pytest.raises(ActionNotAllowed):
        review_decisions.revision_approve(
            revision=revision, actor=editor, checklist_confirmed=factories.all_checklist_keys()
        )
    assert not ChangeFeedEntry.objects.exists()
