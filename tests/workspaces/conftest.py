import pytest
from django.contrib.auth import get_user_model

from tests import factories


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("siteadmin", "siteadmin@example.org", "x" * 16)


@pytest.fixture
def login(client):
    """Log the test client in as `user` (None stays anonymous) and return it."""

    def as_user(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return as_user


@pytest.fixture
def second_reference(db):
    return factories.ReferenceFactory()
