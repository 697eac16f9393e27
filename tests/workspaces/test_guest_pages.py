"""The guest specialist's page and the chief editor's guest page, as people meet them: the
guest's link opens its revision's comparison and nothing else on the site, dies when it expires
or is revoked, and a guest's recommendation is shown to the board without publishing anything."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Revision
from audit.models import Event
from notifications.models import Notification
from reviews import guests
from reviews.models import GuestInvitation, GuestRecommendation
from tests import factories
from tests.security.test_permission_matrix import admin_pages
from tests.workspaces.test_workspace_access import _pages as workspace_pages
from tests.workspaces.test_workspace_access import world  # noqa: F401 - the pages' fixture

pytestmark = pytest.mark.django_db

CHANGED_TEXT = "Guests compare this sentence about ibuprofen."


@pytest.fixture
def invited(editor, reviewer, chief_editor, reference, disclaimers):
    revision = factories.make_under_review(
        editor=editor, reviewer_user=reviewer, references=[reference], body_patient=CHANGED_TEXT
    )
    invitation, token = factories.make_guest_invitation(
        revision=revision, chief_editor=chief_editor, name="Dr Ana Ruiz", credentials="MD, PhD"
    )
    return invitation, reverse("guest-review", args=[token])


def _recommend(client, url, **data):
    return client.post(url, {"recommendation": "approve", "conflict_of_interest": "None declared.", **data})


# ----------------------------------------------------------------------
# What the link opens
# ----------------------------------------------------------------------
def test_the_link_opens_its_revisions_comparison_without_logging_anyone_in(client, invited, draft):
    invitation, url = invited
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ibuprofen" in body and invitation.revision.article.question in body
    assert draft.article.question not in body  # another revision's article
    assert "Send my recommendation" in body
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "_auth_user_id" not in client.session


def test_the_guests_browser_opens_no_other_workspace_or_admin_page(
    client,
    world,  # noqa: F811
    chief_editor,
):
    guest_url = reverse("guest-review", args=[world["guest_token"]])
    assert client.get(guest_url).status_code == 200
    failures = []
    for url, _expected in workspace_pages(world):
        if url.startswith("/guest/"):
            continue
        response = client.get(url)
        if not (response.status_code == 302 and response["Location"].startswith(reverse("login"))):
            failures.append(f"{url}: {response.status_code}")
    for name, (url, _expected) in admin_pages(world).items():
        response = client.get(url)
        if not (response.status_code == 302 and "/login/" in response["Location"]):
            failures.append(f"{name} {url}: {response.status_code}")
    posts = [
        reverse("workspace-guest-revoke", args=[world["guest"].pk]),
        reverse("workspace-guests", args=[world["submitted"].pk]),
        reverse("workspace-review-decide", args=[world["submitted"].pk]),
    ]
    for url in posts:
        response = client.post(url, {"decision": "approve", "name": "x"})
        if response.status_code != 302 or not response["Location"].startswith(reverse("login")):
            failures.append(f"POST {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert GuestInvitation.objects.filter(revoked_at__isnull=False).count() == 0


@pytest.mark.parametrize("when", ["expired", "revoked"])
def test_a_dead_link_says_so_in_a_sentence_and_shows_nothing_of_the_revision(
    client, invited, chief_editor, when
):
    invitation, url = invited
    if when == "revoked":
        guests.guest_revoke(invitation=invitation, actor=chief_editor)
        response, posted = client.get(url), _recommend(client, url)
    else:
        with time_machine.travel(invitation.expires_at + timedelta(minutes=1)):
            response, posted = client.get(url), _recommend(client, url)
    for answer in (response, posted):
        assert answer.status_code == 410
        body = answer.content.decode()
        assert "no longer works" in body or "expired" in body
        assert "ibuprofen" not in body and invitation.revision.article.question not in body
    assert GuestRecommendation.objects.count() == 0
    assert Event.objects.filter(verb="guest.link_refused").count() == 2


@pytest.mark.parametrize(
    "token", ["nonsense", "eyJpIjoxfQ:1tQ0aB:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00", "a" * 2000]
)
def test_a_tampered_link_is_a_plain_403(client, invited, token):
    response = client.get(f"/guest/{token}/")
    assert response.status_code in (403, 404)
    assert "ibuprofen" not in response.content.decode()


# ----------------------------------------------------------------------
# The recommendation
# ----------------------------------------------------------------------
def test_a_guest_recommends_once_and_the_page_then_shows_what_they_sent(client, invited, settings):
    settings.REVIEW_APPROVAL_QUORUM = 1
    invitation, url = invited
    response = _recommend(client, url, comment="Accurate and clear.")
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Your recommendation is recorded" in page and "Accurate and clear." in page
    assert "Send my recommendation" not in page
    again = _recommend(client, url, recommendation="request_changes", comment="On second thoughts")
    assert again.status_code == 409
    assert "already been recorded" in again.content.decode()
    assert GuestRecommendation.objects.get().comment == "Accurate and clear."
    revision = Revision.objects.get(pk=invitation.revision_id)
    assert revision.state == Revision.State.UNDER_REVIEW and revision.article.live_revision_id is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"recommendation": "request_changes", "comment": ""}, "needs a comment"),
        ({"conflict_of_interest": ""}, "This field is required"),
        ({"recommendation": "publish"}, "Select a valid choice"),
        ({"comment": "a\x00b"}, "Null characters are not allowed"),
    ],
)
def test_a_recommendation_form_with_errors_is_shown_again_and_nothing_is_saved(
    client, invited, data, message
):
    _invitation, url = invited
    response = _recommend(client, url, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert GuestRecommendation.objects.count() == 0


def test_the_recommendation_form_needs_its_csrf_token(invited):
    _invitation, url = invited
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    assert _recommend(client, url).status_code == 403
    assert GuestRecommendation.objects.count() == 0


def test_the_board_sees_guest_recommendations_and_the_author_does_not(
    client, invited, reviewer, chief_editor, editor
):
    invitation, url = invited
    _recommend(client, url, recommendation="request_changes", comment="Add the renal dose.")
    pages = [
        reverse("workspace-compare", args=[invitation.revision_id]),
        reverse("workspace-revision", args=[invitation.revision_id]),
    ]
    for user in (reviewer, chief_editor):
        client.force_login(user)
        for page in pages:
            body = client.get(page).content.decode()
            assert "Dr Ana Ruiz, MD, PhD" in body and "Add the renal dose." in body, (user, page)
            assert "None declared." in body and "does not count towards the approvals" in body
    client.force_login(editor)
    for page in pages:
        assert "Add the renal dose." not in client.get(page).content.decode()
    timeline = client.get(reverse("workspace-timeline", args=[invitation.revision.article.slug]))
    text = timeline.content.decode()
    assert "Guest specialist invited" in text and "Guest link opened" in text
    assert "Guest specialist&#x27;s recommendation: request changes" in text


# ----------------------------------------------------------------------
# The chief editor's guest page
# ----------------------------------------------------------------------
def test_a_chief_editor_invites_from_the_revision_and_revokes(client, under_review, chief_editor):
    client.force_login(chief_editor)
    page = reverse("workspace-guests", args=[under_review.pk])
    assert (
        "Guest specialists"
        in client.get(reverse("workspace-revision", args=[under_review.pk])).content.decode()
    )
    data = {"name": "Dr Li Wei", "credentials": "MD", "email": "li.wei@example.org", "days": "7"}
    response = client.post(page, data)
    assert response.status_code == 302
    invitation = GuestInvitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert Notification.objects.get(kind="guest_invitation").to_email == "li.wei@example.org"
    listing = client.get(page).content.decode()
    assert "Dr Li Wei" in listing and "Works until" in listing
    response = client.post(reverse("workspace-guest-revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert "Revoked" in client.get(page).content.decode()
    assert client.post(reverse("workspace-guest-revoke", args=[invitation.pk])).status_code == 409
    token = guests.guest_token_for(invitation)
    client.logout()
    assert client.get(reverse("guest-review", args=[token])).status_code == 410


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "li.wei", "Enter a valid email address"),
        ("days", "0", "greater than or equal to 1"),
        ("days", "90", "less than or equal to 60"),
        ("name", "", "This field is required"),
    ],
)
def test_the_invitation_form_shows_errors_and_invites_nobody(
    client, under_review, chief_editor, field, value, message
):
    client.force_login(chief_editor)
    data = {
        "name": "Dr Li Wei",
        "credentials": "MD",
        "email": "li.wei@example.org",
        "days": "14",
        field: value,
    }
    response = client.post(reverse("workspace-guests", args=[under_review.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert GuestInvitation.objects.count() == 0 and not Notification.objects.filter(kind="guest_invitation")


def test_nobody_but_a_chief_editor_invites_and_not_once_the_review_is_over(
    client, under_review, live_revision, reviewer, editor, chief_editor
):
    data = {"name": "Dr Li Wei", "credentials": "MD", "email": "li.wei@example.org", "days": "14"}
    for user in (reviewer, editor):
        client.force_login(user)
        assert client.post(reverse("workspace-guests", args=[under_review.pk]), data).status_code == 403
    client.force_login(chief_editor)
    page = reverse("workspace-guests", args=[live_revision.pk])
    assert "only be invited while it is submitted or under review" in client.get(page).content.decode()
    assert client.post(page, data).status_code == 409
    assert GuestInvitation.objects.count() == 0


def test_the_outbox_admin_does_not_show_the_link_a_guest_invitation_carries(client, invited, chief_editor):
    invitation, url = invited
    chief_editor.is_staff = True
    chief_editor.save()
    client.force_login(chief_editor)
    mail = Notification.objects.get(kind="guest_invitation")
    assert url in mail.body_text  # kept to be delivered...
    page = client.get(reverse("admin:notifications_notification_change", args=[mail.pk]))
    assert page.status_code == 200
    assert url not in page.content.decode()  # ...but shown to nobody
    assert invitation.revision.article.question in page.content.decode()  # the subject still is
