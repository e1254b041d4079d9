"""Missing episodes and the safety plan, with their content-stamp triggers."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import signaalwijzer.encryption
from signaalwijzer.cases import stamp

# Named here, not taken from stamp.RECORD_TABLES: a table added there later does not exist yet.
TABLES = ("safety_missingepisode", "safety_safetyplan")


def install_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for statement in stamp.record_trigger_sql(vendor, table):
            schema_editor.execute(statement)


def remove_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES:
        name = stamp.trigger_name(table)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            continue
        for suffix in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0006_record_change'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MissingEpisode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('missing_from', models.DateTimeField(verbose_name='missing since')),
                ('missing_until', models.DateTimeField(blank=True, help_text='Leave empty while still missing.', null=True, verbose_name='back since')),
                ('reported_to_police_at', models.DateTimeField(blank=True, null=True, verbose_name='reported to the police at')),
                ('police_reference', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='police reference')),
                ('whereabouts', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='where and with whom the young person was')),
                ('return_interview_on', models.DateField(blank=True, null=True, verbose_name='return interview held on')),
                ('return_interview_by', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='return interview held by')),
                ('learned', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='what we learned')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='missing_episodes', to='cases.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'missing episode',
                'verbose_name_plural': 'missing episodes',
                'ordering': ['missing_from', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SafetyPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('risks', signaalwijzer.encryption.EncryptedTextField(verbose_name='risks: what could go wrong')),
                ('agreements_phone', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='agreements about the phone')),
                ('agreements_online', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='agreements about being online')),
                ('agreements_going_out', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='agreements about going out')),
                ('agreements_return_home', signaalwijzer.encryption.EncryptedTextField(blank=True, verbose_name='agreements about coming back home')),
                ('whom_to_call', signaalwijzer.encryption.EncryptedTextField(verbose_name='whom to call')),
                ('review_on', models.DateField(verbose_name='look at the plan again on')),
                ('reminded_for', models.DateField(blank=True, editable=False, null=True)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='safety_plan', to='cases.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'safety plan',
                'verbose_name_plural': 'safety plans',
            },
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
