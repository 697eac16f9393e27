"""Every workspace page, walked with every role: the right people get in, the
wrong ones get a 403 (or, if anonymous, the login page), and nobody but its
author and the chief editors ever sees a draft's text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Revision
from reviews import guests
from reviews import services as board_services
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Unpublished draft sentence about zebra dosing."
ROLES = ["anonymous", "editor", "other_editor", "reviewer", "chief_editor", "admin"]
LOGIN = "login"
OK, DENIED = 200, 403


@pytest.fixture
def world(editor, reviewer, chief_editor, reference, disclaimers, checklist):
    draft = factories.make_draft(
        editor=editor, references=[reference], body_patient=f"{SECRET}\n\n![@draft-figure]\n"
    )
    factories.upload_figure(revision=draft, actor=editor, key="draft-figure", alt="A diagram of the knee.")
    submitted = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=submitted, actor=editor)
    board_services.revision_assign_reviewers(
        revision=submitted,
        actor=chief_editor,
        reviewers=[reviewer.board_member],
        due_at=timezone.now() + timedelta(days=7),
    )
    live = factories.make_live_with_figure(editor=editor, reviewer_user=reviewer, references=[reference])
    # A guest specialist who has recommended (the board's pages show it) and one who has not yet.
    answered, _token = factories.make_guest_invitation(revision=submitted, chief_editor=chief_editor)
    guests.guest_recommend(
        invitation=answered,
        recommendation="request_changes",
        comment="State the dose range.",
        conflict_of_interest="None declared.",
    )
    guest, guest_token = factories.make_guest_invitation(revision=submitted, chief_editor=chief_editor)
    return {
        "draft": draft,
        "submitted": submitted,
        "live": live,
        "guest": guest,
        "guest_token": guest_token,
        "answered_token": _token,
    }


def _users(editor, other_editor, reviewer, chief_editor, admin_user):
    return {
        "anonymous": None,
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "chief_editor": chief_editor,
        "admin": admin_user,
    }


def _pages(world):
    draft, submitted, live = world["draft"], world["submitted"], world["live"]
    assignment = submitted.assignments.get()
    #            url, then expected status per role in ROLES order
    return [
        # An article nobody has submitted yet is its author's and the chief editors' only; a
        # site admin (a superuser without a role group) has no workspace.
        (reverse("workspace-articles"), [LOGIN, OK, OK, DENIED, OK, DENIED]),
        (reverse("workspace-article-create"), [LOGIN, OK, OK, DENIED, DENIED, DENIED]),
        (reverse("workspace-article", args=[draft.article.slug]), [LOGIN, OK, DENIED, DENIED, OK, DENIED]),
        (reverse("workspace-timeline", args=[draft.article.slug]), [LOGIN, OK, DENIED, DENIED, OK, DENIED]),
        (reverse("workspace-revision", args=[draft.pk]), [LOGIN, OK, DENIED, DENIED, OK, DENIED]),
        (reverse("workspace-revision-edit", args=[draft.pk]), [LOGIN, OK, DENIED, DENIED, OK, DENIED]),
        (reverse("workspace-compare", args=[draft.pk]), [LOGIN, OK, DENIED, DENIED, OK, DENIED]),
        (reverse("workspace-revision", args=[submitted.pk]), [LOGIN, OK, DENIED, OK, OK, DENIED]),
        (reverse("workspace-compare", args=[submitted.pk]), [LOGIN, OK, DENIED, OK, OK, DENIED]),
        (reverse("workspace-revision", args=[live.pk]), [LOGIN, OK, OK, OK, OK, DENIED]),
        (reverse("workspace-queue"), [LOGIN, DENIED, DENIED, OK, OK, DENIED]),
        (reverse("workspace-assign", args=[submitted.pk]), [LOGIN, DENIED, DENIED, DENIED, OK, DENIED]),
        (
            reverse("workspace-unpublish", args=[live.article.slug]),
            [LOGIN, DENIED, DENIED, DENIED, OK, DENIED],
        ),
        (reverse("workspace-article", args=[live.article.slug]), [LOGIN, OK, OK, OK, OK, DENIED]),
        (reverse("workspace-timeline", args=[live.article.slug]), [LOGIN, OK, OK, OK, OK, DENIED]),
        # A site admin with no editorial role is sent on to the admin, where their work is.
        (reverse("workspace-home"), [LOGIN, 302, 302, 302, 302, 302]),
        # POST-only endpoints refuse a GET, but only once the role is known.
        (reverse("workspace-reassign", args=[assignment.pk]), [LOGIN, DENIED, DENIED, DENIED, 405, DENIED]),
        # Guest specialists: the chief editor's page, and the guest's, opened by its link alone.
        (reverse("workspace-guests", args=[submitted.pk]), [LOGIN, DENIED, DENIED, DENIED, OK, DENIED]),
        (
            reverse("workspace-guest-revoke", args=[world["guest"].pk]),
            [LOGIN, DENIED, DENIED, DENIED, 405, DENIED],
        ),
        (reverse("guest-review", args=[world["guest_token"]]), [OK] * 6),
        (reverse("guest-review", args=[world["answered_token"]]), [OK] * 6),
        (reverse("workspace-schedule-cancel", args=[live.pk]), [LOGIN, DENIED, DENIED, DENIED, 405, DENIED]),
    ]


def test_every_workspace_page_admits_the_right_roles_and_refuses_the_others(
    client, world, editor, other_editor, reviewer, chief_editor, admin_user
):
    users = _users(editor, other_editor, reviewer, chief_editor, admin_user)
    failures = []
    for url, expected in _pages(world):
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            response = client.get(url)
            if want == LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
            else:
                ok = response.status_code == want
            if not ok:
                failures.append(f"{role} GET {url}: wanted {want}, got {response.status_code}")
            if response.status_code == DENIED:
                assert b"not" in response.content  # a sentence, not an empty page
    assert not failures, "\n".join(failures)


def test_a_draft_is_shown_to_nobody_but_its_author_and_the_chief_editors(
    client, world, editor, other_editor, reviewer, chief_editor, admin_user
):
    users = _users(editor, other_editor, reviewer, chief_editor, admin_user)
    may_see = {"editor", "chief_editor"}
    for url, _expected in _pages(world):
        for role in ROLES:
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            body = client.get(url).content.decode()
            if role not in may_see:
                assert SECRET not in body, f"{role} saw the draft at {url}"
    client.logout()
    assert client.get(reverse("article-detail", args=[world["draft"].article.slug])).status_code == 404


def test_actions_posted_by_the_wrong_role_are_refused_and_change_nothing(
    client, world, editor, other_editor, reviewer, all_checked
):
    draft, submitted = world["draft"], world["submitted"]
    refused = [
        (reviewer, reverse("workspace-revision-submit", args=[draft.pk]), {}),
        (other_editor, reverse("workspace-revision-submit", args=[draft.pk]), {}),
        (other_editor, reverse("workspace-revision-withdraw", args=[submitted.pk]), {}),
        (editor, reverse("workspace-review-start", args=[submitted.pk]), {}),
        (editor, reverse("workspace-review-decide", args=[submitted.pk]), {"decision": "approve"}),
        (reviewer, reverse("workspace-draft-create", args=[world["live"].article.slug]), {}),
        (reviewer, reverse("workspace-preview"), {"text": "x", "audience": "patient"}),
        (editor, reverse("workspace-assign", args=[submitted.pk]), {}),
        (reviewer, reverse("workspace-unpublish", args=[world["live"].article.slug]), {"reason": "x"}),
    ]
    history_rows = Revision.history.count()
    for user, url, data in refused:
        client.force_login(user)
        response = client.post(url, data)
        assert response.status_code == 403, f"{user.username} POST {url}: {response.status_code}"
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.state == Revision.State.DRAFT
    assert submitted.state == Revision.State.SUBMITTED
    assert Revision.history.count() == history_rows
    assert world["live"].article.revisions.count() == 1
