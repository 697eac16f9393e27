"""A partner polling the change feed with `since` never skips a change: entries become
visible in id order even when two publications overlap (PostgreSQL: an advisory lock held
until commit; SQLite: one writer at a time)."""

import threading
import time

import pytest
from django.db import connection, transaction

from reviews import decisions as review_decisions
from syndication.models import ChangeFeedEntry
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def approve(revision, reviewer):
    review_decisions.revision_approve(
        revision=revision, actor=reviewer, checklist_confirmed=factories.all_checklist_keys()
    )


def test_a_later_publication_waits_until_an_earlier_one_has_committed(editor, reviewer, disclaimers):
    first = factories.make_under_review(editor=editor, reviewer_user=reviewer, question="First?")
    second = factories.make_under_review(editor=editor, reviewer_user=reviewer, question="Second?")
    first_written, release_first, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def publish_first_and_hold():
        try:
            with transaction.atomic():
                approve(first, reviewer)
                first_written.set()
                release_first.wait(timeout=30)  # ...something slow before the commit
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    def publish_second():
        try:
            approve(second, reviewer)
            second_done.set()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=publish_first_and_hold)
    holder.start()
    assert first_written.wait(timeout=30)
    follower = threading.Thread(target=publish_second)
    follower.start()
    time.sleep(1.5)
    # The second publication has not been able to commit a feed entry past the first's.
    assert not second_done.is_set()
    release_first.set()
    holder.join(timeout=30)
    follower.join(timeout=30)
    assert errors == []
    assert second_done.is_set()
    entries = list(ChangeFeedEntry.objects.order_by("pk").values_list("slug", flat=True))
    assert entries == [first.article.slug, second.article.slug]
