"""Production: PostgreSQL, Redis, gunicorn. Refuses to start without its secrets."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required, env_str

# ------------------------------------------------------------------------------
# Required configuration
# ------------------------------------------------------------------------------
SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [env_required("DJANGO_ALLOWED_HOSTS")]
DEBUG = False
# Web processes keep nothing on local disk, so any number of them on any number
# of machines serve the same site: the database and Redis are not optional.
env_required("DATABASE_URL")
env_required("REDIS_URL")

# ------------------------------------------------------------------------------
# HTTPS and secure headers
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# ------------------------------------------------------------------------------
# E-mail through SMTP (DJANGO_EMAIL_BACKEND and EMAIL_FILE_PATH let CI write files instead)
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if env_str("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")

# ------------------------------------------------------------------------------
# Stateless web processes: connections, sessions and cache
# ------------------------------------------------------------------------------
# Reuse a database connection across requests; check it before use so a
# restarted PostgreSQL costs one failed check, not a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Connect and statement timeouts, the client-side deadline, the Redis socket timeouts and
# database sessions are set in base.py for every environment that uses those servers.

# ------------------------------------------------------------------------------
# Health checks and logs
# ------------------------------------------------------------------------------
# Load balancers probe /healthz over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# One JSON object per line (editorial.logging), gunicorn's access log included.
LOGGING = {
    **LOGGING,  # noqa: F405 - base's logger levels stay; only the format changes
    "formatters": {"json": {"()": "editorial.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# The worker logs through the same JSON handler instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
