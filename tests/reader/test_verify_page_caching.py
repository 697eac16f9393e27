"""The verification pages are reader pages like the article's: a repeat request costs one query,
a conditional one gets 304, nothing sets a cookie, shared caches may keep them, and they are
never stale: a new publication shows the new fingerprint and an unpublication a 404 at once,
with every cache warm."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services

from .conftest import cold_cache, start_update
from .test_article_verification import json_url, shown_fingerprint, verify_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def verify_paths(knee_article):
    return [verify_url(knee_article), json_url(knee_article)]


def directives(response):
    return {part.strip().split("=")[0]: part.strip() for part in response["Cache-Control"].split(",")}


def test_a_repeat_request_is_one_query_public_cookie_free_and_strongly_validated(
    client, verify_paths, settings, django_assert_num_queries
):
    cold_cache(settings)
    for path in verify_paths:
        first = client.get(path)
        with django_assert_num_queries(1):  # the reader content version
            again = client.get(path)
        assert again.content == first.content, path
        for response in (first, again):
            assert response.status_code == 200, path
            assert not response.cookies, path
            assert "Cookie" not in response.get("Vary", ""), path
            cache_control = directives(response)
            assert "public" in cache_control and "private" not in cache_control, path
            assert cache_control["s-maxage"] == f"s-maxage={settings.READER_CACHE_S_MAXAGE}"
            assert "stale-while-revalidate" in cache_control and "stale-if-error" in cache_control
            assert response["ETag"].startswith('"') and response["Last-Modified"], path
    assert client.get(verify_paths[1])["X-Fingerprint-Version"] == "2"  # kept when served from the cache


def test_if_none_match_gets_304_with_no_body_and_no_cookie(client, verify_paths, django_assert_num_queries):
    for path in verify_paths:
        tag = client.get(path)["ETag"]
        with django_assert_num_queries(1):
            response = client.get(path, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304, path
        assert response.content == b"" and not response.cookies, path
        assert response["ETag"] == tag
    assert (
        client.get(verify_paths[0], HTTP_IF_NONE_MATCH=client.get(verify_paths[1])["ETag"]).status_code == 200
    )


def test_a_new_publication_shows_its_fingerprint_at_once_on_both_pages(
    client, knee_article, verify_paths, editor, reviewer
):
    before = shown_fingerprint(client, knee_article)
    tags = {path: client.get(path)["ETag"] for path in verify_paths}
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="More.", approve=True)
    knee_article.refresh_from_db()
    after = shown_fingerprint(client, knee_article)
    assert after != before and after == knee_article.live_revision.content_sha256
    assert "The text shown now: revision 2" in client.get(verify_url(knee_article)).content.decode()
    assert hashlib.sha256(client.get(json_url(knee_article)).content).hexdigest() == after
    for path, tag in tags.items():
        assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 200, path


def test_an_unpublication_makes_both_pages_404_at_once(client, knee_article, verify_paths, chief_editor):
    tags = {path: client.get(path)["ETag"] for path in verify_paths}
    services.article_unpublish(article=knee_article, actor=chief_editor, reason="Under correction.")
    for path, tag in tags.items():
        assert client.get(path).status_code == 404, path
        assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 404, path


def test_signed_in_people_get_the_verification_pages_privately(client, verify_paths, editor):
    client.force_login(editor)
    for path in verify_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], path
        assert "ETag" not in response, path


def test_a_cold_verify_page_costs_the_same_however_many_revisions_went_live(
    client, knee_article, editor, reviewer, second_reviewer, settings
):
    def cold_queries():
        cold_cache(settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(verify_url(knee_article))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    one, _ = cold_queries()
    for number in range(3):
        start_update(
            article=knee_article,
            editor=editor,
            reviewer=second_reviewer,
            text=f"Update {number}.",
            approve=True,
        )
    four, html = cold_queries()

    assert four == one
    # Each revision still lists its own approving member.
    assert html.count(second_reviewer.board_member.display_name) >= 3
    assert reviewer.board_member.display_name in html
