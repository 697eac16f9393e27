"""Moving models between apps keeps every row, and the role groups keep their permissions.

The database is taken back to the migrations before the move with data in it (written by
the factories, as the product writes it), then forward again, as an upgrade would."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Citation
from reviews.models import BoardMember, ReviewDecision
from roles.groups import BOARD, CHIEF_EDITORS
from tests import factories

BEFORE_THE_MOVE = [
    ("articles", "0003_revision_question"),
    ("editorial", "0003_review_checklist"),
    ("references", "0002_retraction_alerts"),
    ("notifications", None),
    ("reviews", None),
]
MOVED_TABLES = [
    "editorial_boardmember", "editorial_historicalboardmember", "editorial_editorialpolicy",
    "editorial_checklistitem", "editorial_historicalchecklistitem", "editorial_notification",
    "articles_reviewdecision", "articles_historicalreviewdecision", "articles_reviewassignment",
    "references_citation", "references_historicalcitation", "references_retractionalert",
]  # fmt: skip


def _row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in MOVED_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_moving_models_between_apps_keeps_rows_and_permissions():
    editor = factories.EditorFactory()
    member = factories.BoardMemberFactory()
    reference = factories.ReferenceFactory()
    factories.make_disclaimers()
    live = factories.make_live(editor=editor, reviewer_user=member.user, references=[reference])
    before = _row_counts()
    assert before["articles_reviewdecision"] >= 1 and before["references_citation"] >= 1
    board_permissions = set(Group.objects.get(name=BOARD).permissions.values_list("pk", flat=True))

    old_apps = _migrate(BEFORE_THE_MOVE)
    assert old_apps.get_model("articles", "ReviewDecision").objects.filter(revision_id=live.pk).exists()
    assert old_apps.get_model("references", "Citation").objects.filter(revision_id=live.pk).exists()
    assert old_apps.get_model("editorial", "BoardMember").objects.filter(pk=member.pk).exists()
    assert _row_counts() == before

    leaves = _leaves()
    _migrate(leaves)
    assert _row_counts() == before
    assert ReviewDecision.objects.filter(revision=live, reviewer=member).exists()
    assert Citation.objects.filter(revision=live, reference=reference).exists()
    assert BoardMember.objects.get(pk=member.pk).user == member.user
    # The moved models' permissions are the same rows, now under the new app label.
    assert set(Group.objects.get(name=BOARD).permissions.values_list("pk", flat=True)) == board_permissions
    chief = factories.ChiefEditorFactory().user
    assert Group.objects.get(name=CHIEF_EDITORS) in chief.groups.all()
    assert member.user.has_perm("reviews.view_reviewdecision")
    assert chief.has_perm("reviews.change_checklistitem")
    assert chief.has_perm("notifications.view_notification")
    assert chief.has_perm("articles.view_retractionalert")
