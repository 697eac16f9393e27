"""Per-key rate limits with 429 and Retry-After; usage counted per key per day."""

import pytest
from django.utils import timezone

from syndication.models import ApiKey, ApiKeyUsage
from syndication.services import api_key_create

pytestmark = pytest.mark.django_db


def test_over_the_limit_a_key_gets_429_with_retry_after(client, partner, raw_key):
    partner.requests_per_minute = 3
    partner.save()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    statuses = [client.get("/api/v1/changes/", **auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/changes/", **auth)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Too many requests for this key.")
    # The limit is per key: another key of the same partner is not held back.
    other = api_key_create(partner=partner)[1]
    assert client.get("/api/v1/changes/", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_usage_is_counted_per_key_per_day_and_shown_in_the_admin(client, partner, raw_key, admin_user):
    partner.requests_per_minute = 2
    partner.save()
    for _ in range(3):
        client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    usage = ApiKeyUsage.objects.get()
    assert (usage.day, usage.requests, usage.throttled) == (timezone.now().date(), 3, 1)
    client.force_login(admin_user)
    html = client.get("/admin/syndication/apikeyusage/").content.decode()
    assert ApiKey.objects.get().prefix in html
    key_page = client.get(f"/admin/syndication/apikey/{usage.api_key_id}/change/").content.decode()
    assert "requests" in key_page and ">3<" in key_page


def test_with_the_cache_down_requests_are_served_not_refused(
    client, partner, raw_key, settings, knee_article
):
    # A Redis that is not there: the counter fails, the request goes through.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:18599/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    partner.requests_per_minute = 1
    partner.save()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    detail = f"/api/v1/articles/{knee_article.slug}/"
    for path in ("/api/v1/articles/", "/api/v1/changes/", detail, "/api/v1/articles/", detail):
        assert client.get(path, **auth).status_code == 200
