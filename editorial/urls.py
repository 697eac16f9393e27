from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from editorial import views
from editorial.health import healthz
from workspace import audit_export

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every site, the admin's pages included.
    path("favicon.ico", views.favicon, name="favicon"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("audit/articles/<slug:slug>.json", audit_export.audit_export_json, name="audit-export-json"),
    path("audit/articles/<slug:slug>.csv", audit_export.audit_export_csv, name="audit-export-csv"),
    path("workspace/", include("workspace.urls")),
    path("guest/", include("workspace.guest_urls")),
    path("api/", include("syndication.urls")),
    path("", include("reader.urls")),
]

# A database outage is a 503 with Retry-After, wherever it was raised (editorial.unavailable).
handler500 = "editorial.unavailable.server_error"
