"""Schemathesis against /api/v1/openapi.json with a test key: every response matches the
schema (status codes, content types, bodies, headers) and none is a 500.

It drives the WSGI application in-process, so it sees the test database; the number of
generated requests is bounded to keep the run near a minute on a small machine."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.reader.conftest import start_update

# Loaded once, at collection, from the application itself (the schema needs no database).
api_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # As Django's test client does: a request's end must not close the test's connection
    # (and its transaction) the way it closes a real server's.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def busy_partner_key(partner, raw_key, knee_article, editor, reviewer, chief_editor):
    """A key that is not rate-limited, and a feed with a publication, an update, an
    unpublication and a revision in review that must stay unseen."""
    from articles import services

    partner.requests_per_minute = 1_000_000
    partner.save()
    related = knee_article.related_articles.get()
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="Update.", approve=True)
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="Unseen.")
    services.article_unpublish(article=related, actor=chief_editor, reason="Test.")
    return raw_key


@api_schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_matches_its_schema_and_never_fails(case, busy_partner_key):
    # A cursor is an opaque token only this API makes: a random string that fits the schema is
    # still not one of ours, and its 400 is the right answer. Every other check runs on it.
    opaque = {"cursor", "since"} & set(case.query or {})
    excluded = [positive_data_acceptance] if opaque else []
    # A negative case that left out the Authorization header gets ours below, so part of what
    # made it invalid is gone; its 401 is tested in test_api_keys.py.
    if "Authorization" not in (case.headers or {}):
        excluded.append(negative_data_rejection)
    response = case.call_and_validate(
        # The WSGI transport does not decompress; compression has its own tests.
        headers={"Authorization": f"Bearer {busy_partner_key}", "Accept-Encoding": "identity"},
        excluded_checks=excluded,
    )
    assert response.status_code < 500
    assert "Unseen." not in response.text


@pytest.mark.django_db
def test_a_live_articles_detail_matches_the_schema(busy_partner_key, knee_article):
    # Generated slugs almost never name a live article, so check the full answer once by hand.
    case = api_schema["/api/v1/articles/{slug}/"]["GET"].Case(path_parameters={"slug": knee_article.slug})
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {busy_partner_key}", "Accept-Encoding": "identity"}
    )
    assert response.status_code == 200
    assert response.json()["wordings"]["patient"]["references"]
