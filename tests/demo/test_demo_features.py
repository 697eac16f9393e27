"""`make run`'s demo shows the newer features where people meet them: a figure on a live
article's reader page, a scheduled publication in the chief editor's queue, and guest
specialists on a submission the board is looking at. Loading twice adds nothing."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Figure, PinnedFigure, PublicationSchedule, Revision
from articles.publication import scheduled_publication_run
from demo.diagrams import ACTIVITY_WEEK_WORDS, HEIGHT, WIDTH
from notifications.models import Notification
from reviews.models import GuestInvitation, GuestRecommendation

pytestmark = pytest.mark.django_db

FIGURE_ARTICLE = "how-much-exercise-do-adults-need"
SCHEDULED_ARTICLE = "when-should-low-back-pain-be-checked"
GUEST_ARTICLE = "turmeric-instead-of-anti-inflammatories"
GUEST_LINK = re.compile(r"https?://\S+/guest/\S+/")


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


COUNTED = [Article, Revision, Figure, PinnedFigure, PublicationSchedule, GuestInvitation, GuestRecommendation]


def _counts():
    return {model.__name__: model.objects.count() for model in [*COUNTED, Notification]}


def test_loading_the_demo_twice_adds_nothing_the_second_time():
    load_demo()
    first = _counts()
    assert first["Figure"] == 1 and first["PublicationSchedule"] == 1 and first["GuestInvitation"] == 2
    load_demo()
    assert _counts() == first


def test_the_reader_page_shows_the_drawn_figure_with_its_alt_text_caption_and_credit(client):
    load_demo()
    page = client.get(f"/articles/{FIGURE_ARTICLE}/")
    assert page.status_code == 200
    html = page.content.decode()
    image = re.search(r'<figure class="article-figure"[^>]*>\s*<img [^>]*alt="([^"]*)"[^>]*>', html)
    assert image, "the article shows no image"
    assert image.group(1) == ACTIVITY_WEEK_WORDS["alt"]
    assert f'width="{WIDTH}"' in image.group(0) and f'height="{HEIGHT}"' in image.group(0)
    assert ACTIVITY_WEEK_WORDS["caption"] in html
    assert "Diagram: Reviewed Health Answers editorial team" in html
    # The image itself is served to anyone, as a PNG, since a live revision shows it.
    src = re.search(r'src="([^"]+)"', image.group(0)).group(1)
    served = client.get(src)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    data = b"".join(served.streaming_content) if served.streaming else served.content
    assert Image.open(io.BytesIO(data)).size == (WIDTH, HEIGHT)
    # The approval pinned it: the figure is part of what the board approved.
    live = Article.objects.get(slug=FIGURE_ARTICLE).live_revision
    assert list(live.pinned_figures.values_list("key", flat=True)) == ["week-of-activity"]


def test_the_chief_editor_sees_the_scheduled_publication_in_the_queue_and_can_cancel_it(client):
    load_demo()
    article = Article.objects.get(slug=SCHEDULED_ARTICLE)
    schedule = PublicationSchedule.objects.get(revision__article=article)
    revision = schedule.revision
    # A few days after loading, so that it is still waiting while someone tries the demo.
    assert timedelta(days=2) < schedule.publish_at - timezone.now() < timedelta(days=4)
    assert revision.state == Revision.State.APPROVED and revision.number == 2
    assert article.live_revision.number == 1  # still the first revision until its time
    assert schedule.is_pending

    queue = _as(client, "chief").get(reverse("workspace-queue")).content.decode()
    scheduled = queue[queue.index('id="q-scheduled"') :]
    scheduled = scheduled[: scheduled.index("</section>")]
    assert article.question in scheduled
    assert reverse("workspace-revision", args=[revision.pk]) in scheduled

    page = client.get(reverse("workspace-revision", args=[revision.pk])).content.decode()
    assert "Scheduled to go live on" in page
    assert "Cancel the scheduled publication" in page
    # Readers see the first revision only.
    client.logout()
    assert "Staying active" not in client.get(f"/articles/{SCHEDULED_ARTICLE}/").content.decode()
    # When its time comes, the beat job makes it live.
    assert scheduled_publication_run(now=schedule.publish_at + timedelta(minutes=1)) == [revision]
    assert "Staying active" in client.get(f"/articles/{SCHEDULED_ARTICLE}/").content.decode()


def test_the_board_sees_the_guest_specialists_recommendation_on_the_submission(client):
    output = load_demo()
    revision = Article.objects.get(slug=GUEST_ARTICLE).revisions.get()
    assert revision.state == Revision.State.SUBMITTED
    answered = GuestRecommendation.objects.get(invitation__revision=revision)
    assert answered.invitation.name == "Dr. Priya Nair"

    for username in ("okafor", "chief"):
        for name in ("workspace-revision", "workspace-compare"):
            page = _as(client, username).get(reverse(name, args=[revision.pk])).content.decode()
            assert "Guest specialists' recommendations" in page
            assert "Dr. Priya Nair, PharmD, clinical pharmacist" in page
            assert "recommends request changes" in page
            assert "interact with blood thinners" in page
    guests = _as(client, "chief").get(reverse("workspace-guests", args=[revision.pk])).content.decode()
    assert "Dr. Samuel Osei" in guests and "Dr. Priya Nair" in guests

    # Each guest's link went out by e-mail (the outbox); the summary prints one, for the guest
    # still to answer, and it opens that guest's page.
    for invitation in GuestInvitation.objects.filter(revision=revision):
        mail = Notification.objects.get(kind="guest_invitation", to_email=invitation.email)
        assert GUEST_LINK.search(mail.body_text)
    printed = GUEST_LINK.findall(output)
    assert len(printed) == 1
    assert "Dr. Samuel Osei" in output and "Dr. Priya Nair" not in output
    client.logout()
    guest_page = client.get(urlsplit(printed[0]).path)
    assert guest_page.status_code == 200
    assert "Guest specialist review for Dr. Samuel Osei" in guest_page.content.decode()
