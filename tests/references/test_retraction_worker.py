"""End to end through a real Celery worker: a retraction reaches the chief editor's inbox.

The broker is whatever the settings give: in memory by default, Redis where
REDIS_URL is set (as in CI).
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from articles.models import RetractionAlert
from editorial.celery import app
from notifications.models import Notification
from references import services
from tests import factories


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_marking_a_retraction_mails_the_chief_editor_through_a_real_worker(
    editor, reviewer, chief_editor, disclaimers
):
    source = factories.ReferenceFactory(doi="10.5555/retracted.2019.042")
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[source])
    mail.outbox.clear()
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        services.reference_mark_retracted(
            reference=source, actor=editor, notice="Retracted by the publisher."
        )
        deadline = time.monotonic() + 20
        notification = Notification.objects.get(kind="reference_retracted")
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.status == Notification.Status.SENT:
                break
            time.sleep(0.1)
    assert notification.status == Notification.Status.SENT
    assert [message.to for message in mail.outbox if "Retracted source" in message.subject] == [
        [chief_editor.email]
    ]
    assert RetractionAlert.objects.get().article_id == live.article_id
