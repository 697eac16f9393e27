import pytest
from django.contrib.auth import get_user_model

from reviews.models import ChecklistItem
from tests import factories

CHECKLIST = [
    ("doses", "Doses checked against the product labelling"),
    ("red-flags", "Contraindications and red-flag symptoms are covered"),
    ("guidelines", "The text agrees with the cited guidelines and evidence"),
    ("disclaimer", "The disclaimer fits this article"),
]


@pytest.fixture
def checklist(db):
    """The board's checklist (seeded by a migration; recreated where a flush removed it)."""
    for position, (key, label) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(key=key, defaults={"label": label, "position": position})
    return list(ChecklistItem.objects.filter(is_active=True))


@pytest.fixture
def all_checked(checklist):
    return [item.key for item in checklist]


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
