"""Who may do what, decided from Django permissions (granted through the role groups).

Groups (created by a migration): Editors, Medical Advisory Board, Chief editors.
A board member also needs an active BoardMember profile: readers see their name
and credentials on everything they approve.
"""

EDITORS = "Editors"
BOARD = "Medical Advisory Board"
CHIEF_EDITORS = "Chief editors"


def is_editor(user):
    return user.is_authenticated and user.is_active and user.has_perm("articles.add_revision")


def board_member_for(user):
    """The user's active board profile if they may review, else None."""
    if not (user.is_authenticated and user.is_active and user.has_perm("articles.review_revision")):
        return None
    member = getattr(user, "board_member", None)
    if member is None or not member.is_active:
        return None
    return member


def is_board_member(user):
    return board_member_for(user) is not None


def is_chief_editor(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("articles.assign_reviewers")
        and user.has_perm("articles.unpublish_article")
    )
