"""Anyone can verify a live article: /articles/<slug>/verify/ shows who approved which revision,
the fingerprint and its version; /articles/<slug>/verify.json is the fingerprinted document,
byte for byte. Nothing else is shown, and an article that is not live has neither page."""

import hashlib
import json
import re

import pytest
from django.db import connection

from articles import services
from articles.models import Citation
from reviews import decisions
from tests import factories

from .conftest import cold_cache, start_update

pytestmark = pytest.mark.django_db


def verify_url(article):
    return f"/articles/{article.slug}/verify/"


def json_url(article):
    return f"/articles/{article.slug}/verify.json"


def shown_fingerprint(client, article):
    html = client.get(verify_url(article)).content.decode()
    return re.search(
        r'<dt>Fingerprint \(SHA-256\)</dt><dd><code class="fingerprint">([0-9a-f]{64})</code>', html
    )[1]


def test_the_article_page_links_to_its_verification_page(client, knee_article):
    html = client.get(knee_article.get_absolute_url()).content.decode()
    assert f'href="{verify_url(knee_article)}"' in html


def test_the_document_hashes_to_the_fingerprint_shown(client, knee_article):
    response = client.get(json_url(knee_article))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Fingerprint-Version"] == "2"
    shown = shown_fingerprint(client, knee_article)
    assert hashlib.sha256(response.content).hexdigest() == shown
    knee_article.live_revision.refresh_from_db()
    assert shown == knee_article.live_revision.content_sha256
    document = json.loads(response.content)
    assert document["question"] == "What helps chronic knee pain that causes hip pain?"
    assert document["fingerprint_version"] == 2


def test_the_page_names_who_approved_which_revision_and_when(client, knee_article, editor, reviewer):
    update = start_update(article=knee_article, editor=editor, reviewer=reviewer, text="More.", approve=True)
    member = reviewer.board_member
    html = client.get(verify_url(knee_article)).content.decode()
    assert "The text shown now: revision 2" in html
    assert html.count(f"{member.display_name}, {member.credentials}") == 2
    assert update.content_sha256 in html
    first = knee_article.revisions.get(number=1)
    assert first.content_sha256 in html
    assert "matches this fingerprint" in html


def test_neither_page_shows_drafts_comments_or_conflict_of_interest_declarations(
    client, editor, reviewer, second_reviewer, reference, disclaimers
):
    first, second = factories.make_live_after_change_request(
        editor=editor, reviewer_user=reviewer, references=[reference], comment="Secret remark on the dose."
    )
    article = second.article
    draft = services.revision_create_draft(article=article, actor=editor)
    services.revision_update_draft(
        revision=draft,
        actor=editor,
        body_patient="Zanzibarquux unreviewed sentence.",
        body_professional=draft.body_professional,
        change_summary="Unreviewed summary",
    )
    services.revision_submit(revision=draft, actor=editor)
    decisions.revision_start_review(revision=draft, actor=second_reviewer)
    decisions.revision_request_changes(
        revision=draft,
        actor=second_reviewer,
        comment="Another private comment.",
        conflict_of_interest="I consult for a maker of knee braces.",
    )
    pages = client.get(verify_url(article)).content.decode() + client.get(json_url(article)).content.decode()
    for secret in (
        "Zanzibarquux",
        "Unreviewed summary",
        "Secret remark",
        "Another private comment",
        "knee braces",
        "Now complete.",  # the approving member's comment is not public either
    ):
        assert secret not in pages
    assert "The text shown now: revision 2" in pages
    assert "revision 3" not in pages.lower()


def test_a_never_approved_article_has_no_verification_pages(client, editor, reviewer, reference, disclaimers):
    article = factories.make_under_review(
        editor=editor, reviewer_user=reviewer, references=[reference]
    ).article
    assert client.get(verify_url(article)).status_code == 404
    assert client.get(json_url(article)).status_code == 404


def test_an_unpublished_article_has_no_verification_pages(client, knee_article, chief_editor):
    assert client.get(json_url(knee_article)).status_code == 200
    services.article_unpublish(article=knee_article, actor=chief_editor, reason="Under correction.")
    assert client.get(verify_url(knee_article)).status_code == 404
    assert client.get(json_url(knee_article)).status_code == 404


def test_readers_never_get_the_live_library_entry_for_a_nulled_pinned_copy(
    client, knee_article, knee_references, settings
):
    reference = knee_references[0]
    reference.title = "A retitled guideline that the board never saw"
    reference._change_reason = "Retitled"
    reference.save()
    citation = Citation.objects.get(revision_id=knee_article.live_revision_id, reference=reference)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Citation._meta.db_table} SET pinned_snapshot = NULL WHERE id = %s", [citation.pk]
        )
    cold_cache(settings)

    for audience in ("patient", "professional"):
        response = client.get(knee_article.get_absolute_url(), {"audience": audience})
        assert response.status_code == 503
        assert "never saw" not in response.content.decode()
        assert "unavailable" in response.content.decode()

    body = client.get(json_url(knee_article)).content
    assert b"never saw" not in body
    assert hashlib.sha256(body).hexdigest() != shown_fingerprint(client, knee_article)
    html = client.get(verify_url(knee_article)).content.decode()
    assert "does not match what was approved" in html
    assert "[@guide-2025] is missing" in html


def test_a_changed_wording_shows_on_the_verification_page(client, knee_article):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_revision SET body_professional = 'Double the dose.' WHERE id = %s",
            [knee_article.live_revision_id],
        )
    body = client.get(json_url(knee_article)).content
    assert b"Double the dose." in body
    assert hashlib.sha256(body).hexdigest() != shown_fingerprint(client, knee_article)
    assert "does not match what was approved" in client.get(verify_url(knee_article)).content.decode()


def test_an_unknown_fingerprint_version_is_reported_not_an_error(client, knee_article):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_revision SET fingerprint_version = 7 WHERE id = %s",
            [knee_article.live_revision_id],
        )
    response = client.get(json_url(knee_article))
    assert response.status_code == 409
    html = client.get(verify_url(knee_article)).content.decode()
    assert "has a fingerprint of unknown version 7." in html
