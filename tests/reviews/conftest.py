from tests.reader.conftest import knee_article, knee_references  # noqa: F401 - shared fixtures
from tests.syndication.conftest import api, partner, raw_key  # noqa: F401 - shared fixtures
