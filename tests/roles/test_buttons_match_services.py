"""Role x revision state x action: a button is shown if and only if the service behind it
accepts the action. Both sides are driven for real: the page is rendered for the person,
and the service is called as them in a transaction that is then rolled back."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import services
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from reviews import decisions
from reviews import services as board_services
from tests import factories

from .conftest import REVISION_STATES, ROLES

pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def service_accepts(call):
    """True if the service call succeeds; nothing it did is kept either way."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except (ActionNotAllowed, ActionConflict, InvalidAction):
        return False


def _service_calls(revision, actor, *, spare_member, checklist_keys):
    return {
        "edit": lambda: services.revision_update_draft(
            revision=revision,
            actor=actor,
            body_patient=revision.body_patient + " More.",
            body_professional=revision.body_professional,
            change_summary="Edited",
        ),
        "submit": lambda: services.revision_submit(revision=revision, actor=actor),
        "withdraw": lambda: services.revision_withdraw(
            revision=revision, actor=actor, reason="No longer needed"
        ),
        "start_review": lambda: decisions.revision_start_review(revision=revision, actor=actor),
        "approve": lambda: decisions.revision_approve(
            revision=revision, actor=actor, comment="Fine.", checklist_confirmed=checklist_keys
        ),
        "request_changes": lambda: decisions.revision_request_changes(
            revision=revision, actor=actor, comment="Add the dose."
        ),
        "assign": lambda: board_services.revision_assign_reviewers(
            revision=revision,
            actor=actor,
            reviewers=[spare_member],
            due_at=timezone.now() + timedelta(days=7),
        ),
    }


def _workspace_buttons(client, revision):
    """The actions the workspace offers on the revision's page and its review page."""
    page = client.get(reverse("workspace-revision", args=[revision.pk]))
    review = client.get(reverse("workspace-compare", args=[revision.pk]))
    page_html = page.content.decode() if page.status_code == 200 else ""
    review_html = review.content.decode() if review.status_code == 200 else ""
    decide_url = reverse("workspace-review-decide", args=[revision.pk])
    return {
        "edit": f'href="{reverse("workspace-revision-edit", args=[revision.pk])}"' in page_html,
        "submit": f'action="{reverse("workspace-revision-submit", args=[revision.pk])}"' in page_html,
        "withdraw": f'action="{reverse("workspace-revision-withdraw", args=[revision.pk])}"' in page_html,
        "start_review": f'action="{reverse("workspace-review-start", args=[revision.pk])}"' in review_html,
        "approve": decide_url in review_html and 'value="approve"' in review_html,
        "request_changes": decide_url in review_html and 'value="request_changes"' in review_html,
        "assign": f'href="{reverse("workspace-assign", args=[revision.pk])}"' in page_html,
    }


def _admin_buttons(client, revision):
    """The workflow buttons on the revision's admin page (the admin offers no assigning)."""
    response = client.get(reverse("admin:articles_revision_change", args=[revision.pk]))
    html = response.content.decode() if response.status_code == 200 else ""
    shown = {
        name: f'name="action" value="{name}"' in html
        for name in ("submit", "withdraw", "start_review", "approve", "request_changes")
    }
    shown["edit"] = response.status_code == 200 and 'name="body_patient"' in html
    return shown


def test_each_role_is_shown_a_button_exactly_when_the_service_accepts_it(client, roles_world, all_checked):
    spare_member = factories.BoardMemberFactory()
    mismatches, offered = [], set()
    for role in ROLES:
        user = roles_world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        for state in REVISION_STATES:
            revision = roles_world["revisions"][state]
            buttons = _workspace_buttons(client, revision)
            admin_buttons = _admin_buttons(client, revision)
            calls = _service_calls(
                revision, user or AnonymousUser(), spare_member=spare_member, checklist_keys=all_checked
            )
            for action, call in calls.items():
                accepted = service_accepts(call)
                if buttons[action] != accepted:
                    mismatches.append(
                        f"workspace: {role} {state} {action}: button {buttons[action]}, service {accepted}"
                    )
                if action in admin_buttons and admin_buttons[action] != accepted:
                    mismatches.append(
                        f"admin: {role} {state} {action}: button {admin_buttons[action]}, service {accepted}"
                    )
                if accepted:
                    offered.add((role, state, action))
    assert not mismatches, "\n".join(mismatches)
    # The walk is not vacuous: the README's role table, as buttons people can press.
    assert {
        ("author", "draft", "submit"),
        ("chief_editor", "draft", "submit"),
        ("chief_editor", "draft", "edit"),
        ("author", "submitted", "withdraw"),
        ("assigned_member", "submitted", "start_review"),
        ("unassigned_member", "under_review", "approve"),
        ("chief_editor", "under_review", "request_changes"),
        ("chief_editor", "submitted", "assign"),
    } <= offered
    assert not {(r, s, a) for (r, s, a) in offered if r in ("anonymous", "other_editor", "site_admin")}


def test_a_chief_editor_may_submit_the_draft_the_workspace_offers_them(client, roles_world):
    chief, draft = roles_world["users"]["chief_editor"], roles_world["revisions"]["draft"]
    client.force_login(chief)
    page = client.get(reverse("workspace-revision", args=[draft.pk])).content.decode()
    assert "Submit for review" in page
    response = client.post(reverse("workspace-revision-submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
