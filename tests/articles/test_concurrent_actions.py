"""Invariant 8: people acting on the same revision at once — one wins, the others get a
clear conflict, nothing is half-applied. On PostgreSQL this exercises real row locks."""

import threading

import pytest
from django.db import connection
from django.test import override_settings

from articles import services
from articles.models import Article, Revision
from editorial.exceptions import ActionConflict
from reviews import decisions as review_decisions
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(*calls):
    """Run each call in its own thread (own database connection), released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_withdraw_and_start_review_at_the_same_moment_leave_exactly_one_applied(
    editor, reviewer, reference, disclaimers
):
    revision = factories.make_draft(editor=editor, references=[reference])
    services.revision_submit(revision=revision, actor=editor)
    history_before = revision.history.count()

    outcomes = run_at_once(
        lambda: services.revision_withdraw(revision=revision, actor=editor, reason="Not needed"),
        lambda: review_decisions.revision_start_review(revision=revision, actor=reviewer),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, ActionConflict)
    assert "reload the page" in str(error).lower()
    revision.refresh_from_db()
    assert revision.state in (Revision.State.WITHDRAWN, Revision.State.UNDER_REVIEW)
    assert revision.history.count() == history_before + 1


@override_settings(REVIEW_APPROVAL_QUORUM=2)
def test_twenty_simultaneous_approvals_with_a_quorum_of_two_publish_exactly_once(
    editor, reference, disclaimers
):
    members = [factories.BoardMemberFactory().user for _ in range(20)]
    revision = factories.make_under_review(editor=editor, reviewer_user=members[0], references=[reference])

    outcomes = run_at_once(
        *[
            (
                lambda member=member: review_decisions.revision_approve(
                    checklist_confirmed=factories.all_checklist_keys(), revision=revision, actor=member
                )
            )
            for member in members
        ]
    )

    successes = [value for kind, value in outcomes if kind == "ok"]
    failures = [value for kind, value in outcomes if kind == "error"]
    assert len(successes) == 2
    assert len(failures) == 18
    assert all(isinstance(exc, ActionConflict) for exc in failures), failures
    revision.refresh_from_db()
    assert revision.state == Revision.State.APPROVED
    assert ReviewDecision.objects.filter(revision=revision).count() == 2
    article = Article.objects.get(pk=revision.article_id)
    assert article.live_revision_id == revision.pk
    assert article.history.filter(history_change_reason__startswith="Revision 1 published").count() == 1
    assert revision.history.filter(state=Revision.State.APPROVED).count() == 1
