"""Scheduled publication: a board approval may carry a "publish at" time; the approved revision
goes live then (the beat task), readers see nothing of it before, and the chief editor can
cancel the schedule, after which it never goes live.

Readers are checked the way they meet the site: the article page in both wordings, home,
search, sitemap, feed, verify page and document, the partner API and its change feed.
"""

from datetime import timedelta
from io import StringIO
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from articles import services
from articles.models import PublicationSchedule, Revision
from articles.publication import scheduled_publication_run
from articles.tasks import publish_scheduled_revisions
from audit.models import Event
from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from notifications.models import Notification
from reviews import decisions as review_decisions
from reviews.models import ReviewDecision
from syndication.models import ChangeFeedEntry
from tests import factories
from tests.articles.test_concurrent_actions import run_at_once
from tests.reader.conftest import start_update
from tests.reader.test_reader_visibility import search_results

pytestmark = pytest.mark.django_db

SECRET = "Quokkavelt embargoed paragraph."
SUMMARY = "Embargoed dosing update"


def approve(revision, actor, publish_at=None):
    return review_decisions.revision_approve(
        revision=revision,
        actor=actor,
        comment="Fine.",
        checklist_confirmed=factories.all_checklist_keys(),
        publish_at=publish_at,
    )


def reader_surfaces(client, api, article):
    """Everything a reader, a robot or a partner can fetch about `article`, concatenated."""
    url = article.get_absolute_url()
    paths = [
        url,
        url + "?audience=professional",
        "/",
        "/sitemap-articles.xml",
        "/feeds/updates.atom",
        url + "verify/",
        url + "verify.json",
    ]
    pages = [client.get(path).content.decode() for path in paths]
    pages += [search_results(client, query) for query in ("Quokkavelt", "embargoed")]
    pages += [api(path).content.decode() for path in ("/api/v1/articles/", "/api/v1/changes/")]
    pages.append(api(f"/api/v1/articles/{article.slug}/").content.decode())
    return "\n".join(pages)


@pytest.fixture
def scheduled(knee_article, editor, second_reviewer):
    """An update of a live article, approved to go live in two hours."""
    revision = start_update(
        article=knee_article, editor=editor, reviewer=second_reviewer, text=SECRET, summary=SUMMARY
    )
    publish_at = timezone.now() + timedelta(hours=2)
    approve(revision, second_reviewer, publish_at=publish_at)
    revision.refresh_from_db()
    return revision


# ----------------------------------------------------------------------
# Before, at and after the time
# ----------------------------------------------------------------------
def test_a_scheduled_update_is_approved_and_sealed_but_the_live_text_does_not_change(scheduled, knee_article):
    knee_article.refresh_from_db()
    assert scheduled.state == Revision.State.APPROVED
    assert scheduled.content_sha256 and scheduled.content_is_intact()
    assert knee_article.live_revision.number == 1
    schedule = scheduled.publication_schedule
    assert schedule.is_pending
    assert not Event.objects.filter(verb="revision.publish", data__revision=2).exists()
    assert not Notification.objects.filter(
        dedupe_key__startswith=f"revision-{scheduled.pk}-approved"
    ).exists()


def test_readers_and_partners_see_nothing_of_a_scheduled_update_before_its_time_and_all_of_it_after(
    client, api, scheduled, knee_article, second_reviewer
):
    member = second_reviewer.board_member.display_name
    client.get(knee_article.get_absolute_url())  # the old page is cached
    publish_at = scheduled.publication_schedule.publish_at

    with time_machine.travel(publish_at - timedelta(minutes=1), tick=False):
        assert scheduled_publication_run() == []
        everything = reader_surfaces(client, api, knee_article)
        for hidden in (SECRET, SUMMARY, "Quokkavelt", member):
            assert hidden not in everything
        assert "Long-lasting knee pain" in everything
        assert ChangeFeedEntry.objects.filter(article=knee_article).count() == 1

    with time_machine.travel(publish_at + timedelta(seconds=30), tick=False):
        assert [revision.pk for revision in scheduled_publication_run()] == [scheduled.pk]
        page = client.get(knee_article.get_absolute_url()).content.decode()
        assert SECRET in page and member in page
        assert SECRET in api(f"/api/v1/articles/{knee_article.slug}/").content.decode()
        assert knee_article.slug in search_results(client, "Quokkavelt")
        assert SUMMARY in client.get("/feeds/updates.atom").content.decode()
    knee_article.refresh_from_db()
    assert knee_article.live_revision_id == scheduled.pk
    schedule = PublicationSchedule.objects.get(revision=scheduled)
    assert schedule.published_at == publish_at + timedelta(seconds=30)
    assert ChangeFeedEntry.objects.filter(article=knee_article, revision_number=2).count() == 1
    assert (
        Notification.objects.filter(dedupe_key__startswith=f"revision-{scheduled.pk}-approved").count() == 1
    )


def test_a_first_publication_scheduled_for_later_does_not_exist_for_readers_until_then(
    client, api, editor, reviewer, reference, disclaimers
):
    revision = factories.make_under_review(
        editor=editor, reviewer_user=reviewer, references=[reference], question="Is Quokkavelt safe?"
    )
    approve(revision, reviewer, publish_at=timezone.now() + timedelta(days=3))
    article = revision.article
    assert client.get(article.get_absolute_url()).status_code == 404
    assert api(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert "Quokkavelt" not in reader_surfaces(client, api, article)

    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1), tick=False):
        publish_scheduled_revisions()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert (
            "Quokkavelt"
            in client.get("/sitemap-articles.xml").content.decode() + client.get("/").content.decode()
        )


# ----------------------------------------------------------------------
# Cancelling
# ----------------------------------------------------------------------
def test_a_cancelled_schedule_never_goes_live(client, api, scheduled, knee_article, chief_editor):
    from articles.publication import publication_schedule_cancel

    publication_schedule_cancel(
        revision=scheduled, actor=chief_editor, reason="The journal moved the embargo."
    )
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert scheduled_publication_run() == []
        assert SECRET not in reader_surfaces(client, api, knee_article)
    knee_article.refresh_from_db()
    assert knee_article.live_revision.number == 1
    schedule = PublicationSchedule.objects.get(revision=scheduled)
    assert schedule.cancelled_by == chief_editor and schedule.published_at is None
    event = Event.objects.get(verb="revision.cancel_schedule")
    assert event.comment == "The journal moved the embargo." and event.actor == chief_editor


def test_only_a_chief_editor_can_cancel_and_only_while_it_waits(scheduled, reviewer, chief_editor):
    from articles.publication import publication_schedule_cancel

    history = PublicationSchedule.history.count()
    with pytest.raises(ActionNotAllowed):
        publication_schedule_cancel(revision=scheduled, actor=reviewer, reason="No.")
    with pytest.raises(InvalidAction):
        publication_schedule_cancel(revision=scheduled, actor=chief_editor, reason="   ")
    assert PublicationSchedule.history.count() == history
    assert PublicationSchedule.objects.get(revision=scheduled).is_pending

    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        scheduled_publication_run()
    with pytest.raises(ActionConflict, match="no scheduled publication waiting"):
        publication_schedule_cancel(revision=scheduled, actor=chief_editor, reason="Too late.")


# ----------------------------------------------------------------------
# The beat job: once, and never over a newer revision
# ----------------------------------------------------------------------
def test_running_the_beat_job_again_publishes_nothing_twice(scheduled, knee_article):
    later = timezone.now() + timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        assert len(scheduled_publication_run()) == 1
        assert scheduled_publication_run() == []
        assert publish_scheduled_revisions() == []
    assert (
        Event.objects.filter(verb="revision.publish", article_id=knee_article.pk, data__revision=2).count()
        == 1
    )
    assert ChangeFeedEntry.objects.filter(article=knee_article, revision_number=2).count() == 1


def test_an_older_scheduled_revision_never_replaces_a_newer_one_that_went_live_first(
    scheduled, knee_article, editor, reviewer
):
    newer = start_update(
        article=knee_article, editor=editor, reviewer=reviewer, text="Urgent fix.", approve=True
    )
    knee_article.refresh_from_db()
    assert knee_article.live_revision_id == newer.pk
    # Cancelled as the newer revision went live, so nobody sees it as upcoming any more.
    assert not PublicationSchedule.objects.pending().exists()
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        assert scheduled_publication_run() == []
    knee_article.refresh_from_db()
    assert knee_article.live_revision_id == newer.pk
    schedule = PublicationSchedule.objects.get(revision=scheduled)
    assert schedule.cancelled_at is not None and schedule.cancelled_by is None
    assert "Revision 3 went live after this publication was scheduled" in schedule.cancel_reason


def test_an_article_unpublished_after_scheduling_is_not_brought_back_by_the_schedule(
    scheduled, knee_article, chief_editor
):
    services.article_unpublish(article=knee_article, actor=chief_editor, reason="Safety review.")
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        assert scheduled_publication_run() == []
    knee_article.refresh_from_db()
    assert knee_article.live_revision is None
    assert "unpublished after" in PublicationSchedule.objects.get(revision=scheduled).cancel_reason


@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_at_the_same_moment_publish_a_schedule_once(editor, reviewer, reference, disclaimers):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    publish_at = timezone.now() + timedelta(minutes=5)
    approve(revision, reviewer, publish_at=publish_at)
    later = publish_at + timedelta(minutes=1)
    outcomes = run_at_once(
        lambda: scheduled_publication_run(now=later), lambda: scheduled_publication_run(now=later)
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert sorted(len(published) for _, published in outcomes) == [0, 1]
    assert Event.objects.filter(verb="revision.publish", object_id=str(revision.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_beat_run_and_a_newer_approval_at_the_same_moment_leave_the_newer_revision_live(
    editor, reviewer, second_reviewer, reference, disclaimers
):
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    older = start_update(article=live.article, editor=editor, reviewer=reviewer, text="Older.")
    publish_at = timezone.now() + timedelta(minutes=5)
    approve(older, reviewer, publish_at=publish_at)
    newer = start_update(article=live.article, editor=editor, reviewer=second_reviewer, text="Newer.")
    outcomes = run_at_once(
        lambda: scheduled_publication_run(now=publish_at + timedelta(minutes=1)),
        lambda: approve(newer, second_reviewer),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    live.article.refresh_from_db()
    assert live.article.live_revision_id == newer.pk
    assert not PublicationSchedule.objects.pending().exists()


# ----------------------------------------------------------------------
# The time given with the approval
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(minutes=-1), "already passed"),
        (timedelta(days=400), "at most one year ahead"),
    ],
)
def test_a_publication_time_in_the_past_or_too_far_ahead_is_refused_and_nothing_changes(
    editor, reviewer, reference, disclaimers, offset, message
):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    with pytest.raises(InvalidAction, match=message) as refusal:
        approve(revision, reviewer, publish_at=timezone.now() + offset)
    assert message in refusal.value.field_errors["publish_at"][0]
    revision.refresh_from_db()
    assert revision.state == Revision.State.UNDER_REVIEW
    assert not ReviewDecision.objects.filter(revision=revision).exists()
    assert not PublicationSchedule.objects.exists()


def test_a_publication_time_without_a_time_zone_is_refused(editor, reviewer, reference, disclaimers):
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    naive = timezone.make_naive(timezone.now() + timedelta(hours=1))
    with pytest.raises(InvalidAction, match="time zone"):
        approve(revision, reviewer, publish_at=naive)
    assert not ReviewDecision.objects.filter(revision=revision).exists()


def test_with_a_quorum_the_latest_time_any_approving_member_gave_is_kept(
    settings, editor, reviewer, second_reviewer, reference, disclaimers
):
    settings.REVIEW_APPROVAL_QUORUM = 2
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    later, sooner = timezone.now() + timedelta(hours=5), timezone.now() + timedelta(hours=1)
    approve(revision, reviewer, publish_at=later)
    assert not PublicationSchedule.objects.exists()  # no quorum yet
    approve(revision, second_reviewer, publish_at=sooner)
    assert PublicationSchedule.objects.get(revision=revision).publish_at == later
    assert revision.decisions.aggregate(latest=Max("publish_at"))["latest"] == later


def test_an_approval_without_a_time_still_publishes_at_once(editor, reviewer, reference, disclaimers):
    revision = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    assert revision.article.live_revision_id == revision.pk
    assert not PublicationSchedule.objects.exists()


def test_the_management_command_runs_what_is_due_for_a_site_without_beat(scheduled, knee_article):
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "0 scheduled publication(s) run." in out.getvalue()
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        call_command("publish_scheduled", stdout=out)
    assert f"Published {knee_article.slug}, revision 2." in out.getvalue()


def test_celery_beat_runs_the_publication_task_every_minute(settings):
    from editorial.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-revisions"]
    assert entry["schedule"] == 60.0
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_a_partner_polling_with_modified_since_gets_a_scheduled_update_once_it_goes_live(
    api, scheduled, knee_article
):
    publish_at = scheduled.publication_schedule.publish_at
    # The partner's last poll came after the board's approval, before the update went live.
    last_poll = (timezone.now() + timedelta(minutes=1)).isoformat()

    def polled_slugs():
        answer = api(f"/api/v1/articles/?modified_since={quote(last_poll)}")
        assert answer.status_code == 200
        return [item["slug"] for item in answer.json()["results"]]

    with time_machine.travel(publish_at - timedelta(minutes=1), tick=False):
        assert polled_slugs() == []
    with time_machine.travel(publish_at + timedelta(seconds=30), tick=False):
        scheduled_publication_run()
        assert polled_slugs() == [knee_article.slug]
