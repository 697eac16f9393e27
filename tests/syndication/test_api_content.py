"""What a partner gets: live articles with their review record, paged and filtered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Audience
from references.formatting import format_vancouver
from tests.reader.conftest import publish, start_update

pytestmark = pytest.mark.django_db


def test_the_detail_carries_both_wordings_the_review_record_and_the_pinned_sources(
    api, knee_article, reviewer
):
    response = api(f"/api/v1/articles/{knee_article.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    revision = knee_article.revisions.get(state="approved")
    assert data["question"] == knee_article.question
    assert data["revision"] == revision.number
    assert data["wordings"]["patient"]["markdown"] == revision.body_patient
    # The wording's top heading sits under the page's h1 (the question).
    assert "<h2>Exercise comes first</h2>" in data["wordings"]["patient"]["html"]
    assert data["wordings"]["professional"]["markdown"] == revision.body_professional
    member = reviewer.board_member
    assert data["reviewed_by"] == [
        {
            "name": member.display_name,
            "credentials": member.credentials,
            "specialty": member.specialty,
            "profile_url": f"http://testserver{member.get_absolute_url()}",
        }
    ]
    assert data["last_reviewed"] == revision.approved_at.isoformat().replace("+00:00", "Z")
    due = revision.approved_at + timedelta(days=365)
    assert data["next_review_due"] == due.isoformat().replace("+00:00", "Z")
    # The patient wording cites the guideline first, the professional wording the pain review.
    patient_refs = data["wordings"]["patient"]["references"]
    assert [ref["citation_key"] for ref in patient_refs] == ["guide-2025", "hip-2020", "pain-2025"]
    assert patient_refs[0]["type"] == "guideline"
    hip = revision.citations.get(reference__citation_key="hip-2020").pinned_snapshot
    assert patient_refs[1]["vancouver"] == format_vancouver(hip)
    assert "PMID: 30407270." in patient_refs[1]["vancouver"]
    assert data["wordings"]["professional"]["references"][0]["citation_key"] == "pain-2025"
    for audience in Audience:
        disclaimer = revision.disclaimer_for(audience)
        assert data["wordings"][audience.value]["disclaimer"] == {
            "version": disclaimer.version,
            "text": disclaimer.text,
        }
    related = knee_article.related_articles.get()
    assert [item["slug"] for item in data["related_questions"]] == [related.slug]
    assert data["approval_fingerprint"] == {
        "algorithm": "sha256",
        "version": revision.fingerprint_version,
        "value": revision.content_sha256,
    }
    assert revision.fingerprint_version == 2
    assert data["verify_url"] == f"http://testserver/articles/{knee_article.slug}/verify/"


def test_an_article_whose_pinned_copy_is_gone_is_withheld_not_completed_from_the_library(api, knee_article):
    from django.db import connection

    revision = knee_article.revisions.get(state="approved")
    citation = revision.citations.first()
    with connection.cursor() as cursor:  # tampering behind the application's back
        cursor.execute(
            f"UPDATE {citation._meta.db_table} SET pinned_snapshot = NULL WHERE id = %s", [citation.pk]
        )
    response = api(f"/api/v1/articles/{knee_article.slug}/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert "withheld" in response.json()["detail"]
    assert revision.body_patient[:40] not in response.content.decode()


def test_the_detail_shows_the_references_as_pinned_not_as_the_library_has_them_now(
    api, knee_article, knee_references
):
    reference = knee_references[0]
    reference.title = "A retitled guideline the board never saw"
    reference._change_reason = "Retitled"
    reference.save()
    body = api(f"/api/v1/articles/{knee_article.slug}/").content.decode()
    assert "never saw" not in body
    assert "Management of Hip and Knee Pain" in body


def test_the_list_pages_with_a_cursor_most_recently_reviewed_first(api, editor, reviewer, disclaimers):
    articles = [publish(editor=editor, reviewer=reviewer, question=f"Question number {n}?") for n in range(5)]
    seen, path = [], "/api/v1/articles/?limit=2"
    while path:
        page = api(path).json()
        assert len(page["results"]) <= 2
        seen += [item["slug"] for item in page["results"]]
        path = f"/api/v1/articles/?limit=2&cursor={page['next']}" if page["next"] else None
    assert seen == [article.slug for article in reversed(articles)]


def test_the_list_filters_by_specialty_and_by_last_review(api, editor, reviewer, disclaimers):
    knee = publish(editor=editor, reviewer=reviewer, question="Knee?", specialty="Orthopaedics")
    heart = publish(editor=editor, reviewer=reviewer, question="Heart?", specialty="Cardiology")
    slugs = [item["slug"] for item in api("/api/v1/articles/?specialty=cardiology").json()["results"]]
    assert slugs == [heart.slug]
    later = (heart.live_revision.approved_at + timedelta(seconds=1)).isoformat()
    assert (
        api("/api/v1/articles/", QUERY_STRING=f"modified_since={later.replace('+', '%2B')}").json()["results"]
        == []
    )
    earlier = (knee.live_revision.approved_at - timedelta(days=1)).isoformat().replace("+", "%2B")
    assert len(api(f"/api/v1/articles/?modified_since={earlier}").json()["results"]) == 2


@pytest.mark.parametrize(
    "query",
    ["cursor=not-a-cursor", "cursor=WzEsMl0", "modified_since=yesterday", "limit=0", "limit=abc"],
)
def test_a_bad_cursor_or_filter_is_a_400_problem(api, query):
    response = api(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request" and problem["detail"]


def test_an_unknown_article_and_an_unknown_path_are_404_problems(api):
    for path in ("/api/v1/articles/no-such-thing/", "/api/v1/nothing-here/"):
        response = api(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_a_repeat_request_with_the_etag_gets_304(api, knee_article, editor, reviewer):
    for path in ("/api/v1/articles/", f"/api/v1/articles/{knee_article.slug}/", "/api/v1/changes/"):
        first = api(path)
        assert first.status_code == 200
        assert first["ETag"]
        assert "private" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
        again = api(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
    # A new approval changes the answer, so the old ETag no longer matches.
    etag = api(f"/api/v1/articles/{knee_article.slug}/")["ETag"]
    start_update(article=knee_article, editor=editor, reviewer=reviewer, text="More.", approve=True)
    assert api(f"/api/v1/articles/{knee_article.slug}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_schema_and_docs_are_public_and_load_nothing_from_elsewhere(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert set(schema.json()["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/changes/",
    }
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<style" not in html and "<script>" not in html
    assert "https://" not in html.split("<body>")[0]
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/openapi.json" in script.content.decode()


def test_cors_allows_only_the_partners_registered_origins(client, raw_key, knee_article):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    ok = client.get("/api/v1/articles/", HTTP_ORIGIN="https://riverside.example", **auth)
    assert ok["Access-Control-Allow-Origin"] == "https://riverside.example"
    other = client.get("/api/v1/articles/", HTTP_ORIGIN="https://elsewhere.example", **auth)
    assert other.status_code == 200 and "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://app.riverside.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://app.riverside.example"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    stranger = client.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://elsewhere.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in stranger
    # The reader site itself gets no CORS headers at all.
    page = client.get(knee_article.get_absolute_url(), HTTP_ORIGIN="https://riverside.example")
    assert "Access-Control-Allow-Origin" not in page


def test_an_article_first_reviewed_long_ago_shows_when_its_review_is_due(
    api, editor, reviewer, disclaimers, time_machine
):
    time_machine.move_to(timezone.now() - timedelta(days=400))
    article = publish(editor=editor, reviewer=reviewer, question="Old?")
    time_machine.move_to(timezone.now() + timedelta(days=400))
    data = api(f"/api/v1/articles/{article.slug}/").json()
    assert data["next_review_due"] < timezone.now().isoformat()
