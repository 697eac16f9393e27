"""The guest specialist's page, outside the workspace: its address carries the signed link."""

from django.urls import path

from . import guest_views

urlpatterns = [
    path("<str:token>/", guest_views.guest_review, name="guest-review"),
]
