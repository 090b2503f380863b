"""The new 示例 rules (minimum founding funds, decision deadlines, the abnormal list → blacklist years), marked
sample: loading the bundled set again replaces only its own rows."""

from django.db import migrations


def load(apps, schema_editor):
    from minzheng.socialorgs.services import rules

    rules.load_sample(model=apps.get_model("socialorgs", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("socialorgs", "0003_applications_review_blacklist")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
