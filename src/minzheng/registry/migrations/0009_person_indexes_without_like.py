"""Person: the blind indexes and name_pinyin keep one b-tree each (no pattern-matching `_like` twin on PostgreSQL:
they are only compared whole), and birth_date is searched through the (birth_date, sex) index. Every new person
writes four b-trees fewer (docs/postgres.md, "Indexes a first load pays for")."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_job_heartbeat'),
        ('registry', '0008_person_name_chars'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='birth_date',
            field=models.DateField(verbose_name='出生日期'),
        ),
        migrations.AlterField(
            model_name='person',
            name='id_number_index',
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name='person',
            name='name_pinyin',
            field=models.CharField(blank=True, default='', max_length=150, verbose_name='姓名拼音'),
        ),
        migrations.AlterField(
            model_name='person',
            name='phone_index',
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['phone_index'], name='person_phone_index'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['name_pinyin'], name='person_name_pinyin'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(fields=('id_number_index',), name='person_id_number_index'),
        ),
    ]
