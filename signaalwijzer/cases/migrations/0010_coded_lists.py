from django.db import migrations, models

# SQLite rebuilds a table to add a column with a default, and the case table cannot be rebuilt (the
# content-stamp triggers of its record tables refer to it). The columns are added without a default in the
# database (NULL: not filled in); the model's default ([]) applies to new rows written by Django.
FIELDS = {
    "location_types": "where the exploitation takes place",
    "methods": "method of the exploiters",
    "recruitment_channels": "how the young person was recruited",
}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_blind_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="case",
                    name=name,
                    field=models.JSONField(blank=True, null=True, verbose_name=label),
                )
                for name, label in FIELDS.items()
            ],
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name=name,
                    field=models.JSONField(blank=True, default=list, null=True, verbose_name=label),
                )
                for name, label in FIELDS.items()
            ],
        ),
    ]
