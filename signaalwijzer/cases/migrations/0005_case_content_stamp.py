"""The case's content stamp and the triggers that keep it (cases/stamp.py)."""

from django.db import migrations, models

from signaalwijzer.cases import stamp


# The tables that existed when this migration was written; later ones install their own trigger.
TABLES = (
    "cases_casemember",
    "cases_observation",
    "cases_timelineentry",
    "cases_emergencyaccess",
    "cases_destructionrequest",
    "meldcode_consultation",
    "meldcode_conversation",
    "meldcode_step3skip",
    "meldcode_weighing",
    "meldcode_action",
    "meldcode_veiligthuisfeedback",
    "instruments_assessment",
    "consent_consentrecord",
    "consent_sharerecord",
)


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    for statement in stamp.install_sql(schema_editor.connection.vendor, TABLES):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_age_band_case_case_org_created"),
        ("meldcode", "0001_initial"),
        ("consent", "0001_initial"),
        ("instruments", "0002_assessment_result_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="content_stamp",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
