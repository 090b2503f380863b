"""The known part of the GB/T 18521-2001 category table (data/categories.csv; NATIONAL_RULES §2.5), loaded once;
an administrator adds the rest (`placenames.services.places.add_category`)."""

import csv
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    Category = apps.get_model("placenames", "Category")
    path = Path(__file__).resolve().parent.parent / "data" / "categories.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        Category.objects.get_or_create(code=row["code"], defaults={"name": row["name"], "level": row["level"],
                                                                   "source": row["source"]})


class Migration(migrations.Migration):
    dependencies = [("placenames", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
