"""Settings of the partner API and its webhooks (syndication): /api/v1/, keys, rate limits, CORS.

Imported by base.py; kept apart so each settings module stays readable.
"""

from .env import env_int

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reviewed Health Answers partner API",
    "DESCRIPTION": (
        "Approved medical answers with their review record, for registered partners. Every data "
        "endpoint needs a partner key: `Authorization: Bearer <key>`. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: the Content-Security-Policy allows nothing else.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False},
}
# django-cors-headers, for /api/ only; syndication.cors allows each partner's registered origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = []
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match"]
CORS_EXPOSE_HEADERS = ["etag", "retry-after"]
CORS_PREFLIGHT_MAX_AGE = 600
# Webhook retries: base delay, doubled after each failure (capped at an hour), and when to stop.
SYNDICATION_WEBHOOK_RETRY_BASE_SECONDS = env_int("SYNDICATION_WEBHOOK_RETRY_BASE_SECONDS", 30)
SYNDICATION_WEBHOOK_MAX_ATTEMPTS = env_int("SYNDICATION_WEBHOOK_MAX_ATTEMPTS", 10)
