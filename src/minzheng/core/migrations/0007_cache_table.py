"""The cache table (settings.CACHES: Django's database cache), made by Django's own command so that every path that
migrates a database — `minzheng init`, an upgrade, the test databases — has it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_job_heartbeat")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
