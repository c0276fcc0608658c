"""PostgreSQL: the append-only guard lets the retention purge delete events older
than the cutoff it sets for its own transaction; nothing else changes."""

from django.db import migrations

from lead_ops.audit.db_guard import postgres_function


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres_function(), params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditevent_sign_in_hardening_actions")]

    operations = [migrations.RunPython(replace_function, migrations.RunPython.noop)]
