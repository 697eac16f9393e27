from django.urls import path

from . import board_views, editing, figure_views, guest_views, reference_picker, views

urlpatterns = [
    path("", views.home, name="workspace-home"),
    # Editors
    path("articles/", views.article_list, name="workspace-articles"),
    path("articles/new/", views.article_create, name="workspace-article-create"),
    path("articles/<slug:slug>/", views.article_detail, name="workspace-article"),
    path("articles/<slug:slug>/timeline/", board_views.article_timeline, name="workspace-timeline"),
    path("articles/<slug:slug>/drafts/", views.draft_create, name="workspace-draft-create"),
    path("articles/<slug:slug>/unpublish/", board_views.article_unpublish, name="workspace-unpublish"),
    path("preview/", editing.preview, name="workspace-preview"),
    path("references.json", reference_picker.reference_search, name="workspace-reference-search"),
    path("revisions/<int:pk>/", views.revision_detail, name="workspace-revision"),
    path("revisions/<int:pk>/edit/", editing.revision_edit, name="workspace-revision-edit"),
    path("revisions/<int:pk>/figures/", figure_views.figure_upload, name="workspace-figure-upload"),
    path(
        "revisions/<int:pk>/figures/<int:figure_pk>/",
        figure_views.figure_update,
        name="workspace-figure-update",
    ),
    path(
        "revisions/<int:pk>/figures/<int:figure_pk>/delete/",
        figure_views.figure_delete,
        name="workspace-figure-delete",
    ),
    path("revisions/<int:pk>/submit/", views.revision_submit, name="workspace-revision-submit"),
    path("revisions/<int:pk>/withdraw/", views.revision_withdraw, name="workspace-revision-withdraw"),
    # The board
    path("queue/", board_views.review_queue, name="workspace-queue"),
    path("revisions/<int:pk>/compare/", board_views.revision_compare, name="workspace-compare"),
    path("revisions/<int:pk>/start-review/", board_views.review_start, name="workspace-review-start"),
    path("revisions/<int:pk>/decide/", board_views.review_decide, name="workspace-review-decide"),
    # Chief editor
    path("revisions/<int:pk>/assign/", board_views.revision_assign, name="workspace-assign"),
    path(
        "revisions/<int:pk>/cancel-schedule/", board_views.schedule_cancel, name="workspace-schedule-cancel"
    ),
    path("assignments/<int:pk>/reassign/", board_views.assignment_reassign, name="workspace-reassign"),
    path("revisions/<int:pk>/guests/", guest_views.revision_guests, name="workspace-guests"),
    path("guests/<int:pk>/revoke/", guest_views.guest_revoke, name="workspace-guest-revoke"),
]
