import pytest

from syndication.models import Partner
from syndication.services import api_key_create
from tests.reader.conftest import knee_article, knee_references  # noqa: F401 - shared fixtures
from tests.reader.test_figures_on_the_reader_page import draft_with_figure  # noqa: F401 - shared fixture


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Riverside Clinic",
        contact_email="web@riverside.example",
        allowed_origins="https://riverside.example\nhttps://app.riverside.example",
    )


@pytest.fixture
def raw_key(partner):
    """A working key of `partner`, as the partner would send it."""
    return api_key_create(partner=partner, label="tests")[1]


@pytest.fixture
def api(client, raw_key):
    """GET an API path with the partner's key."""

    def get(path, **headers):
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw_key}", **headers)

    return get
