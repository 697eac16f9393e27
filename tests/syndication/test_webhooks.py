"""Webhooks through a real Celery worker to a real HTTP receiver: once per change, signed,
retried after a failure, never for a rolled-back transaction, never in the way of publishing.

The receiver speaks plain HTTP on the loopback; partners register https addresses only (the
admin refuses others), which is the one thing these tests leave out."""

import json
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from articles import services
from editorial.celery import app
from reviews import decisions as review_decisions
from syndication.models import ChangeFeedEntry, Partner, WebhookDelivery
from syndication.services import webhook_resend
from syndication.tasks import deliver_webhook, requeue_due_webhooks
from syndication.webhooks import verify
from tests import factories
from tests.reader.conftest import start_update

from .receiver import running_receiver

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def events(receiver, secret):
    """The receiver's requests as events, each checked the way a partner checks them."""
    out = []
    for request in receiver.requests:
        headers = request["headers"]
        assert verify(secret, headers["Webhook-Timestamp"], request["body"], headers["Webhook-Signature"])
        event = json.loads(request["body"])
        assert headers["Webhook-Id"] == event["id"]
        out.append(event)
    return out


def make_partner(url, name="Riverside Clinic"):
    return Partner.objects.create(name=name, webhook_url=url)


def test_each_change_is_delivered_once_with_a_valid_signature(editor, reviewer, chief_editor, disclaimers):
    with running_receiver() as (receiver, url), start_worker(app, perform_ping_check=False, pool="solo"):
        partner = make_partner(url)
        Partner.objects.create(name="No webhook")  # gets nothing, and nothing breaks
        article = factories.make_live(
            editor=editor, reviewer_user=reviewer, question="Ice for a sprain?"
        ).article
        assert wait_for(lambda: len(receiver.requests) == 1)
        start_update(article=article, editor=editor, reviewer=reviewer, text="More.", approve=True)
        assert wait_for(lambda: len(receiver.requests) == 2)
        services.article_unpublish(article=article, actor=chief_editor, reason="Withdrawn.")
        assert wait_for(lambda: len(receiver.requests) == 3)
        # Nothing more arrives: not from the worker, not from the re-queue job.
        requeue_due_webhooks()
        time.sleep(1)
    received = events(receiver, partner.webhook_secret)
    assert [(e["type"], e["article"]["slug"], e["article"]["revision"]) for e in received] == [
        ("article.published", article.slug, 1),
        ("article.updated", article.slug, 2),
        ("article.unpublished", article.slug, None),
    ]
    assert received[2]["article"]["url"] is None
    assert "Ice for a sprain" not in str(received) and "Withdrawn." not in str(received)
    assert len({e["id"] for e in received}) == 3
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}


def test_a_failed_delivery_is_retried_with_the_same_event_and_a_fresh_signature(
    editor, reviewer, disclaimers, settings
):
    settings.SYNDICATION_WEBHOOK_RETRY_BASE_SECONDS = 0.3
    with (
        running_receiver(statuses=[500, 503]) as (receiver, url),
        start_worker(app, perform_ping_check=False, pool="solo"),
    ):
        partner = make_partner(url)
        factories.make_live(editor=editor, reviewer_user=reviewer)
        delivery = WebhookDelivery.objects.get()
        assert wait_for(lambda: WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED)
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert delivery.last_status_code == 204
    received = events(receiver, partner.webhook_secret)
    assert len(received) == 3
    assert len({e["id"] for e in received}) == 1


def test_a_rolled_back_publication_is_never_announced(editor, reviewer, disclaimers):
    with running_receiver() as (receiver, url), start_worker(app, perform_ping_check=False, pool="solo"):
        make_partner(url)
        revision = factories.make_under_review(editor=editor, reviewer_user=reviewer)
        with pytest.raises(RuntimeError), transaction.atomic():
            review_decisions.revision_approve(
                revision=revision, actor=reviewer, checklist_confirmed=factories.all_checklist_keys()
            )
            assert WebhookDelivery.objects.count() == 1  # written in the transaction...
            raise RuntimeError("something after the approval failed")
        assert WebhookDelivery.objects.count() == 0  # ...and gone with it
        assert ChangeFeedEntry.objects.count() == 0
        requeue_due_webhooks()
        # A later, committed publication does arrive: the receiver was listening all along.
        factories.make_live(editor=editor, reviewer_user=reviewer)
        assert wait_for(lambda: len(receiver.requests) == 1)
        time.sleep(0.5)
    assert len(receiver.requests) == 1


def test_an_endpoint_that_is_down_never_delays_or_breaks_publication(editor, reviewer, disclaimers, settings):
    settings.SYNDICATION_WEBHOOK_RETRY_BASE_SECONDS = 3600
    make_partner("http://127.0.0.1:9/nobody-listens")
    with start_worker(app, perform_ping_check=False, pool="solo"):
        started = time.monotonic()
        revision = factories.make_live(editor=editor, reviewer_user=reviewer)
        assert time.monotonic() - started < 5
        assert revision.state == "approved"
        assert wait_for(lambda: WebhookDelivery.objects.get().attempts == 1)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.next_attempt_at is not None
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_the_admin_re_sends_a_delivered_event(editor, reviewer, disclaimers, admin_user, client):
    with running_receiver() as (receiver, url):
        partner = make_partner(url)
        factories.make_live(editor=editor, reviewer_user=reviewer)
        delivery = WebhookDelivery.objects.get()
        assert deliver_webhook(delivery.pk) is True  # the task, called at its seam
        assert deliver_webhook(delivery.pk) is False  # idempotent: delivered once
        client.force_login(admin_user)
        page = client.get("/admin/syndication/webhookdelivery/").content.decode()
        assert "Delivered" in page
        response = client.post(
            "/admin/syndication/webhookdelivery/", {"action": "resend", "_selected_action": [delivery.pk]}
        )
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert deliver_webhook(delivery.pk) is True
    received = events(receiver, partner.webhook_secret)
    assert len(received) == 2 and received[0]["id"] == received[1]["id"]
    assert webhook_resend(ids=[]) == 0
