"""The permission policy's visibility rules as queryset filters, for lists, searches and the admin.

They say the same as `policy.decide(user, "view_revision" / "view_article", obj)`; a test checks
that on every role and state.
"""

from django.db.models import Q

from .people import has_any_role, is_active_account, is_chief_editor, is_site_admin, sees_submissions

# Revision states, as stored (the policy does not import the model that defines them).
DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
WITHDRAWN = "withdrawn"
IN_PROGRESS = (DRAFT, SUBMITTED, UNDER_REVIEW)
OPEN_FOR_REVIEW = (SUBMITTED, UNDER_REVIEW)


def visible_revisions_q(user, prefix=""):
    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if not is_active_account(user):
        return q(pk__in=[])
    if is_chief_editor(user):
        return Q()
    visible = q(author_id=user.pk)
    if has_any_role(user) or is_site_admin(user):
        visible |= q(state=APPROVED)
    if sees_submissions(user):
        visible |= q(submitted_at__isnull=False) & ~q(state=DRAFT)
    return visible


def visible_revisions(user, queryset):
    """The revisions of `queryset` that `user` may see (VIEW_REVISION)."""
    return queryset.filter(visible_revisions_q(user))


def visible_through_revision(user, queryset, path="revision"):
    """Rows of `queryset` (decisions, assignments, citations...) whose revision `user` may see."""
    return queryset.filter(visible_revisions_q(user, prefix=f"{path}__"))


def visible_articles(user, queryset):
    """The articles of `queryset` that `user` may see (VIEW_ARTICLE)."""
    if not is_active_account(user) or not (has_any_role(user) or is_site_admin(user)):
        return queryset.none()
    if is_chief_editor(user):
        return queryset
    revision_model = queryset.model._meta.get_field("revisions").related_model
    with_visible_revision = revision_model._default_manager.filter(visible_revisions_q(user)).values(
        "article_id"
    )
    return queryset.filter(
        Q(created_by_id=user.pk)
        | Q(live_revision__isnull=False)
        | Q(unpublished_at__isnull=False)
        | Q(pk__in=with_visible_revision)
    )
