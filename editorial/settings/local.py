"""The embedded default that `make run` starts: SQLite, in-process tasks, console e-mail."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# With no broker running, tasks run in the web process right after the
# transaction commits (services queue them with transaction.on_commit).
if CELERY_BROKER_URL == "memory://":  # noqa: F405
    CELERY_TASK_ALWAYS_EAGER = True

# Plain storage so the site works without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
