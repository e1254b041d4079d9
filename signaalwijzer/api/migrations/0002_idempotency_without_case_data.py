# The remembered answers held whole response bodies (case data in clear): they are deleted, and from now on
# only keyed hashes, a status and record ids are kept (docs/security.md).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def forget_stored_answers(apps, schema_editor):
    apps.get_model("api", "IdempotencyKey").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("cases", "0005_case_content_stamp"),
    ]

    operations = [
        migrations.RunPython(forget_stored_answers, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="idempotencykey", name="idempotency_key_unique"),
        migrations.RemoveField(model_name="idempotencykey", name="key"),
        migrations.RemoveField(model_name="idempotencykey", name="body"),
        migrations.AddField(
            model_name="idempotencykey",
            name="key_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="request_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="case",
            field=models.ForeignKey(
                default=0,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.case",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="record_id",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="idempotencykey",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AddConstraint(
            model_name="idempotencykey",
            constraint=models.UniqueConstraint(
                fields=("user", "key_hash"), name="idempotency_key_hash_unique"
            ),
        ),
    ]
