"""`manage.py verify_integrity` on the demo content: clean, it exits 0; after each kind of
tampering done by raw SQL, below every guard of the application, it exits non-zero and
names the affected article."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article, Citation, Disclaimer, Revision
from reviews.models import ReviewDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    live = list(Article.objects.filter(live_revision__isnull=False).select_related("live_revision"))
    assert len(live) >= 2, "the demo should have several live articles"
    return live


def verify_integrity():
    """(exit status, printed lines) of the command, as a shell would see them."""
    out = io.StringIO()
    try:
        call_command("verify_integrity", stdout=out)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return status, out.getvalue().splitlines()


def raw_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def json_param(value):
    """A JSON value as a raw SQL placeholder, for the JSON column of either database."""
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s", json.dumps(value)


def assert_names_only(lines, article, others):
    assert lines, "a problem was expected"
    assert all(f"article {article.slug} " in line for line in lines), lines
    for other in others:
        if other.pk != article.pk:
            assert not any(f"article {other.slug} " in line for line in lines)


def test_untouched_demo_content_passes(demo):
    status, lines = verify_integrity()
    assert status == 0
    assert lines == ["No integrity problems found."]


def test_a_changed_question_of_an_approved_revision_is_found(demo):
    article = demo[0]
    raw_sql(
        f"UPDATE {Revision._meta.db_table} SET question = %s WHERE id = %s",
        ["Is this a quietly changed title?", article.live_revision_id],
    )
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)
    assert any(f"revision {article.live_revision.number}: " in line for line in lines)


def test_a_changed_page_title_of_a_live_article_is_found(demo):
    article = demo[0]
    raw_sql(f"UPDATE {Article._meta.db_table} SET question = %s WHERE id = %s", ["Changed?", article.pk])
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)
    assert any("page title" in line for line in lines)


@pytest.mark.parametrize("column", ["body_patient", "body_professional"])
def test_a_changed_wording_is_found(demo, column):
    article = demo[1]
    raw_sql(
        f"UPDATE {Revision._meta.db_table} SET {column} = {column} || %s WHERE id = %s",
        [" Double the dose.", article.live_revision_id],
    )
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)


def _a_cited_article(demo):
    for article in demo:
        citation = Citation.objects.filter(revision_id=article.live_revision_id).first()
        if citation is not None:
            return article, citation
    raise AssertionError("the demo should cite references")


def test_a_nulled_pinned_reference_copy_is_found(demo):
    article, citation = _a_cited_article(demo)
    raw_sql(f"UPDATE {Citation._meta.db_table} SET pinned_snapshot = NULL WHERE id = %s", [citation.pk])
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)
    assert any(f"[@{citation.reference.citation_key}] is missing" in line for line in lines)
    assert any("no longer matches the fingerprint" in line for line in lines)


def test_an_edited_pinned_reference_copy_is_found(demo):
    article, citation = _a_cited_article(demo)
    edited = {**citation.pinned_snapshot, "year": 1999, "title": "A different study"}
    placeholder, value = json_param(edited)
    raw_sql(
        f"UPDATE {Citation._meta.db_table} SET pinned_snapshot = {placeholder} WHERE id = %s",
        [value, citation.pk],
    )
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)


def test_an_edited_pinned_disclaimer_is_found_on_every_article_pinning_it(demo):
    disclaimer_id = demo[0].live_revision.disclaimer_professional_id
    raw_sql(
        f"UPDATE {Disclaimer._meta.db_table} SET text = %s WHERE id = %s", ["Nothing to see.", disclaimer_id]
    )
    status, lines = verify_integrity()
    assert status == 1
    pinning = Revision.objects.filter(state="approved", disclaimer_professional_id=disclaimer_id)
    for revision in pinning.select_related("article"):
        assert any(f"article {revision.article.slug} revision {revision.number}:" in line for line in lines)
    assert all("no longer matches the fingerprint" in line for line in lines)


def test_a_deleted_approval_decision_is_found(demo):
    article = demo[0]
    decision = ReviewDecision.objects.filter(revision_id=article.live_revision_id, decision="approve").first()
    raw_sql(f"DELETE FROM {ReviewDecision._meta.db_table} WHERE id = %s", [decision.pk])
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)
    assert any(f"approval decision #{decision.pk} is missing" in line for line in lines)


def test_an_approval_decision_moved_to_another_member_is_found(demo):
    article = demo[0]
    decision = ReviewDecision.objects.filter(revision_id=article.live_revision_id, decision="approve").first()
    other = ReviewDecision.objects.exclude(reviewer_id=decision.reviewer_id).values_list(
        "reviewer_id", flat=True
    )[0]
    raw_sql(
        f"UPDATE {ReviewDecision._meta.db_table} SET reviewer_id = %s WHERE id = %s", [other, decision.pk]
    )
    status, lines = verify_integrity()
    assert status == 1
    assert_names_only(lines, article, demo)


def test_an_edited_event_fails_the_check_and_is_named(demo):
    from audit import triggers
    from audit.models import Event

    event = Event.objects.exclude(article_id=None).order_by("sequence")[3]
    article_slug = Article.objects.get(pk=event.article_id).slug
    triggers.remove()  # an attacker with database rights lifts the append-only triggers
    try:
        raw_sql("UPDATE audit_event SET comment = %s WHERE id = %s", ["Quietly reworded", event.pk])
    finally:
        triggers.install()
    status, lines = verify_integrity()
    assert status == 1
    assert any(line.startswith(f"event {event.sequence} (article {article_slug}): ") for line in lines), lines
