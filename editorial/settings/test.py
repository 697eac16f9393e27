"""Settings for the test suite: SQLite and an in-memory broker unless the
environment points at PostgreSQL and Redis (as CI does)."""

import os
import tempfile

from .base import *  # noqa: F403
from .env import env_int

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Each test run gets its own database, cache prefix and task queue, so that two
# runs on one machine (or one developer's and CI's) never see each other's data.
_RUN = os.getpid()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file database, because the in-memory one locks as soon as a second
    # thread, such as a Celery test worker or a race test, uses it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"editorial-test-{_RUN}.sqlite3")
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_editorial_{_RUN}"}  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"editorial-test-{_RUN}"  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = f"editorial-test-{_RUN}"

# Plain storage: whitenoise's manifest needs collectstatic, which tests don't run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded figures go to a folder of this run, never into the project.
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), f"editorial-test-media-{_RUN}")
# whitenoise warns when STATIC_ROOT is missing; tests never collect into it.
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "editorial-test-static")
os.makedirs(STATIC_ROOT, exist_ok=True)
# The test client's login() passes no request, which django-axes requires; the
# throttling test switches it back on and logs in through the real form.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
# Tests never reach the Internet: the tests of the cross-check switch it on with a local resolver.
REFERENCE_CROSS_CHECK_ONLINE = False
# Tasks never run eagerly in tests: eager mode hides the commit boundary.
CELERY_TASK_ALWAYS_EAGER = False

# Bulk fixtures (the query-plan tests load thousands of rows) need more than production's
# per-statement limit; `make faults` checks the production limits on the real processes.
if DATABASES["default"]["ENGINE"] == "editorial.postgresql":  # noqa: F405
    _statement_ms = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 120_000)
    _lock_ms = env_int("DATABASE_LOCK_TIMEOUT_MS", 30_000)
    DATABASES["default"]["OPTIONS"].update(  # noqa: F405
        {
            "options": f"-c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms}",
            "query_deadline_seconds": _statement_ms / 1000 + 5 if _statement_ms else 0,
        }
    )
