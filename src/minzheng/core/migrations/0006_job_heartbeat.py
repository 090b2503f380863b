from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0005_stored_files")]

    operations = [
        migrations.AddField(
            model_name="job",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="心跳时间"),
        ),
    ]
