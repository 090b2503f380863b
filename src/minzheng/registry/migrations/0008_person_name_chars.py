"""The GIN index of core.pages.filters.NameContainsFilter on PostgreSQL: the characters of each person's name, so a
search for 王 among a county's million reads the rows that hold 王 instead of a village's every row (SQLite: none)."""

from django.db import migrations

INDEX = "person_name_chars"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_person "
                              "USING gin (regexp_split_to_array(name, ''))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_household_region_id")]
    operations = [migrations.RunPython(create, drop)]
