"""A repeat anonymous request for a reader page is answered with the finished response kept by
reader.warm_pages, before the middleware stack: the same status, headers and bytes as the first
answer, for one query (the reader content version); never after a change, never to a signed-in
person, never for an address that was not a reader page, and per Accept-Encoding."""

import pytest
from django.db import OperationalError, connection
from django.middleware.security import SecurityMiddleware
from django.test.utils import CaptureQueriesContext

from articles import services
from reader import freshness

from .conftest import start_update

pytestmark = pytest.mark.django_db

BROTLI = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def queries_for(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, [query["sql"] for query in queries]


def test_a_repeat_request_gets_the_same_response_for_one_query(client, knee_article, monkeypatch):
    url = knee_article.get_absolute_url()
    first = client.get(url, **BROTLI)
    stack = []
    original = SecurityMiddleware.process_response
    monkeypatch.setattr(
        SecurityMiddleware, "process_response", lambda *args: stack.append(1) or original(*args)
    )

    again, queries = queries_for(client, url, **BROTLI)

    assert stack == [], "the middleware stack ran for a warm reader page"
    assert len(queries) == 1 and "readercontentversion" in queries[0]
    assert again.status_code == 200 and again.content == first.content
    # Every header the middleware stack added the first time is kept: security headers, the
    # policy, validators, compression.
    assert dict(again.items()) == dict(first.items())
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "ETag", "Vary"):
        assert name in again, name
    assert again["Content-Encoding"] == "br" and "public" in again["Cache-Control"]
    assert not again.cookies
    assert freshness.request_state.get() is None  # nothing of this request is left behind


def test_each_accept_encoding_gets_its_own_answer(client, knee_article):
    url = knee_article.get_absolute_url()
    for headers, encoding in [(BROTLI, "br"), ({"HTTP_ACCEPT_ENCODING": "gzip"}, "gzip"), ({}, None)]:
        client.get(url, **headers)
        again, queries = queries_for(client, url, **headers)
        assert len(queries) == 1
        assert again.get("Content-Encoding") == encoding


def test_a_publication_is_seen_by_the_next_request(client, knee_article, editor, reviewer, chief_editor):
    url = knee_article.get_absolute_url()
    client.get(url)
    client.get(url)
    text = "Quillwort advice."
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text=text, approve=True)
    assert text in client.get(url).content.decode()

    services.article_unpublish(article=knee_article, actor=chief_editor, reason="Safety review.")
    assert client.get(url).status_code == 404


def test_signed_in_people_never_get_a_kept_answer(client, knee_article, editor):
    url = knee_article.get_absolute_url()
    client.get(url)
    client.force_login(editor)

    response = client.get(url)

    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_address_that_is_not_a_reader_page_costs_no_version_read(client):
    client.get("/accounts/login/")

    response, queries = queries_for(client, "/accounts/login/")

    assert response.status_code == 200 and "csrftoken" in response.cookies
    assert not any("readercontentversion" in sql for sql in queries)


def test_conditional_requests_still_get_304(client, knee_article):
    url = knee_article.get_absolute_url()
    tag = client.get(url)["ETag"]
    client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_a_database_outage_on_a_warm_address_is_the_sites_503_page(client, knee_article, monkeypatch, caplog):
    url = knee_article.get_absolute_url()
    client.get(url)

    def unreachable():
        raise OperationalError("The database did not answer within 1 seconds.")

    monkeypatch.setattr(freshness, "current_state", unreachable)
    client.raise_request_exception = False
    response = client.get(url)

    assert response.status_code == 503 and response["Retry-After"]
    assert "briefly unavailable" in response.content.decode()
    assert any(r.levelname == "WARNING" and "Database unavailable" in r.getMessage() for r in caplog.records)
    # An outage, as the stack reports it, not a bug: no "Internal Server Error" with a traceback.
    assert not any("Internal Server Error" in r.getMessage() for r in caplog.records)
