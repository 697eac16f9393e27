"""A scheduled update is dated by when readers could first see it: "Last updated" on the article
page and in lists, the JSON-LD's dateModified, the sitemap's lastmod and the feed's entry dates
are the go-live time; what the board reviewed stays dated by its approval (lastReviewed, the
next review due, "Approved" on the verification page).

Crawlers and feed readers compare these dates with what they fetched before: dated by its
approval, a page that changed two days later looks unchanged since before their last visit."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.publication import scheduled_publication_run
from reviews import decisions as review_decisions
from tests import factories
from tests.reader.conftest import start_update

pytestmark = pytest.mark.django_db

LATER = timedelta(days=2, hours=1)


def day(moment):
    return timezone.localtime(moment).date()


@pytest.fixture
def went_live(knee_article, editor, second_reviewer):
    """An update approved now that went live two days later, through the beat job."""
    revision = start_update(
        article=knee_article,
        editor=editor,
        reviewer=second_reviewer,
        text="Updated advice.",
        summary="Update",
    )
    review_decisions.revision_approve(
        revision=revision,
        actor=second_reviewer,
        comment="Fine.",
        checklist_confirmed=factories.all_checklist_keys(),
        publish_at=timezone.now() + LATER,
    )
    revision.refresh_from_db()
    go_live = revision.publication_schedule.publish_at + timedelta(seconds=30)
    with time_machine.travel(go_live, tick=False):
        assert [r.pk for r in scheduled_publication_run()] == [revision.pk]
    revision.refresh_from_db()
    assert day(revision.approved_at) != day(go_live)
    return knee_article, revision, go_live


@pytest.fixture
def reader_day(went_live):
    """Reading on the day after the go-live."""
    with time_machine.travel(went_live[2] + timedelta(days=1), tick=False):
        yield


def test_the_article_page_says_when_it_changed_and_when_it_was_reviewed(client, went_live, reader_day):
    article, revision, go_live = went_live
    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<dt>Last updated</dt><dd><time datetime="{day(go_live):%Y-%m-%d}">' in html
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    page = json_ld if "dateModified" in json_ld else next(i for i in json_ld["@graph"] if "dateModified" in i)
    assert page["dateModified"] == day(go_live).isoformat()
    assert page["lastReviewed"] == day(revision.approved_at).isoformat()
    assert (
        f'<meta property="article:modified_time" content="{timezone.localtime(go_live):%Y-%m-%dT%H:%M:%S}'
        in html
    )


def test_lists_say_when_the_article_changed(client, went_live, reader_day):
    article, _, go_live = went_live
    expected = f'Last updated <time datetime="{day(go_live):%Y-%m-%d}">'

    home = client.get("/").content.decode()
    found = client.get("/search/", {"q": "knee"}).content.decode()

    for html in (home, found):
        entry = html[html.index(article.get_absolute_url()) :]
        assert entry[: entry.index("</li>")].count(expected) == 1


def test_the_sitemap_and_the_feed_date_it_by_its_go_live(client, went_live, reader_day):
    article, revision, go_live = went_live

    section = client.get("/sitemap-articles.xml").content.decode()
    index = client.get("/sitemap.xml").content.decode()
    feed = client.get("/feeds/updates.atom").content.decode()

    url_entry = section[section.index(article.get_absolute_url()) :]
    assert re.search(r"<lastmod>([^<]+)</lastmod>", url_entry).group(1).startswith(f"{day(go_live):%Y-%m-%d}")
    assert f"<lastmod>{day(go_live):%Y-%m-%d}" in index
    (entry,) = [entry for entry in feed.split("<entry>") if f"#revision-{revision.number}</id>" in entry]
    stamp = f"{timezone.localtime(go_live):%Y-%m-%dT%H:%M:%S}"
    assert f"<updated>{stamp}" in entry and f"<published>{stamp}" in entry
