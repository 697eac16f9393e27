"""Settings shared by every environment, each switched by environment variables.

local.py (make run), test.py (make test) and production.py build on this file.
"""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_float, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "simple_history",
    "axes",
    "editorial",
    "audit",
    "notifications",
    "roles",
    "references",
    "articles",
    "reviews",
    "workspace",
    "reader",
    "demo",
    # The partner API (issue 13) and what it is built on.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "syndication",
]

MIDDLEWARE = [
    # First: answers a repeat anonymous request for a reader page with the finished response
    # it kept, before any other middleware (reader.warm_pages says what it keeps, and why).
    "reader.warm_pages.WarmReaderPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer: a preflight to /api/ gets its CORS headers (syndication.cors).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which serves static files precompressed (brotli and gzip) itself.
    "editorial.http_caching.CompressionMiddleware",
    "editorial.http_caching.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "editorial.encoding.RefuseInvalidUtf8Middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "editorial.csp.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "editorial.middleware.ServiceErrorMiddleware",
    "editorial.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "editorial.urls"
WSGI_APPLICATION = "editorial.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "editorial.context_processors.site",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: SQLite on a laptop, PostgreSQL in production and CI (DATABASE_URL)
# ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers
    # queue up instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bounded time on every connection (editorial.postgresql): the server stops a statement
    # or a lock wait past its limit; the client stops waiting for a server that does not
    # answer at all (frozen, unreachable) past the deadline; both end in a 503, not a hang.
    # 0 switches a limit off (the release step's migrations use that for statements).
    _statement_ms = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 3000)
    _lock_ms = env_int("DATABASE_LOCK_TIMEOUT_MS", 2000)
    DATABASES["default"]["ENGINE"] = "editorial.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 2),
            "options": f"-c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms}",
            "query_deadline_seconds": env_float(
                "DATABASE_QUERY_DEADLINE_SECONDS", (_statement_ms / 1000 + 1) if _statement_ms else 0
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Cache: Redis when REDIS_URL is set, process memory otherwise
# ------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Seconds one Redis call may take; past it (or while the circuit breaker is open after a
# failure) a read is a miss and a write is skipped: Redis is never needed to serve a page.
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "editorial.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "editorial",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "BREAKER_SECONDS": env_float("CACHE_BREAKER_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "editorial",
        }
    }
# Sessions live in the database only: a Redis outage logs nobody out and breaks no login.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# ------------------------------------------------------------------------------
# HTTP caching of reader pages (reader.http) and the caches in front of the site
# ------------------------------------------------------------------------------
# How long a shared cache (Varnish, a CDN) may keep a reader page. Pages are purged when they
# change (FRONTEND_CACHES), so this only bounds what a cache that is never purged may show.
READER_CACHE_S_MAXAGE = env_int("READER_CACHE_S_MAXAGE", 300)
READER_CACHE_STALE_WHILE_REVALIDATE = env_int("READER_CACHE_STALE_WHILE_REVALIDATE", 60)
READER_CACHE_STALE_IF_ERROR = env_int("READER_CACHE_STALE_IF_ERROR", 60 * 60 * 24)
# Purged after every change that alters a reader page (editorial.frontend_cache). Varnish:
# FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081 (deploy/varnish/default.vcl). Another CDN
# (Cloudflare, CloudFront) is a backend class with a purge(urls) method, added here with
# its own settings beside BACKEND.
FRONTEND_CACHES = {}
# A follow-up question posted without a token (no JavaScript) gets its form back with one.
CSRF_FAILURE_VIEW = "reader.views.csrf_failure"
if env_str("FRONTEND_CACHE_PURGE_URL"):
    FRONTEND_CACHES["proxy"] = {
        "BACKEND": "editorial.frontend_cache.backends.HTTPPurgeBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
        "TIMEOUT": env_int("FRONTEND_CACHE_PURGE_TIMEOUT", 5),
    }

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a login once an address or a username has failed
# too often, before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same client address as the follow-up form's rate limit (CLIENT_ADDRESS_HEADER).
AXES_CLIENT_IP_CALLABLE = "editorial.client_address.client_address"
LOGIN_URL = "login"
# Only staff log in: they start in the workspace (which sends a site admin on to the admin).
LOGIN_REDIRECT_URL = "workspace-home"
LOGOUT_REDIRECT_URL = "/"

# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files (whitenoise serves them in every environment)
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded figures. Object storage through django-storages: README, "Figures".
    "default": {
        "BACKEND": env_str("DJANGO_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("DJANGO_FILE_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Editorial review <editorial@localhost>")
# The mail server must answer within this (seconds), so a hung one cannot hold a claim forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# A worker holds an e-mail it is sending for this long, renewed every third of it while it
# works; a worker that dies releases it when the lease runs out (editorial.tasks).
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 30)
# Absolute links in e-mails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ------------------------------------------------------------------------------
# Celery: Redis in production and CI; run in-process on a laptop (local.py)
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "memory://"
# Task modules outside an app's tasks.py, which autodiscovery does not find: without this a
# worker drops every purge as an unregistered task.
CELERY_IMPORTS = ["editorial.frontend_cache.tasks"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A transition must never wait on a broker that is down: publish fails fast and
# the pending notification is picked up by the re-queue beat job later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    # A frozen Redis must not hold a publisher (or the worker) forever.
    "socket_timeout": env_float("BROKER_SOCKET_TIMEOUT", 5),
    # An unacknowledged task of a worker that died is handed out again after this long
    # (the outbox's own lease and sweep make e-mail independent of it).
    "visibility_timeout": 60 * 60,
}
# A worker that dies mid-task (kill -9, out of memory) gives the task back to the queue;
# tasks are idempotent (the outbox claim), so running one again is harmless.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-notifications": {
        "task": "notifications.tasks.requeue_pending_notifications",
        # With the lease below: a worker killed mid-send delays its e-mail by about a minute.
        "schedule": 30.0,
    },
    "remind-overdue-reviews": {
        "task": "reviews.tasks.remind_overdue_reviews",
        "schedule": 60.0 * 60 * 24,
    },
    "flag-articles-due-for-rereview": {
        "task": "reviews.tasks.flag_articles_due_for_rereview",
        "schedule": 60.0 * 60 * 24,
    },
    "check-cited-references-for-retractions": {
        "task": "references.tasks.check_retractions",
        "schedule": 60.0 * 60 * 24,
    },
    "verify-integrity": {
        "task": "reviews.tasks.verify_integrity_daily",
        "schedule": 60.0 * 60 * 24,
    },
    # A scheduled revision goes live within a minute of its time.
    "publish-scheduled-revisions": {"task": "articles.tasks.publish_scheduled_revisions", "schedule": 60.0},
}

# ------------------------------------------------------------------------------
# Reference library: metadata and retraction look-ups (references.resolver)
# ------------------------------------------------------------------------------
# CLASS is pluggable; the HTTP resolver asks Crossref (works, retraction notices)
# and PubMed E-utilities (esummary). Tests point the URLs at a local server.
REFERENCE_RESOLVER = {
    "CLASS": env_str("REFERENCE_RESOLVER_CLASS", "references.resolver.HttpResolver"),
    "CROSSREF_URL": env_str("REFERENCE_RESOLVER_CROSSREF_URL", "https://api.crossref.org"),
    "PUBMED_URL": env_str("REFERENCE_RESOLVER_PUBMED_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"),
    "TIMEOUT": env_int("REFERENCE_RESOLVER_TIMEOUT", 5),
    # Crossref answers faster to callers who say who they are.
    "CONTACT_EMAIL": env_str("REFERENCE_RESOLVER_CONTACT_EMAIL", ""),
}
# Before a new entry is saved, an entry with only a DOI or only a PMID is looked up for the
# other identifier, so the same paper is not entered twice under two identifiers.
REFERENCE_CROSS_CHECK_ONLINE = env_bool("REFERENCE_CROSS_CHECK_ONLINE", True)

# ------------------------------------------------------------------------------
# History (django-simple-history)
# ------------------------------------------------------------------------------
# Transition comments can be long; a text column keeps them whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Reverting from history would bypass review; corrections are new revisions.
SIMPLE_HISTORY_REVERT_DISABLED = True

# ------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): no inline script, nothing from elsewhere
# ------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# ------------------------------------------------------------------------------
# The editorial workflow
# ------------------------------------------------------------------------------
# How many distinct board members must approve a revision before it goes live.
REVIEW_APPROVAL_QUORUM = env_int("REVIEW_APPROVAL_QUORUM", 1)
# Days a board member has to decide once a review is due.
REVIEW_DUE_DAYS = env_int("REVIEW_DUE_DAYS", 7)
# Days a guest specialist's review link works unless the chief editor chooses otherwise.
GUEST_LINK_DAYS = env_int("GUEST_LINK_DAYS", 14)
# A live article is flagged for re-review when its last approval is older than this.
REREVIEW_INTERVAL_DAYS = env_int("REREVIEW_INTERVAL_DAYS", 365)
# Follow-up questions a single client may send per hour.
FOLLOWUP_QUESTIONS_PER_HOUR = env_int("FOLLOWUP_QUESTIONS_PER_HOUR", 5)
# Behind a reverse proxy, the request header (as in request.META) that carries the client's
# address, e.g. HTTP_X_FORWARDED_FOR; empty when clients connect directly.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "")
# Where the admin lives; a less guessable path keeps scanners away.
ADMIN_URL = env_str("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# ------------------------------------------------------------------------------
# Partner API and webhooks (syndication): editorial/settings/api.py
# ------------------------------------------------------------------------------
from .api import *  # noqa: E402, F403
from .media import *  # noqa: E402, F403 - uploaded figures

# Purges of the caches in front of the site that the broker could not take at commit time.
CELERY_BEAT_SCHEDULE["requeue-pending-purges"] = {
    "task": "editorial.frontend_cache.tasks.requeue_pending_purges",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["requeue-due-webhooks"] = {
    "task": "syndication.tasks.requeue_due_webhooks",
    "schedule": 60.0,
}

# ------------------------------------------------------------------------------
# Logging: one line per event on standard error, for any log collector
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
