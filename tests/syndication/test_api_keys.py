"""Every request needs a partner key; keys are shown once, stored as a hash, revocable."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from syndication.models import ApiKey, ApiKeyUsage
from syndication.services import api_key_revoke

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/articles/", "/api/v1/articles/any-slug/", "/api/v1/changes/"]


def assert_401_problem(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    problem = response.json()
    assert (
        problem["type"] == "about:blank" and problem["status"] == 401 and problem["title"] == "Unauthorized"
    )
    assert problem["detail"]


@pytest.mark.parametrize("path", PATHS)
def test_no_key_is_a_401_problem(client, path):
    assert_401_problem(client.get(path))


@pytest.mark.parametrize(
    "header", ["Bearer rha_00000000_wrong", "Bearer nonsense", "Bearer", "Bearer a b", "Basic dXNlcjpwYXNz"]
)
def test_an_unknown_or_malformed_key_is_a_401_problem(client, partner, header):
    assert_401_problem(client.get("/api/v1/articles/", HTTP_AUTHORIZATION=header))


def test_a_revoked_key_is_a_401_at_once(client, raw_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    assert client.get("/api/v1/articles/", **auth).status_code == 200
    api_key_revoke(api_key=ApiKey.objects.get())
    assert_401_problem(client.get("/api/v1/articles/", **auth))


def test_a_key_of_an_inactive_partner_is_a_401(client, partner, raw_key):
    partner.is_active = False
    partner.save()
    assert_401_problem(client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Bearer {raw_key}"))


def test_the_command_prints_a_key_once_and_stores_only_its_hash(partner, capsys, client):
    call_command("api_key_create", "--partner", "Riverside Clinic", "--label", "website")
    raw_key = capsys.readouterr().out.strip()
    stored = ApiKey.objects.get()
    assert stored.label == "website"
    assert raw_key.startswith(f"rha_{stored.prefix}_")
    assert stored.key_sha256 == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in repr(ApiKey.objects.values().get())
    assert client.get("/api/v1/changes/", HTTP_AUTHORIZATION=f"Bearer {raw_key}").status_code == 200


def test_the_command_refuses_an_unknown_partner_with_a_sentence(db):
    with pytest.raises(CommandError, match='No partner is registered as "Nobody"'):
        call_command("api_key_create", "--partner", "Nobody")
    assert ApiKey.objects.count() == 0


def test_the_admin_issues_a_key_shown_once_and_revokes_it(client, admin_user, partner):
    client.force_login(admin_user)
    response = client.post(
        "/admin/syndication/partner/", {"action": "issue_key", "_selected_action": [partner.pk]}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    stored = ApiKey.objects.get()
    html = response.content.decode()
    raw_key = html.split("<code>")[1].split("</code>")[0]
    assert raw_key.startswith(f"rha_{stored.prefix}_")
    # Nowhere else in the admin shows it again.
    assert raw_key not in client.get(f"/admin/syndication/apikey/{stored.pk}/change/").content.decode()
    client.logout()
    assert client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Bearer {raw_key}").status_code == 200
    client.force_login(admin_user)
    client.post("/admin/syndication/apikey/", {"action": "revoke", "_selected_action": [stored.pk]})
    client.logout()
    assert client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Bearer {raw_key}").status_code == 401


def test_a_chief_editor_manages_partners_in_the_admin(client, chief_editor):
    chief_editor.is_staff = True
    chief_editor.save()
    client.force_login(chief_editor)
    response = client.post(
        "/admin/syndication/partner/add/",
        {
            "name": "Hill Hospital",
            "allowed_origins": "https://hill.example",
            "webhook_url": "http://hill.example/hook",
            "requests_per_minute": 60,
            "is_active": "on",
            "api_keys-TOTAL_FORMS": 0,
            "api_keys-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()  # a webhook must be https
    assert not ApiKeyUsage.objects.exists()
    response = client.post(
        "/admin/syndication/partner/add/",
        {
            "name": "Hill Hospital",
            "allowed_origins": "https://hill.example",
            "webhook_url": "https://hill.example/hook",
            "requests_per_minute": 60,
            "is_active": "on",
            "api_keys-TOTAL_FORMS": 0,
            "api_keys-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/syndication/webhookdelivery/").status_code == 200
    assert client.get("/admin/syndication/apikeyusage/").status_code == 200
