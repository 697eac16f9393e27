"""Celery beat runs the integrity check daily; a failure mails the chief editors through the
notification outbox, once per day and set of problems however often the task runs."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Revision
from notifications.models import Notification
from reviews.tasks import verify_integrity_daily

pytestmark = pytest.mark.django_db


def _alerts():
    return Notification.objects.filter(kind="integrity_problems")


def test_beat_runs_the_integrity_check_daily():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == verify_integrity_daily.name]
    assert entries == [{"task": "reviews.tasks.verify_integrity_daily", "schedule": 60.0 * 60 * 24}]


def test_a_clean_check_alerts_nobody(live_revision, chief_editor):
    assert verify_integrity_daily() == 0
    assert not _alerts().exists()


def test_a_failed_check_alerts_each_chief_editor_once_a_day(live_revision, chief_editor, reviewer):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET question = 'A changed title?' WHERE id = %s",
            [live_revision.pk],
        )
    assert verify_integrity_daily() >= 1
    alert = _alerts().get()
    assert alert.recipient == chief_editor
    assert f"article {live_revision.article.slug} revision 1:" in alert.body_text
    assert "Integrity check:" in alert.subject

    # Idempotent: the same problems the same day send nothing more.
    assert verify_integrity_daily() >= 1
    assert _alerts().count() == 1
    # The next day, still failing: a new reminder.
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        verify_integrity_daily()
    assert _alerts().count() == 2
    assert not _alerts().filter(recipient=reviewer).exists()


def test_the_chief_editors_review_queue_shows_a_recent_alert(client, live_revision, chief_editor, reviewer):
    client.force_login(chief_editor)
    assert "Integrity check" not in client.get(reverse("workspace-queue")).content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET body_patient = 'Changed' WHERE id = %s",
            [live_revision.pk],
        )
    verify_integrity_daily()
    html = client.get(reverse("workspace-queue")).content.decode()
    assert "Chief editor: Integrity check: 1 problem found" in html
    client.force_login(reviewer)
    assert "Integrity check" not in client.get(reverse("workspace-queue")).content.decode()
    client.force_login(chief_editor)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert "Integrity check" not in client.get(reverse("workspace-queue")).content.decode()


def test_a_failed_check_stops_cached_pages_saying_all_is_well(client, live_revision, chief_editor):
    """A change made below the application moves no reader version: until the check runs, the
    cached verify page still says "matches"; once it has run, the page shows the problem."""
    verify_page = live_revision.article.get_absolute_url() + "verify/"
    assert "matches this fingerprint" in client.get(verify_page).content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET question = 'A changed title?' WHERE id = %s",
            [live_revision.pk],
        )
    assert "matches this fingerprint" in client.get(verify_page).content.decode()  # cached

    assert verify_integrity_daily() >= 1

    page = client.get(verify_page).content.decode()
    assert "does not match what was approved" in page and "matches this fingerprint" not in page
