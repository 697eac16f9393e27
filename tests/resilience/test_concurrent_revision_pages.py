"""The revision pages are thread-safe: under a threaded server (runserver, `make run`), many
people opening the same revision at once never meet django-fsm's protected-field race."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse

from articles.models import Revision

REQUESTS = 100


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_requests_to_a_revision_page_answer_without_a_500(
    live_server, under_review, reviewer
):
    cookie = session_cookie(reviewer)
    urls = [
        live_server.url + reverse("workspace-revision", args=[under_review.pk]),
        live_server.url + reverse("workspace-compare", args=[under_review.pk]),
    ]

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda i: fetch(urls[i % 2], cookie), range(REQUESTS)))

    assert statuses.count(200) == REQUESTS, sorted(set(statuses))


@pytest.mark.django_db
def test_refreshing_a_revision_keeps_its_state_protected_and_does_not_touch_the_shared_field(under_review):
    field = Revision._meta.get_field("state")
    under_review.refresh_from_db()

    assert field.protected is True
    assert under_review.state == Revision.State.UNDER_REVIEW
    with pytest.raises(AttributeError):
        under_review.state = Revision.State.APPROVED
    # A deferred state is loaded on first use, through the same refresh.
    deferred = Revision.objects.only("pk").get(pk=under_review.pk)
    assert deferred.state == Revision.State.UNDER_REVIEW


def test_the_protected_flag_is_never_switched_off_while_a_revision_refreshes(monkeypatch, under_review):
    """django-fsm's own refresh switches the field's class-wide flag off and on, so another
    thread assigning at that moment fails; ours never touches it."""
    field = Revision._meta.get_field("state")
    seen = []
    model_refresh = models.Model.refresh_from_db

    def watching_refresh(self, *args, **kwargs):
        seen.append(field.protected)
        return model_refresh(self, *args, **kwargs)

    monkeypatch.setattr(models.Model, "refresh_from_db", watching_refresh)
    under_review.refresh_from_db()
    under_review.refresh_from_db(fields=["state"])

    assert len(seen) >= 2 and all(seen)
