from django.conf import settings


def site(request):
    """Values every template may need: where the admin lives."""
    return {"ADMIN_URL": "/" + settings.ADMIN_URL}
