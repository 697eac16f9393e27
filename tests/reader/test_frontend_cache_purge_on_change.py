"""Every change readers can see purges the pages that show it from the caches in front of the
site, after the change has committed: never before, and never for a change that rolled back."""

import pytest
from django.db import transaction

from articles import services
from editorial.celery import app
from tests.purge_recorder import PurgeRecorder

from .conftest import publish, start_update

pytestmark = pytest.mark.django_db

LISTINGS = {"/", "/?*", "/search/*", "/sitemap*", "/feeds/updates.atom*", "/board/*"}


def covered(path, purged):
    """Whether a purge reaches `path`: "/prefix*" bans everything under it (deploy/varnish)."""
    return any(path == p or (p.endswith("*") and path.startswith(p[:-1])) for p in purged)


@pytest.fixture
def proxy(settings):
    recorder = PurgeRecorder()
    settings.FRONTEND_CACHES = {
        "varnish": {"BACKEND": "editorial.frontend_cache.backends.HTTPPurgeBackend", "LOCATION": recorder.url}
    }
    settings.SITE_URL = "https://answers.example.org"
    # The task itself runs where the commit happened; its retries are tested on their own.
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield recorder
    app.conf.task_always_eager = eager
    recorder.close()


def test_an_approved_update_purges_the_article_the_pages_relating_to_it_and_the_listings(
    knee_article, editor, reviewer, proxy, django_capture_on_commit_callbacks
):
    related = knee_article.related_articles.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start_update(article=related, editor=editor, reviewer=reviewer, text="More.", approve=True)
    assert proxy.received == []  # nothing before the commit
    for callback in callbacks:
        callback()

    assert {host for host, _ in proxy.received} == {"answers.example.org"}
    articles = {f"{related.get_absolute_url()}*", f"{knee_article.get_absolute_url()}*"}
    assert set(proxy.paths) == articles | LISTINGS
    assert covered(f"{related.get_absolute_url()}verify/", proxy.paths)
    assert covered(f"{related.get_absolute_url()}verify.json", proxy.paths)


def test_unpublishing_purges_the_article_and_the_listings(
    knee_article, chief_editor, proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=knee_article, actor=chief_editor, reason="Outdated advice.")
    assert f"{knee_article.get_absolute_url()}*" in proxy.paths
    assert LISTINGS <= set(proxy.paths)
    assert covered(f"{knee_article.get_absolute_url()}verify/", proxy.paths)
    assert covered(f"{knee_article.get_absolute_url()}verify.json", proxy.paths)


def test_a_board_member_edit_purges_every_page(
    knee_article, reviewer, admin_user, client, proxy, django_capture_on_commit_callbacks
):
    member = reviewer.board_member
    client.force_login(admin_user)
    data = {
        "user": member.user_id,
        "slug": member.slug,
        "display_name": member.display_name,
        "credentials": "MD, PhD",
        "specialty": member.specialty,
        "bio": member.bio,
        "conflict_of_interest": member.conflict_of_interest,
        "is_active": "on",
        "joined_on": member.joined_on.isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/reviews/boardmember/{member.pk}/change/", data)
    assert response.status_code == 302
    assert proxy.paths == ["/*"]


def test_a_change_that_rolls_back_purges_nothing_and_keeps_the_version(
    editor, reviewer, disclaimers, proxy, django_capture_on_commit_callbacks
):
    from reader.freshness import current_state

    before = current_state()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            publish(editor=editor, reviewer=reviewer)
            raise RuntimeError("the change fails after the publication")
    assert proxy.received == []
    assert current_state() == before


def test_a_purge_the_broker_could_not_take_waits_in_the_database_and_beat_queues_it(
    knee_article, chief_editor, proxy, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from editorial.frontend_cache import tasks
    from editorial.models import PendingPurge

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks.purge_frontend_cache, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):  # robust: nothing raised
            services.article_unpublish(article=knee_article, actor=chief_editor, reason="Outdated.")
        knee_article.refresh_from_db()
        assert knee_article.live_revision is None  # the change committed
        assert proxy.received == []
        (pending,) = PendingPurge.objects.all()
        assert f"https://answers.example.org{knee_article.get_absolute_url()}*" in pending.urls
        # Beat finds the broker still down: the row waits for the next run.
        PendingPurge.objects.update(created_at=pending.created_at - tasks.REQUEUE_AFTER * 2)
        with pytest.raises(OperationalError):
            tasks.requeue_pending_purges()
        assert PendingPurge.objects.count() == 1

    assert tasks.requeue_pending_purges() == 1  # the broker is back

    assert f"{knee_article.get_absolute_url()}*" in proxy.paths
    assert LISTINGS <= set(proxy.paths)
    assert not PendingPurge.objects.exists()


def test_a_purge_queued_at_commit_leaves_nothing_waiting(
    knee_article, chief_editor, proxy, django_capture_on_commit_callbacks
):
    from editorial.frontend_cache.tasks import requeue_pending_purges
    from editorial.models import PendingPurge

    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=knee_article, actor=chief_editor, reason="Outdated advice.")
    assert proxy.paths and not PendingPurge.objects.exists()
    assert requeue_pending_purges() == 0
