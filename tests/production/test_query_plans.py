"""The reader's and the board's main queries use indexes, so their cost does not grow with the library.

PostgreSQL only: the plans are PostgreSQL's. A few thousand articles are generated with the
bench generator (three revisions each, decisions, pinned citations, history rows), the tables
are analysed, and each query's EXPLAIN must show no sequential scan on a big table.
"""

import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

from articles import selectors
from articles.models import Article, Citation, Revision
from reviews import approvals
from reviews.models import BoardMember
from reviews.queue import ReviewQueue, review_queue_for
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Query plans are PostgreSQL's; set DATABASE_URL to a PostgreSQL database to run them.",
    ),
]

ARTICLES = 3_000


@pytest.fixture(scope="module")
def library(django_db_setup, django_db_blocker):
    """A generated library for every test in this module, rolled back at the end."""
    from generate_library import grow_library

    with django_db_blocker.unblock(), transaction.atomic():
        factories.EditorFactory(username="editor")
        factories.EditorFactory(username="editor2")
        factories.BoardMemberFactory()
        factories.BoardMemberFactory()
        factories.make_disclaimers()
        grow_library(ARTICLES, vacuum=False, progress=lambda message: None)
        article = Article.objects.filter(slug__startswith="bench-001234").get()
        yield {"article": article, "live": article.live_revision}
        transaction.set_rollback(True)


def assert_no_sequential_scan(queryset, *tables):
    """None of `tables`, which grow with the library, is read from end to end."""
    plan = queryset.explain()
    scanned = [table for table in tables if f"Seq Scan on {table} " in plan]
    assert not scanned, f"Sequential scan on {', '.join(scanned)}:\n{plan}"


@pytest.mark.django_db
def test_the_article_page_finds_its_article_by_slug_through_an_index(library):
    assert_no_sequential_scan(
        selectors.article_list_published().filter(slug=library["article"].slug),
        "articles_article",
        "articles_revision",
    )


@pytest.mark.django_db
def test_the_article_page_finds_its_article_and_related_questions_through_indexes(library):
    assert_no_sequential_scan(
        selectors.article_with_related_published(slug=library["article"].slug),
        "articles_article",
        "articles_revision",
    )


@pytest.mark.django_db
def test_the_article_page_reads_its_approvals_through_indexes(library):
    assert_no_sequential_scan(
        approvals.article_approval_records(article=library["article"]),
        "articles_revision",
        "articles_reviewdecision",
    )


@pytest.mark.django_db
def test_the_article_page_reads_its_pinned_citations_through_an_index(library):
    assert_no_sequential_scan(
        Citation.objects.filter(revision=library["live"]).select_related("reference"), "references_citation"
    )


@pytest.mark.django_db
def test_the_review_queue_is_read_through_an_index(library):
    queue = selectors.revision_list_review_queue()
    assert queue.count() > 0
    # The queue's own size is the board's workload; what must not matter is how many
    # revisions were ever written.
    assert_no_sequential_scan(queue[:50], "articles_revision")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ReviewQueue.LISTS)
def test_each_list_of_a_board_members_queue_is_read_through_indexes(library, name):
    member = BoardMember.objects.select_related("user").first()
    queue = getattr(review_queue_for(user=member.user), name)
    assert_no_sequential_scan(
        queue[:50],
        "articles_revision",
        "articles_historicalrevision",
        "articles_reviewdecision",
        "reviews_reviewassignment",
    )


@pytest.mark.django_db
def test_a_revisions_history_is_looked_up_by_id_through_an_index(library):
    assert_no_sequential_scan(
        Revision.history.filter(id=library["live"].pk).order_by("-history_id"), "articles_historicalrevision"
    )


@pytest.mark.django_db
def test_an_articles_history_is_looked_up_by_id_through_an_index(library):
    assert_no_sequential_scan(
        Article.history.filter(id=library["article"].pk).order_by("-history_id"), "articles_historicalarticle"
    )


@pytest.mark.django_db
def test_the_home_page_reads_its_first_page_through_an_index(library):
    assert_no_sequential_scan(
        selectors.article_list_published_brief()[:21], "articles_article", "articles_revision"
    )


@pytest.mark.django_db
def test_search_finds_matches_through_an_index(library):
    assert_no_sequential_scan(
        selectors.article_search_published(query="abcorine")[:21], "articles_article", "articles_revision"
    )
