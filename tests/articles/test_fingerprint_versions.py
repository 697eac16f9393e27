"""The approval fingerprint, version 2: what it covers, how it is stored, and version 1
fingerprints (taken before version 2 existed) still verifying as version 1."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import fingerprint
from articles.models import Revision
from reviews import decisions
from reviews.integrity import revision_problems
from reviews.models import ReviewDecision
from tests import factories

pytestmark = pytest.mark.django_db

FINGERPRINT_V2_MIGRATION = ("articles", "0005_fingerprint_v2")


def test_approval_stores_a_version_2_fingerprint_of_the_canonical_document(live_revision, reviewer):
    document = fingerprint.canonical_document(live_revision)
    data = fingerprint.canonical_bytes(document)
    assert live_revision.fingerprint_version == 2
    assert live_revision.content_sha256 == hashlib.sha256(data).hexdigest()
    # The documented serialisation: sorted keys, no whitespace, UTF-8.
    assert (
        data
        == json.dumps(json.loads(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    assert document["question"] == live_revision.question
    assert document["wordings"] == {
        "patient": live_revision.body_patient,
        "professional": live_revision.body_professional,
    }
    assert document["references"] == [c.pinned_snapshot for c in live_revision.citations.all()]
    assert document["disclaimers"]["patient"]["text"] == live_revision.disclaimer_patient.text
    assert document["figures"] == []
    decision = ReviewDecision.objects.get(revision=live_revision)
    assert document["approval"]["quorum"] == 1
    assert document["approval"]["decisions"] == [{"id": decision.pk, "board_member_id": decision.reviewer_id}]


def test_the_document_of_a_non_ascii_question_is_utf8_and_hashes_to_the_fingerprint(
    editor, reviewer, reference, disclaimers
):
    live = factories.make_live(
        editor=editor,
        reviewer_user=reviewer,
        references=[reference],
        question="Ist Kälte gut für das Knie — ja?",
    )
    data = fingerprint.document_bytes(live)
    assert "Kälte gut für das Knie — ja?".encode() in data
    assert hashlib.sha256(data).hexdigest() == live.content_sha256


def test_a_quorum_of_two_is_recorded_and_a_missing_second_approval_is_found(
    settings, editor, reviewer, second_reviewer, reference, disclaimers
):
    settings.REVIEW_APPROVAL_QUORUM = 2
    revision = factories.make_under_review(editor=editor, reviewer_user=reviewer, references=[reference])
    for member in (reviewer, second_reviewer):
        decisions.revision_approve(
            revision=revision, actor=member, checklist_confirmed=factories.all_checklist_keys()
        )
    revision.refresh_from_db()
    assert revision.state == Revision.State.APPROVED
    assert revision.approval_record["quorum"] == 2
    assert len(revision.approval_record["decisions"]) == 2

    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ReviewDecision._meta.db_table} WHERE id = %s",
            [revision.approval_record["decisions"][1]["id"]],
        )
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_integrity", stdout=out)
    assert failure.value.returncode == 1
    assert f"article {revision.article.slug} revision 1: has 1 of the 2 board approvals" in out.getvalue()


def test_an_approval_decision_added_behind_the_services_back_is_found(live_revision, second_reviewer):
    member = second_reviewer.board_member
    # Below every guard: a decision row nobody recorded at approval.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReviewDecision._meta.db_table} "
            "(revision_id, reviewer_id, decision, comment, checklist, conflict_of_interest, created_at) "
            "VALUES (%s, %s, 'approve', '', '{}', '', %s)",
            [live_revision.pk, member.pk, timezone.now()],
        )
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_integrity", stdout=out)
    assert failure.value.returncode == 1
    assert "is not in the approval record" in out.getvalue()


# ----------------------------------------------------------------------
# Version 1
# ----------------------------------------------------------------------
def v1_sha256(revision):
    """The version 1 algorithm as it was written before version 2 (kept here verbatim, so this
    test does not depend on the code under test to make the old fingerprint)."""

    def disclaimer_payload(disclaimer):
        if disclaimer is None:
            return None
        return {"version": disclaimer.version, "text": disclaimer.text}

    citations = sorted(
        (c.pinned_snapshot or c.reference.snapshot() for c in revision.citations.select_related("reference")),
        key=lambda snap: snap["citation_key"],
    )
    payload = {
        "body_patient": revision.body_patient,
        "body_professional": revision.body_professional,
        "references": citations,
        "disclaimers": {
            "patient": disclaimer_payload(revision.disclaimer_patient),
            "professional": disclaimer_payload(revision.disclaimer_professional),
        },
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_fingerprint_taken_with_version_1_still_verifies_after_the_migration(
    editor, reviewer, reference, disclaimers, client
):
    live = factories.make_live(editor=editor, reviewer_user=reviewer, references=[reference])
    old_sha = v1_sha256(live)
    decision_id = ReviewDecision.objects.get(revision=live).pk
    before = MigrationExecutor(connection).loader.graph.node_map[FINGERPRINT_V2_MIGRATION].parents
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # Back to the schema before version 2, holding the revision as version 1 approved it.
        _migrate([parent.key for parent in before if parent.key[0] == "articles"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Revision._meta.db_table} SET content_sha256 = %s WHERE id = %s", [old_sha, live.pk]
            )
    finally:
        _migrate(leaves)

    live = Revision.objects.get(pk=live.pk)
    assert live.content_sha256 == old_sha
    assert live.fingerprint_version == 1
    assert live.approval_record == {
        "quorum": None,
        "decisions": [{"id": decision_id, "board_member_id": live.decisions.get().reviewer_id}],
    }
    assert live.content_is_intact()
    # Its content and approval record pass every check. (The whole command is not asked: going
    # back and forth over the migration rewrote the history rows' new columns, which the event
    # log's history accounting rightly reports.)
    assert list(revision_problems(live)) == []

    article = live.article
    body = client.get(f"/articles/{article.slug}/verify.json").content
    assert hashlib.sha256(body).hexdigest() == old_sha
    page = client.get(f"/articles/{article.slug}/verify/").content.decode()
    assert old_sha in page
    assert "<dt>Fingerprint version</dt><dd>1</dd>" in page
    assert "matches this fingerprint" in page

    # Version 1 still catches a changed wording.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET body_patient = 'Tampered' WHERE id = %s", [live.pk]
        )
    live = Revision.objects.get(pk=live.pk)
    assert [str(p) for p in revision_problems(live)] == [
        f"article {article.slug} revision 1: what readers are served no longer matches the fingerprint "
        "taken at approval (version 1)."
    ]
