"""The workspace is the staff's home: login lands there, one navigation, and the queue says
who is reviewing what and since when."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workspace.templatetags.when import ago, machine_time

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief_editor"])
def test_staff_land_in_the_workspace_after_login(client, role, request):
    user = request.getfixturevalue(role)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace-home")


def test_login_honours_next(client, editor):
    response = client.post(
        reverse("login") + "?next=/board/", {"username": editor.username, "password": PASSWORD}
    )
    assert response["Location"] == "/board/"


def test_the_workspace_has_one_articles_link(client, editor):
    client.force_login(editor)
    body = client.get(reverse("workspace-articles")).content.decode()
    assert body.count(">Articles</a>") == 1


def test_the_queue_names_the_reviewer_and_since_when(client, under_review, second_reviewer):
    client.force_login(second_reviewer)
    body = client.get(reverse("workspace-queue")).content.decode()
    member = under_review.history.filter(state="under_review").first().history_user.board_member
    assert "In review by colleagues" in body and member.display_name in body
    assert "just now" in body and "0 minutes" not in body
    assert f'datetime="{machine_time(under_review.review_started_at)}"' in body


def test_relative_times_read_naturally():
    now = timezone.now()
    assert ago(now - timedelta(seconds=5), now) == "just now"
    assert ago(now - timedelta(hours=3, minutes=2), now) == "3\xa0hours ago"
    assert machine_time(now).endswith("Z") and "." not in machine_time(now)
