"""Make the database refuse UPDATE and DELETE on the audit table (SQLite and PostgreSQL)."""

from django.db import migrations

from lead_ops.audit.db_guard import guard_statements, unguard_statements


def add_guard(apps, schema_editor):
    for statement in guard_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def remove_guard(apps, schema_editor):
    for statement in unguard_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(add_guard, remove_guard)]
