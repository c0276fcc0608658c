"""On PostgreSQL, a trigram index so that name/alias search (LIKE '%word%')
stays fast at 100,000 people. SQLite has no equivalent and scans, which is
fine at the size of a SQLite site."""

from django.db import migrations

INDEX = "referrals_person_search_trgm"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON referrals_person USING gin (search_text gin_trgm_ops)")


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_people")]

    operations = [migrations.RunPython(add_index, remove_index)]
