"""Triggers that refuse UPDATE and DELETE on the event log and the history tables.

The history tables known to the migration state at this point are covered here;
audit.triggers.install_after_migrate covers every table again after each
`migrate`, so history tables added later get the same triggers.
"""

from django.db import migrations


def install(apps, schema_editor):
    from audit import triggers

    triggers.install(using=schema_editor.connection.alias, tables=triggers.protected_tables(apps))


def remove(apps, schema_editor):
    from audit import triggers

    triggers.remove(using=schema_editor.connection.alias, tables=triggers.protected_tables(apps))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
