from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from editorial.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("workspace/", include("editorial.workspace.urls")),
    path("", include("articles.urls")),
    path("", include("editorial.board_urls")),
]
