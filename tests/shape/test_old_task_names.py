"""A message queued by the release before the apps were split still finds its task."""

import pytest
from django.core import mail

from editorial.celery import app
from notifications.models import Notification
from tests import factories


@pytest.mark.django_db
def test_a_notification_queued_under_the_old_task_name_is_still_sent():
    chief = factories.ChiefEditorFactory().user
    notification = Notification.objects.create(
        kind="test", dedupe_key="old-name", recipient=chief, to_email="chief@example.org",
        subject="Hello", body_text="Body",
    )  # fmt: skip
    app.loader.import_default_modules()
    assert app.tasks["editorial.tasks.deliver_notification"].apply(args=[notification.pk]).get() is True
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert [message.subject for message in mail.outbox] == ["Hello"]
    for name in (
        "editorial.tasks.requeue_pending_notifications",
        "articles.tasks.remind_overdue_reviews",
        "articles.tasks.flag_articles_due_for_rereview",
    ):
        assert name in app.tasks
