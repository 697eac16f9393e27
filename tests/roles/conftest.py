"""A world with one revision in every state and one person in every role, for the
permission matrices. Every state is reached through the services, as users reach it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from reviews import decisions
from reviews import services as board_services
from tests import factories

ROLES = [
    "anonymous",
    "author",
    "other_editor",
    "assigned_member",
    "unassigned_member",
    "chief_editor",
    "site_admin",
]
REVISION_STATES = [
    "draft",
    "submitted",
    "under_review",
    "changes_requested",
    "approved",
    "withdrawn_draft",
    "withdrawn_submitted",
]
ARTICLE_KINDS = ["never_submitted", "in_review", "live", "unpublished"]

# Words only the unsubmitted draft contains: no page may show them to anyone but its author
# and the chief editors.
DRAFT_SECRET = "Zebracillin unsubmitted dosing sentence"


@pytest.fixture
def roles_world(db, checklist, disclaimers):
    author = factories.EditorFactory(is_staff=True)
    other_editor = factories.EditorFactory(is_staff=True)
    assigned = factories.BoardMemberFactory(user__is_staff=True).user
    unassigned = factories.BoardMemberFactory(user__is_staff=True).user
    chief = factories.ChiefEditorFactory(user__is_staff=True).user
    site_admin = factories.UserFactory(username="siteadmin", is_staff=True, is_superuser=True)
    starter = factories.BoardMemberFactory().user  # takes revisions into review
    reference = factories.ReferenceFactory()

    def draft(**kwargs):
        return factories.make_draft(editor=author, references=[reference], **kwargs)

    def submitted():
        revision = draft()
        services.revision_submit(revision=revision, actor=author)
        return revision

    def under_review():
        revision = submitted()
        return decisions.revision_start_review(revision=revision, actor=starter)

    revisions = {
        "draft": draft(
            question=f"{DRAFT_SECRET}: a question nobody may see?",
            body_patient=f"{DRAFT_SECRET}. [@{reference.citation_key}]",
            change_summary=f"{DRAFT_SECRET} summary",
        ),
        "submitted": submitted(),
        "under_review": under_review(),
    }
    sent_back = under_review()
    decisions.revision_request_changes(revision=sent_back, actor=starter, comment="Add the dose.")
    revisions["changes_requested"] = sent_back
    revisions["approved"] = factories.make_live(editor=author, reviewer_user=starter, references=[reference])
    withdrawn = draft()
    services.revision_withdraw(revision=withdrawn, actor=author)
    revisions["withdrawn_draft"] = withdrawn
    withdrawn = submitted()
    services.revision_withdraw(revision=withdrawn, actor=author)
    revisions["withdrawn_submitted"] = withdrawn
    for state in ("submitted", "under_review"):
        board_services.revision_assign_reviewers(
            revision=revisions[state],
            actor=chief,
            reviewers=[assigned.board_member],
            due_at=timezone.now() + timedelta(days=7),
        )
    for revision in revisions.values():
        revision.refresh_from_db()

    unpublished = factories.make_live(editor=author, reviewer_user=starter, references=[reference])
    services.article_unpublish(article=unpublished.article, actor=chief, reason="Guideline withdrawn")
    articles = {
        "never_submitted": revisions["draft"].article,
        "in_review": revisions["submitted"].article,
        "live": revisions["approved"].article,
        "unpublished": unpublished.article,
    }
    for article in articles.values():
        article.refresh_from_db()
    return {
        "users": {
            "anonymous": None,
            "author": author,
            "other_editor": other_editor,
            "assigned_member": assigned,
            "unassigned_member": unassigned,
            "chief_editor": chief,
            "site_admin": site_admin,
        },
        "revisions": revisions,
        "articles": articles,
        "reference": reference,
    }
