
import signaalwijzer.encryption
from django.db import migrations


def fill_blind_indexes(apps, schema_editor):
    """Index the cases that exist already (the historical model decrypts with the configured keys)."""
    from signaalwijzer.encryption import blind_index

    Case = apps.get_model("cases", "Case")
    for pk, pseudonym, reference in Case.objects.values_list("pk", "pseudonym", "reference").iterator():
        Case.objects.filter(pk=pk).update(
            pseudonym_index=blind_index(pseudonym), reference_index=blind_index(reference)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_parents_involved'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='pseudonym_index',
            field=signaalwijzer.encryption.BlindIndexField(source='pseudonym'),
        ),
        migrations.AddField(
            model_name='case',
            name='reference_index',
            field=signaalwijzer.encryption.BlindIndexField(source='reference'),
        ),
        migrations.RunPython(fill_blind_indexes, migrations.RunPython.noop),
    ]
