"""Who someone is, for the permission policy: the role groups they belong to (README, "Roles").

A board member also needs an active board profile. A superuser is a site operator, not a role.
"""

from roles.groups import BOARD, CHIEF_EDITORS, EDITORS


def _group_names(user):
    names = getattr(user, "_policy_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._policy_group_names = names
    return names


def is_active_account(user):
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user):
    return is_active_account(user) and EDITORS in _group_names(user)


def is_chief_editor(user):
    return is_active_account(user) and CHIEF_EDITORS in _group_names(user)


def board_member_for(user):
    """The user's active board profile if they may review, else None."""
    if not (is_active_account(user) and BOARD in _group_names(user)):
        return None
    member = getattr(user, "board_member", None)
    if member is None or not member.is_active:
        return None
    return member


def is_board_member(user):
    return board_member_for(user) is not None


def is_site_admin(user):
    return is_active_account(user) and user.is_superuser


def has_any_role(user):
    return is_editor(user) or is_board_member(user) or is_chief_editor(user)


def sees_submissions(user):
    """Board members and site admins see revisions once they have been submitted."""
    return is_board_member(user) or is_site_admin(user)
