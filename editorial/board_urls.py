from django.urls import path

from . import views

urlpatterns = [
    path("board/", views.board_list, name="board-list"),
    path("board/<slug:slug>/", views.board_member_detail, name="board-member"),
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
]
