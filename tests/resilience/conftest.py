# Fixtures shared with the reader and workspace suites.
from tests.reader.conftest import knee_article, knee_references  # noqa: F401
