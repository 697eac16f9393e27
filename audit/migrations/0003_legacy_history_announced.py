"""Announce, once, the history rows written before the event log existed (see audit.legacy).

A fresh database has none, so this does nothing there. It runs after the
migrations that create every history table of the current layout.
"""

from django.db import migrations


def announce(apps, schema_editor):
    from audit.legacy import announce_unannounced_history_rows

    history_models = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    announce_unannounced_history_rows(
        Event=apps.get_model("audit", "Event"),
        history_models=history_models,
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("articles", "0004_moved_models"),
        ("editorial", "0004_models_move_to_their_apps"),
        ("references", "0003_citations_move_to_articles"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(announce, migrations.RunPython.noop)]
