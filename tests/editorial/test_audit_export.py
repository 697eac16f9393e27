"""The audit trail export: everything that happened to an article, for the board and regulators."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed_twice(editor, reviewer, reference, disclaimers):
    first, _ = factories.make_live_after_change_request(
        editor=editor, reviewer_user=reviewer, references=[reference]
    )
    return first.article


def test_the_json_export_holds_every_revision_transition_decision_and_comment(
    client, reviewer, reviewed_twice
):
    client.force_login(reviewer)
    response = client.get(reverse("audit-export-json", args=[reviewed_twice.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    record = json.loads(response.content)
    assert [r["state"] for r in record["revisions"]] == ["changes_requested", "approved"]
    approved = record["revisions"][1]
    assert approved["content_intact"] is True
    assert len(approved["content_sha256"]) == 64
    assert approved["references"][0]["pinned"]["title"]
    assert approved["disclaimer_patient"]["version"] == 1
    comments = [event["comment"] for event in record["events"] if event["comment"]]
    assert "Add the dose, please." in comments
    assert "Now complete." in comments
    transitions = [event for event in record["events"] if event["kind"] == "transition"]
    assert len(transitions) == 6  # submit, review, changes; submit, review, approve
    assert all(event["who"] for event in record["events"])


def test_the_csv_export_has_one_row_per_event_in_order(client, reviewer, reviewed_twice):
    client.force_login(reviewer)
    response = client.get(reverse("audit-export-csv", args=[reviewed_twice.slug]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["what"] == "Article created"
    assert [row["when"] for row in rows] == sorted(row["when"] for row in rows)
    assert any(row["comment"] == "Add the dose, please." for row in rows)


def test_editors_and_readers_cannot_export(client, editor, reviewed_twice):
    url = reverse("audit-export-json", args=[reviewed_twice.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_an_unknown_article_is_a_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("audit-export-csv", args=["no-such-article"])).status_code == 404
