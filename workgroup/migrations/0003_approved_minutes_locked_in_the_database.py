"""Make the database refuse changes to a meeting's record once its minutes are approved."""

from django.db import migrations

from workgroup.db_guard import guard_statements, unguard_statements


def add_guard(apps, schema_editor):
    for statement in guard_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def remove_guard(apps, schema_editor):
    for statement in unguard_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("workgroup", "0002_reminder_distribution_and_series_schedules")]

    operations = [migrations.RunPython(add_guard, remove_guard)]
