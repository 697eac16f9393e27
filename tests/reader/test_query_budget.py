"""Query budget: the article, home and search pages cost at most 4 queries on a cold cache and 1
on a warm one (on SQLite and on PostgreSQL: the suite runs on PostgreSQL when DATABASE_URL is
set), whatever the number of references, reviewers, revisions and related articles; lists cost a
constant number."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime
from django.utils.html import escape

from audit.models import Event
from reviews import decisions as review_decisions
from tests import factories

from .conftest import cold_cache, publish, start_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_article(editor, disclaimers):
    members = [factories.BoardMemberFactory() for _ in range(5)]
    references = [factories.ReferenceFactory() for _ in range(25)]
    related = [publish(editor=editor, reviewer=members[0].user, references=references[:1]) for _ in range(8)]
    with override_settings(REVIEW_APPROVAL_QUORUM=5):
        revision = factories.make_under_review(
            editor=editor, reviewer_user=members[0].user, references=references
        )

        for member in members:
            review_decisions.revision_approve(
                checklist_confirmed=factories.all_checklist_keys(),
                revision=revision,
                actor=member.user,
                comment="Fine.",
            )
    article = revision.article
    article.related_articles.add(*related)
    return article, members, references, related


def _update(article, *, editor, members, summary):
    """A second approved revision of a live article, through the services."""
    revision = start_update(
        article=article, editor=editor, reviewer=members[0].user, text="More.", summary=summary
    )
    with override_settings(REVIEW_APPROVAL_QUORUM=len(members)):
        for member in members:
            review_decisions.revision_approve(
                checklist_confirmed=factories.all_checklist_keys(),
                revision=revision,
                actor=member.user,
                comment="Fine.",
            )
    return revision


def test_article_page_is_at_most_four_queries_cold_and_one_warm(
    client, big_article, editor, django_assert_max_num_queries, settings
):
    article, members, references, related = big_article
    _update(article, editor=editor, members=members, summary="Updated the dose range")
    for audience in ("patient", "professional"):
        cold_cache(settings)
        with django_assert_max_num_queries(4):
            response = client.get(article.get_absolute_url() + f"?audience={audience}")
        html = response.content.decode()
        assert all(member.display_name in html for member in members)
        assert html.count('class="reference"') == len(references)
        assert all(other.question in html for other in related)
        assert "Updated the dose range" in html and 'id="revision-1"' in html
        with django_assert_max_num_queries(1):
            assert client.get(article.get_absolute_url() + f"?audience={audience}").status_code == 200


def test_the_change_log_is_exactly_what_the_publication_events_say(client, big_article, editor, settings):
    """The change log is read with the approvers; readers must still see what the record says."""
    article, members, _, _ = big_article
    _update(article, editor=editor, members=members, summary="Added <the> 2026 guideline")
    recorded = [
        (
            event.data["revision"],
            parse_datetime(event.data["approved_at"]).date(),
            event.data["change_summary"],
        )
        for event in Event.objects.for_article(article.pk).filter(verb="revision.publish")
    ]
    assert [number for number, _, _ in recorded] == [1, 2]
    cold_cache(settings)
    html = client.get(article.get_absolute_url()).content.decode()
    log = html.split('id="change-log-heading"')[1].split("</ol>")[0]
    shown = re.findall(r'<li id="revision-(\d+)"><time datetime="([\d-]+)">[^<]*</time> — ([^<]*)</li>', log)
    expected = [
        (str(number), day.isoformat(), escape(summary or "Reviewed and approved"))
        for number, day, summary in reversed(recorded)
    ]
    assert shown == expected


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_home_page_and_search_are_at_most_four_queries_cold_and_one_warm_for_few_or_many_articles(
    client, editor, reviewer, disclaimers, reference, settings
):
    publish(editor=editor, reviewer=reviewer, references=[reference])
    paths = ["/", "/search/?q=knee"]
    cold_cache(settings)
    few_cold = [_queries(client, path) for path in paths]
    assert max(few_cold) <= 4
    assert [_queries(client, path) for path in paths] == [1, 1]  # warm: the version only
    for _ in range(25):
        publish(editor=editor, reviewer=reviewer, references=[reference])
    cold_cache(settings)
    assert "Next page" in client.get("/").content.decode()
    cold_cache(settings)
    assert [_queries(client, path) for path in paths] == few_cold
    assert [_queries(client, path) for path in paths + ["/?page=2"]][:2] == [1, 1]
    assert "Next page" in client.get("/search/?q=knee").content.decode()


def test_sitemap_section_costs_the_same_for_few_or_many_articles(
    client, editor, reviewer, disclaimers, reference, django_assert_num_queries, settings
):
    publish(editor=editor, reviewer=reviewer, references=[reference])
    with django_assert_num_queries(3):  # the version, then the page's two
        client.get("/sitemap-articles.xml")
    for _ in range(5):
        publish(editor=editor, reviewer=reviewer, references=[reference])
    cold_cache(settings)
    with django_assert_num_queries(3):
        client.get("/sitemap-articles.xml")


def test_the_sitemap_is_served_from_the_cache_until_the_next_publication(
    client, editor, reviewer, disclaimers, reference, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    first = publish(editor=editor, reviewer=reviewer, references=[reference])
    client.get("/sitemap.xml")
    before = client.get("/sitemap-articles.xml").content.decode()
    with django_assert_num_queries(2):  # the version, once per page
        assert client.get("/sitemap.xml").status_code == 200
        assert client.get("/sitemap-articles.xml").content.decode() == before
    second = publish(editor=editor, reviewer=reviewer, references=[reference])
    after = client.get("/sitemap-articles.xml").content.decode()
    assert first.slug in after and second.slug in after
