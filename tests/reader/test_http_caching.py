"""Reader pages the way HTTP caches expect them: public with no cookie for anonymous readers,
strong validators and 304 answers, compressed on request; private for anyone signed in."""

import brotli
import pytest

from tests import factories

from .conftest import publish, start_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_paths(knee_article, board_member):
    return [
        knee_article.get_absolute_url(),
        knee_article.get_absolute_url() + "?audience=professional",
        "/",
        "/search/?q=knee",
        "/feeds/updates.atom",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/board/",
        board_member.get_absolute_url(),
        "/editorial-policy/",
        "/robots.txt",
    ]


def directives(response):
    return {part.strip().split("=")[0]: part.strip() for part in response["Cache-Control"].split(",")}


def test_anonymous_reader_pages_set_no_cookie_vary_not_on_cookie_and_may_be_kept_by_shared_caches(
    client, reader_paths, settings
):
    for path in reader_paths:
        for _ in range(2):  # rendered, then from the cache
            response = client.get(path)
            assert response.status_code == 200, path
            assert not response.cookies, path
            assert "Cookie" not in response.get("Vary", ""), path
            cache_control = directives(response)
            assert "public" in cache_control, path
            assert cache_control["s-maxage"] == f"s-maxage={settings.READER_CACHE_S_MAXAGE}"
            assert "stale-while-revalidate" in cache_control and "stale-if-error" in cache_control
            assert "private" not in cache_control and "no-store" not in cache_control
            assert response["ETag"].startswith('"'), path  # strong
            assert response["Last-Modified"], path


def test_a_repeat_request_with_if_none_match_gets_304_until_something_changes(
    client, knee_article, editor, reviewer
):
    paths = [knee_article.get_absolute_url(), "/", "/feeds/updates.atom", "/sitemap-articles.xml"]
    tags = {path: client.get(path)["ETag"] for path in paths}
    for path, tag in tags.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304, path
        assert response.content == b""
        assert response["ETag"] == tag and "public" in response["Cache-Control"]
        assert not response.cookies

    start_update(
        article=knee_article, editor=editor, reviewer=reviewer, text="Swimming helps too.", approve=True
    )
    for path, tag in tags.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 200, path
        assert response["ETag"] != tag
    assert "Swimming helps too." in client.get(knee_article.get_absolute_url()).content.decode()


def test_a_repeat_request_with_if_modified_since_gets_304_and_a_later_change_gets_200(
    client, knee_article, editor, reviewer
):
    paths = [knee_article.get_absolute_url(), "/feeds/updates.atom", "/sitemap.xml"]
    dates = {path: client.get(path)["Last-Modified"] for path in paths}
    for path, date in dates.items():
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=date).status_code == 304, path

    # Within the same second: Last-Modified still moves on (reader.freshness).
    publish(editor=editor, reviewer=reviewer, question="Is cycling good for sore knees?")
    for path, date in dates.items():
        response = client.get(path, HTTP_IF_MODIFIED_SINCE=date)
        assert response.status_code == 200, path
        assert response["Last-Modified"] != date
    assert "Is cycling good for sore knees?" in client.get("/feeds/updates.atom").content.decode()


def test_the_article_page_is_sent_compressed_with_its_own_strong_etag_and_revalidates(client, knee_article):
    url = knee_article.get_absolute_url()
    plain = client.get(url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == plain.content
    assert response["ETag"] == plain["ETag"][:-1] + '-br"'
    assert "Accept-Encoding" in response["Vary"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_signed_in_people_get_private_pages_even_on_the_reader_site(client, knee_article, editor):
    client.force_login(editor)
    for path in (knee_article.get_absolute_url(), "/", "/sitemap.xml"):
        response = client.get(path)
        assert response.status_code == 200
        assert {"private", "no-store"} <= set(directives(response))
        assert "ETag" not in response


def test_the_page_with_a_one_time_message_is_private(client, knee_article):
    client.cookies["messages"] = "anything"
    response = client.get(knee_article.get_absolute_url())
    assert {"private", "no-store"} <= set(directives(response))


def test_the_follow_up_token_is_fetched_only_when_used_and_never_stored(client, knee_article):
    page = client.get(knee_article.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in page
    assert 'data-csrf-token-url="/reader/csrf-token.json"' in page

    response = client.get("/reader/csrf-token.json")
    assert response.json()["token"]
    assert "csrftoken" in response.cookies
    assert {"private", "no-store"} <= set(directives(response))


def test_a_question_posted_without_a_token_comes_back_with_one_and_then_goes_through(knee_article):
    from django.test import Client

    from articles.models import FollowUpQuestion

    browser = Client(enforce_csrf_checks=True)
    url = f"{knee_article.get_absolute_url()}follow-up/"
    question = "Does cycling help as much as walking?"
    refused = browser.post(url, {"question": question, "audience": "patient"})

    assert refused.status_code == 403
    html = refused.content.decode()
    assert question in html and "again" in html
    assert FollowUpQuestion.objects.count() == 0
    token = refused.context["csrf_token"]
    sent = browser.post(url, {"question": question, "audience": "patient", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert FollowUpQuestion.objects.get().question == question


def test_an_unknown_audience_is_never_served_from_the_patient_pages_cache(client, knee_article):
    assert client.get(knee_article.get_absolute_url()).status_code == 200
    assert client.get(knee_article.get_absolute_url(), {"audience": "surgeon"}).status_code == 400


def test_head_requests_get_the_validators_without_a_body(client, knee_article):
    response = client.head(knee_article.get_absolute_url())
    assert response.status_code == 200
    assert response["ETag"] and response.content == b""


def test_a_reader_page_of_a_draft_preview_is_never_public(client, editor):
    draft = factories.make_draft(editor=editor)
    client.force_login(editor)
    response = client.get(f"/workspace/revisions/{draft.pk}/")
    assert {"private", "no-store"} <= set(directives(response))
