"""The permission policy itself, role by state by action, written out as the README's role
table says it. Pages, services and the admin are checked against the same policy elsewhere
(test_buttons_match_services.py, test_admin_and_export_matrix.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from articles.models import Article, Revision
from roles import policy
from roles.policy import Action

from .conftest import ARTICLE_KINDS, REVISION_STATES, ROLES

pytestmark = pytest.mark.django_db

BOARD = {"assigned_member", "unassigned_member", "chief_editor"}  # the chief editor is on the board
SUBMITTED_ONCE = {"submitted", "under_review", "changes_requested", "approved", "withdrawn_submitted"}

# For each action on a revision: role -> the states in which it is allowed.
REVISION_MATRIX = {
    Action.VIEW_REVISION: {
        "author": set(REVISION_STATES),
        "other_editor": {"approved"},
        "assigned_member": SUBMITTED_ONCE,
        "unassigned_member": SUBMITTED_ONCE,
        "chief_editor": set(REVISION_STATES),
        "site_admin": SUBMITTED_ONCE,
    },
    Action.EDIT_DRAFT: {"author": {"draft"}, "chief_editor": {"draft"}},
    Action.MANAGE_FIGURES: {"author": {"draft"}, "chief_editor": {"draft"}},
    Action.SUBMIT: {"author": {"draft"}, "chief_editor": {"draft"}},
    Action.WITHDRAW: {"author": {"draft", "submitted"}, "chief_editor": {"draft", "submitted"}},
    Action.START_REVIEW: {role: {"submitted"} for role in BOARD},
    Action.APPROVE: {role: {"under_review"} for role in BOARD},
    Action.REQUEST_CHANGES: {role: {"under_review"} for role in BOARD},
    Action.ASSIGN_REVIEWERS: {"chief_editor": {"submitted", "under_review"}},
    Action.INVITE_GUEST: {"chief_editor": {"submitted", "under_review"}},
}

EVER_PUBLISHED = {"live", "unpublished"}
SEES_SUBMISSIONS = {"in_review", "live", "unpublished"}
ARTICLE_MATRIX = {
    Action.VIEW_ARTICLE: {
        "author": set(ARTICLE_KINDS),
        "other_editor": EVER_PUBLISHED,
        "assigned_member": SEES_SUBMISSIONS,
        "unassigned_member": SEES_SUBMISSIONS,
        "chief_editor": set(ARTICLE_KINDS),
        "site_admin": SEES_SUBMISSIONS,
    },
    Action.START_DRAFT: {"author": EVER_PUBLISHED, "other_editor": EVER_PUBLISHED},
    Action.EDIT_ARTICLE_DETAILS: {
        "author": {"never_submitted", "in_review"},
        "chief_editor": set(ARTICLE_KINDS),
        "site_admin": set(ARTICLE_KINDS),
    },
    Action.UNPUBLISH: {"chief_editor": {"live"}},
    Action.EXPORT_AUDIT: {
        "assigned_member": SEES_SUBMISSIONS,
        "unassigned_member": SEES_SUBMISSIONS,
        "chief_editor": set(ARTICLE_KINDS),
        "site_admin": SEES_SUBMISSIONS,
    },
}

GENERAL_MATRIX = {
    Action.CREATE_ARTICLE: {"author", "other_editor"},
    Action.REVIEW: BOARD,
    Action.EDIT_EDITORIAL_POLICY: {"chief_editor", "site_admin"},
    Action.MANAGE_DISCLAIMERS: {"chief_editor", "site_admin"},
    Action.MANAGE_CHECKLIST: {"chief_editor", "site_admin"},
    Action.ASSIGN_REVIEWERS: {"chief_editor"},
    Action.UNPUBLISH: {"chief_editor"},
    Action.INVITE_GUEST: {"chief_editor"},
    Action.REVOKE_GUEST: {"chief_editor"},
    Action.SEE_GUEST_RECOMMENDATIONS: BOARD | {"site_admin"},
}


def _user(world, role):
    return world["users"][role] or AnonymousUser()


def _fresh(obj):
    # A fresh copy each time, so nothing cached on an instance answers for the database.
    return type(obj).objects.get(pk=obj.pk)


def test_every_role_may_do_on_each_revision_exactly_what_the_role_table_says(roles_world):
    wrong = []
    for action, allowed_states in REVISION_MATRIX.items():
        for role in ROLES:
            user = _user(roles_world, role)
            for state in REVISION_STATES:
                want = state in allowed_states.get(role, set())
                got = policy.decide(user, action, _fresh(roles_world["revisions"][state]))
                if got.allowed != want:
                    wrong.append(f"{role} {action} {state}: wanted {want}, got {got}")
                if not got.allowed:
                    assert got.reason.endswith("."), (role, action, state)
    assert not wrong, "\n".join(wrong)


def test_every_role_may_do_on_each_article_exactly_what_the_role_table_says(roles_world):
    wrong = []
    for action, allowed_kinds in ARTICLE_MATRIX.items():
        for role in ROLES:
            user = _user(roles_world, role)
            for kind in ARTICLE_KINDS:
                want = kind in allowed_kinds.get(role, set())
                got = policy.allows(user, action, _fresh(roles_world["articles"][kind]))
                if got != want:
                    wrong.append(f"{role} {action} {kind}: wanted {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_actions_without_an_object_follow_the_role_table(roles_world):
    wrong = []
    for action, roles in GENERAL_MATRIX.items():
        for role in ROLES:
            got = policy.allows(_user(roles_world, role), action)
            if got != (role in roles):
                wrong.append(f"{role} {action}: wanted {role in roles}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_querysets_hide_exactly_what_the_object_checks_refuse(roles_world):
    for role in ROLES:
        user = _user(roles_world, role)
        revisions = set(policy.visible_revisions(user, Revision.objects.all()))
        assert revisions == {r for r in Revision.objects.all() if policy.allows(user, "view_revision", r)}
        articles = set(policy.visible_articles(user, Article.objects.all()))
        assert articles == {a for a in Article.objects.all() if policy.allows(user, "view_article", a)}


def test_who_you_are_is_told_apart_from_what_state_the_revision_is_in(roles_world):
    revisions, users = roles_world["revisions"], roles_world["users"]
    refused = policy.decide(users["other_editor"], "submit", revisions["draft"])
    assert not refused.allowed and not refused.not_now  # 403
    assert "author or a chief editor" in refused.reason
    too_late = policy.decide(users["author"], "submit", revisions["submitted"])
    assert not too_late.allowed and too_late.not_now  # 409
    own = policy.decide(users["author"], "approve", revisions["under_review"])
    assert not own.allowed and not own.not_now
    with pytest.raises(policy.ActionNotAllowed, match="Medical Advisory Board"):
        policy.require(users["author"], "approve", revisions["under_review"])
    with pytest.raises(policy.ActionConflict, match="submitted now"):
        policy.require(users["author"], "submit", revisions["submitted"])


def test_a_member_who_has_decided_is_not_offered_a_second_decision(roles_world, all_checked):
    from reviews import decisions
    from tests import factories

    users, reference = roles_world["users"], roles_world["reference"]
    revision = factories.make_under_review(
        editor=users["author"], reviewer_user=users["assigned_member"], references=[reference]
    )
    member = users["unassigned_member"]
    assert policy.available_revision_actions(member, revision) == [Action.APPROVE, Action.REQUEST_CHANGES]
    decisions.revision_request_changes(revision=revision, actor=member, comment="No.")
    revision.refresh_from_db()
    assert policy.available_revision_actions(member, revision) == []


def test_an_inactive_account_or_board_profile_loses_every_role(roles_world):
    users, revisions = roles_world["users"], roles_world["revisions"]
    member = users["unassigned_member"]
    member.board_member.is_active = False
    member.board_member.save()
    member = type(member).objects.get(pk=member.pk)
    assert not policy.allows(member, "start_review", revisions["submitted"])
    author = type(users["author"]).objects.get(pk=users["author"].pk)
    author.is_active = False
    assert not policy.allows(author, "view_revision", revisions["draft"])
