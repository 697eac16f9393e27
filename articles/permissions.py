"""Who may act on a given revision. Used as django-fsm transition permissions,
by the services before they act, and by pages to decide which buttons to show."""

from roles.groups import board_member_for, is_chief_editor, is_editor


def can_edit(revision, user):
    """Authors edit, submit and withdraw their own work; chief editors anyone's."""
    if not user.is_authenticated:
        return False
    return (revision.author_id == user.pk and is_editor(user)) or is_chief_editor(user)


def can_review(revision, user):
    """Active board members review, except the revision's own author."""
    return board_member_for(user) is not None and revision.author_id != user.pk
