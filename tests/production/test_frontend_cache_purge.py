"""The frontend cache backends: an HTTP PURGE per URL to the proxy, with the page's own host,
and a failure that the Celery task retries until the proxy has accepted every purge."""

import pytest
from celery.exceptions import Retry

from editorial.frontend_cache import absolute_urls
from editorial.frontend_cache.backends import HTTPPurgeBackend, PurgeFailed
from editorial.frontend_cache.tasks import purge_frontend_cache
from tests.purge_recorder import PurgeRecorder


@pytest.fixture
def proxy():
    recorder = PurgeRecorder()
    yield recorder
    recorder.close()


@pytest.fixture
def purging_to(settings, proxy):
    settings.FRONTEND_CACHES = {
        "proxy": {"BACKEND": "editorial.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": proxy.url}
    }
    settings.SITE_URL = "https://answers.example.org"
    return proxy


def test_each_url_is_purged_at_the_proxy_with_the_sites_host(proxy):
    HTTPPurgeBackend({"LOCATION": proxy.url}).purge(
        ["https://answers.example.org/articles/knee/", "https://answers.example.org/search/*"]
    )

    assert proxy.received == [
        ("answers.example.org", "/articles/knee/"),
        ("answers.example.org", "/search/*"),
    ]


def test_a_proxy_error_or_an_unreachable_proxy_is_a_failed_purge(proxy):
    proxy.statuses = [503]
    with pytest.raises(PurgeFailed):
        HTTPPurgeBackend({"LOCATION": proxy.url}).purge(["https://answers.example.org/"])
    proxy.close()
    with pytest.raises(PurgeFailed):
        HTTPPurgeBackend({"LOCATION": proxy.url, "TIMEOUT": 1}).purge(["https://answers.example.org/"])


def test_the_task_asks_to_be_retried_until_the_proxy_accepts(purging_to):
    urls = absolute_urls(["/articles/knee/*"])
    purging_to.statuses = [500]

    with pytest.raises((Retry, PurgeFailed)):
        purge_frontend_cache.run(urls)
    assert purge_frontend_cache.run(urls) is True
    assert purging_to.paths == ["/articles/knee/*", "/articles/knee/*"]


def test_the_task_is_retried_forever_with_a_growing_delay():
    assert purge_frontend_cache.max_retries is None
    assert PurgeFailed in purge_frontend_cache.autoretry_for
    assert purge_frontend_cache.retry_backoff
