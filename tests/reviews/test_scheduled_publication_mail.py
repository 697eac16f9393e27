"""The author hears about a scheduled publication: when it is scheduled (with the time it goes
live), and when it is cancelled, by the chief editor or by the site (with the reason). Each
e-mail once; the usual "approved and live" e-mail follows when it goes live."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.publication import publication_schedule_cancel, scheduled_publication_run
from notifications.models import Notification
from tests.reader.conftest import start_update

from .test_scheduled_publication import scheduled  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db


def mails(kind):
    return list(Notification.objects.filter(kind=kind))


def test_scheduling_tells_the_author_when_it_goes_live(scheduled, editor):  # noqa: F811
    publish_at = scheduled.publication_schedule.publish_at

    (mail,) = mails("revision_scheduled")

    assert mail.recipient == editor
    when = timezone.localtime(publish_at).strftime("%-d %B %Y, %H:%M")
    assert when in mail.body_text and when in mail.body_html
    assert f"/workspace/revisions/{scheduled.pk}/" in mail.body_text
    approved = Notification.objects.filter(dedupe_key__startswith=f"revision-{scheduled.pk}-approved")
    assert not approved.exists()
    with time_machine.travel(publish_at + timedelta(seconds=30), tick=False):
        scheduled_publication_run()
    assert approved.count() == 1 and len(mails("revision_scheduled")) == 1


def test_the_chief_editors_cancellation_tells_the_author_why(scheduled, editor, chief_editor):  # noqa: F811
    reason = "The journal moved the embargo."
    publication_schedule_cancel(revision=scheduled, actor=chief_editor, reason=reason)

    (mail,) = mails("schedule_cancelled")

    assert mail.recipient == editor
    assert f"Reason: {reason}" in mail.body_text
    assert f"cancelled by {chief_editor.get_full_name() or chief_editor.username}." in mail.body_text


def test_a_cancellation_by_the_site_tells_the_author_too(scheduled, knee_article, editor, reviewer):  # noqa: F811
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="Urgent fix.", approve=True)

    (mail,) = mails("schedule_cancelled")

    assert mail.recipient == editor
    assert "went live after this publication was scheduled" in mail.body_text
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        assert scheduled_publication_run() == []
    assert len(mails("schedule_cancelled")) == 1
