"""A figure's image bytes, at an address named by their SHA-256: /figures/<sha256>.<ext>.

Bytes a live revision shows are public and never change (their name is their hash), so any
cache may keep them for a year. Anything else is answered only to someone who may see a
revision showing it (private, no-store), and is otherwise "not found": an unapproved figure
never leaks, not even whether it exists.
"""

from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.figures import figure_is_public, figure_is_visible_to
from articles.models.figure import FORMATS, figure_storage_name
from editorial.http_caching import PRIVATE_NO_STORE

ONE_YEAR = 365 * 24 * 3600


@require_safe
def figure_image(request, sha256, ext):
    if ext not in FORMATS:
        raise Http404("No such figure.")
    public = figure_is_public(sha256, ext)
    # Asked only when needed: a public figure never loads the session.
    if not public and not figure_is_visible_to(request.user, sha256, ext):
        raise Http404("No such figure.")
    try:
        stored = storages["default"].open(figure_storage_name(sha256, ext), "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("No such figure.") from exc
    response = FileResponse(stored, content_type=FORMATS[ext])
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, **PRIVATE_NO_STORE)
    return response
