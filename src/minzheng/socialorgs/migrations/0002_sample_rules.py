"""The bundled 示例 rules (report deadlines, grade bands, appeal window), marked sample: a province loads its own."""

from django.db import migrations


def load(apps, schema_editor):
    from minzheng.socialorgs.services import rules

    rules.load_sample(model=apps.get_model("socialorgs", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("socialorgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
