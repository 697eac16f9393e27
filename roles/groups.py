"""The role groups (created by a migration): Editors, Medical Advisory Board, Chief editors.

The Django permissions below open the admin's pages to each group. Who may do what, to
which object and when, is decided by the permission policy (roles.policy), which reads
the groups; a board member also needs an active BoardMember profile there, since readers
see their name and credentials on everything they approve.
"""

EDITORS = "Editors"
BOARD = "Medical Advisory Board"
CHIEF_EDITORS = "Chief editors"

EDITOR_PERMISSIONS = [
    "articles.view_article", "articles.add_article", "articles.change_article",
    "articles.view_revision", "articles.add_revision", "articles.change_revision",
    "reviews.view_reviewdecision", "articles.view_disclaimer",
    "articles.view_followupquestion", "articles.change_followupquestion",
    "references.view_reference", "references.add_reference", "references.change_reference",
    "articles.view_citation", "articles.view_publicationschedule",
    "reviews.view_boardmember", "reviews.view_editorialpolicy",
]  # fmt: skip
BOARD_PERMISSIONS = [
    "articles.view_article", "articles.view_revision", "articles.review_revision",
    "reviews.view_reviewdecision", "reviews.view_reviewassignment", "articles.view_disclaimer",
    "references.view_reference", "articles.view_citation", "articles.view_publicationschedule",
    "reviews.view_boardmember", "reviews.view_editorialpolicy",
]  # fmt: skip
CHIEF_EDITOR_PERMISSIONS = sorted(
    set(BOARD_PERMISSIONS)
    | {
        "articles.assign_reviewers", "articles.unpublish_article", "articles.change_article",
        "reviews.add_reviewassignment", "reviews.change_reviewassignment",
        "articles.add_disclaimer", "articles.change_disclaimer",
        "articles.view_followupquestion", "articles.change_followupquestion",
        "references.add_reference", "references.change_reference",
        "reviews.add_editorialpolicy", "reviews.change_editorialpolicy",
        "notifications.view_notification",
        "reviews.view_checklistitem", "reviews.add_checklistitem", "reviews.change_checklistitem",
        "articles.view_retractionalert",
        "audit.view_event",
    }
)  # fmt: skip

ROLE_PERMISSIONS = {
    EDITORS: EDITOR_PERMISSIONS,
    BOARD: BOARD_PERMISSIONS,
    CHIEF_EDITORS: CHIEF_EDITOR_PERMISSIONS,
}


def sync_role_groups(Group, Permission):  # noqa: N803 - model classes, also historical ones
    """Create the role groups and give them their permissions. Idempotent."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # A model added by a later migration has no permission yet when an earlier
            # migration calls this; the post_migrate sync adds it once it exists.
            if permission is not None:
                group.permissions.add(permission)


def chief_editors():
    """Active chief editors: whom the board's alerts and digests go to."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=CHIEF_EDITORS, is_active=True).distinct()
