"""Redis is a cache, never a single point of failure: with it unreachable every page, login
and transition works, a dead Redis costs milliseconds (circuit breaker), nothing raises after
a commit, and a write that could not happen is made when Redis answers again."""

import socket
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from articles.models import Revision
from editorial.cache import ResilientRedisCache
from reviews import decisions

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_redis(port=None):
    return {
        "default": {
            "BACKEND": "editorial.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port or closed_port()}/0",
            "KEY_PREFIX": "dead",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "BREAKER_SECONDS": 5},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = dead_redis()
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    yield
    caches["default"].close()


def test_reader_pages_sitemap_and_follow_up_work_with_redis_down(client, redis_down, knee_article):
    for url in [
        knee_article.get_absolute_url(),
        knee_article.get_absolute_url() + "?audience=professional",
        reverse("sitemap-index"),
        reverse("home"),
        "/search/?q=knee",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("article-follow-up", kwargs={"slug": knee_article.slug}),
        {"question": "Is swimming fine for my knee when the cache is down?", "audience": "patient"},
    )
    assert response.status_code == 302


def test_login_workspace_and_a_transition_work_with_redis_down(client, redis_down, under_review, reviewer):
    reviewer.set_password("a-long-password-for-tests")
    reviewer.save()
    response = client.post(
        reverse("login"), {"username": reviewer.username, "password": "a-long-password-for-tests"}
    )
    assert response.status_code == 302
    assert client.get(reverse("workspace-queue")).status_code == 200
    assert client.get(reverse("workspace-compare", args=[under_review.pk])).status_code == 200


def test_an_approval_through_the_services_raises_nothing_after_its_commit(
    redis_down, under_review, reviewer, django_capture_on_commit_callbacks
):
    from reviews.models import ChecklistItem

    with django_capture_on_commit_callbacks(execute=True):
        decisions.revision_approve(
            revision=under_review, actor=reviewer, checklist_confirmed=ChecklistItem.keys_in_use()
        )
    assert Revision.objects.get(pk=under_review.pk).state == Revision.State.APPROVED


def test_a_dead_redis_costs_milliseconds_once_the_breaker_is_open(redis_down):
    cache = caches["default"]
    cache.get("warm-up")  # the one call that waits for the refused connection
    started = time.monotonic()
    for index in range(200):
        assert cache.get(f"key-{index}") is None
        cache.set(f"key-{index}", index)
    assert time.monotonic() - started < 0.5


def test_the_publication_version_is_written_once_redis_answers_again():
    """A purge that could not happen is replayed by the next call after the outage."""
    backend = ResilientRedisCache(dead_redis()["default"]["LOCATION"], dead_redis()["default"])
    written = []
    backend.breaker.cooldown = 0  # try Redis again at once
    assert backend.set_or_retry("reader:publication-version", "v2", None) is False
    assert backend.pending_retry_writes == 1

    # Redis is back: the next successful call replays the write.
    class Answering:
        def get(self, key, default):
            return default

        def set(self, key, value, timeout):
            written.append((key, value))

    backend._cache = Answering()  # instead of the client of a Redis that answers
    backend.get("anything")

    assert backend.pending_retry_writes == 0
    assert written and written[0][1] == "v2"


def test_moving_the_reader_pages_on_with_redis_down_never_raises(
    redis_down, django_capture_on_commit_callbacks
):
    from reader import freshness
    from reader.receivers import reader_pages_changed

    before = freshness.current_state().version
    with django_capture_on_commit_callbacks(execute=True):
        reader_pages_changed(None)  # the version row moves on; the purge is queued after commit
    assert freshness.current_state().version != before
