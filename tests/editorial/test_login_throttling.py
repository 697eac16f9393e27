"""Login throttling (django-axes): repeated wrong passwords lock the account for that address."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

AXES_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]


@override_settings(AUTHENTICATION_BACKENDS=AXES_BACKENDS, AXES_FAILURE_LIMIT=3)
def test_three_wrong_passwords_lock_the_login_even_for_the_right_one(client, editor):
    url = reverse("login")
    for _ in range(2):
        response = client.post(url, {"username": editor.username, "password": "wrong password"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"username": editor.username, "password": "wrong password"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    response = client.post(url, {"username": editor.username, "password": "correct horse battery staple"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AUTHENTICATION_BACKENDS=AXES_BACKENDS, AXES_FAILURE_LIMIT=3)
def test_a_right_password_before_the_limit_logs_in(client, editor):
    url = reverse("login")
    client.post(url, {"username": editor.username, "password": "wrong password"})
    response = client.post(url, {"username": editor.username, "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
