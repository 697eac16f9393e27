"""`make run` prints a demo partner key that works against the demo content."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Revision

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return re.search(r"Bearer (rha_\S+)'", out.getvalue()).group(1)


def test_the_printed_demo_key_reads_the_live_demo_articles_and_nothing_else(client):
    raw_key = load_demo()
    assert load_demo() == raw_key  # loading again keeps the same key working
    response = client.get("/api/v1/articles/?limit=100", HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert response.status_code == 200
    slugs = {item["slug"] for item in response.json()["results"]}
    assert slugs == set(Article.objects.filter(live_revision__isnull=False).values_list("slug", flat=True))
    assert slugs
    # The demo has revisions in review, and one approved that waits for its publication time;
    # none of their text reaches the API.
    unseen = Revision.objects.filter(state__in=["submitted", "under_review"]) | Revision.objects.filter(
        publication_schedule__isnull=False, live_for__isnull=True
    )
    assert unseen.filter(state="approved").exists()
    details = [
        client.get(f"/api/v1/articles/{slug}/", HTTP_AUTHORIZATION=f"Bearer {raw_key}").json()
        for slug in slugs
    ]
    everything = "".join(
        detail["question"] + wording["markdown"] + wording["html"]
        for detail in details
        for wording in detail["wordings"].values()
    )
    for revision in unseen:
        live = revision.article.live_revision
        new_text = revision.body_patient.replace(live.body_patient, "") if live else revision.body_patient
        first_line = new_text.strip().splitlines()[0]
        assert first_line and first_line not in everything
