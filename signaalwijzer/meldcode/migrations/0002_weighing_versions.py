"""Every weighing is dated and kept: WeighingVersion, one version per existing weighing, and its stamp trigger."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import signaalwijzer.encryption
from signaalwijzer.cases import stamp
from signaalwijzer.meldcode.afwegingskader import Answers, Unsafety, evaluate

QUESTION_FIELDS = (
    "q1_suspicion",
    "q1_reason",
    "q2_unsafety",
    "q2_reason",
    "q3_can_help",
    "q3_reason",
    "q4_help_accepted",
    "q4_reason",
    "q5_help_effective",
    "q5_reason",
)


def install_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in stamp.record_trigger_sql(vendor, "meldcode_weighingversion"):
        schema_editor.execute(statement)


def remove_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    name = stamp.trigger_name("meldcode_weighingversion")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON meldcode_weighingversion")
        return
    for suffix in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")


def first_versions(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The weighing as it stands becomes its version; a decision counts as taken when it was saved."""
    Weighing = apps.get_model("meldcode", "Weighing")
    WeighingVersion = apps.get_model("meldcode", "WeighingVersion")
    for weighing in Weighing.objects.all().iterator():
        answers = Answers(
            q1_suspicion=weighing.q1_suspicion,
            q2_unsafety=Unsafety(weighing.q2_unsafety) if weighing.q2_unsafety else None,
            q3_can_help=weighing.q3_can_help,
            q4_help_accepted=weighing.q4_help_accepted,
            q5_help_effective=weighing.q5_help_effective,
            disclosure=weighing.disclosure,
        )
        WeighingVersion.objects.create(
            case_id=weighing.case_id,
            number=weighing.version,
            **{name: getattr(weighing, name) for name in QUESTION_FIELDS},
            disclosure=weighing.disclosure,
            outcome=evaluate(answers).decision.value,
            final_decision=weighing.final_decision,
            deviation_reason=weighing.deviation_reason,
            decided_at=weighing.updated_at if weighing.final_decision else None,
            author_id=weighing.updated_by_id,
            recorded_at=weighing.updated_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_content_stamp"),
        ("meldcode", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="weighing",
            name="help_possible",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="weighing",
            name="report_needed",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="WeighingVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("q1_suspicion", models.BooleanField(blank=True, null=True)),
                ("q1_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                (
                    "q2_unsafety",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("none", "No"),
                            ("acute", "Yes, acute unsafety"),
                            ("structural", "Yes, structural unsafety"),
                            ("acute_and_structural", "Yes, acute and structural unsafety"),
                        ],
                        max_length=24,
                    ),
                ),
                ("q2_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                ("q3_can_help", models.BooleanField(blank=True, null=True)),
                ("q3_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                ("q4_help_accepted", models.BooleanField(blank=True, null=True)),
                ("q4_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                ("q5_help_effective", models.BooleanField(blank=True, null=True)),
                ("q5_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                ("disclosure", models.BooleanField(default=False)),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("incomplete", "Not finished"),
                            ("close", "Close: no suspicion"),
                            ("report", "Report to Veilig Thuis"),
                            ("organise_help", "Organise help"),
                            ("close_with_monitoring", "Close, with monitoring agreements"),
                        ],
                        max_length=24,
                    ),
                ),
                (
                    "final_decision",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("close", "Close: no suspicion"),
                            ("report", "Report to Veilig Thuis"),
                            ("organise_help", "Organise help"),
                            ("close_with_monitoring", "Close, with monitoring agreements"),
                        ],
                        max_length=24,
                    ),
                ),
                ("deviation_reason", signaalwijzer.encryption.EncryptedTextField(blank=True)),
                ("report_needed", models.BooleanField(blank=True, null=True)),
                ("help_possible", models.BooleanField(blank=True, null=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="weighing_versions",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "weighing version",
                "verbose_name_plural": "weighing versions",
                "ordering": ["case", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "number"), name="meldcode_weighing_version_once"
                    )
                ],
            },
        ),
        migrations.RunPython(install_trigger, remove_trigger),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]
