"""Project numbers come from a counter per zone and year, filled from the codes there are."""

import django.db.models.deletion
from django.db import migrations, models


def fill_counters(apps, schema_editor):
    """Each zone's and year's highest project number, read as a number from codes written
    ``{zone:04d}-{year}-{number}``; codes of another form (or another zone's, of a project
    moved between zones) cannot collide with new ones and are left out."""
    Project = apps.get_model("projects", "Project")
    ProjectCounter = apps.get_model("projects", "ProjectCounter")
    db = schema_editor.connection.alias  # the database being migrated, not always default
    highest = {}
    for zone_id, code in Project.objects.using(db).values_list("zone_id", "code").iterator(chunk_size=5000):
        parts = code.split("-")
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
            continue
        if int(parts[0]) != zone_id or len(parts[1]) != 4:
            continue
        key = (zone_id, int(parts[1]))
        highest[key] = max(highest.get(key, 0), int(parts[2]))
    ProjectCounter.objects.using(db).bulk_create(
        (
            ProjectCounter(zone_id=zone_id, year=year, last_number=number)
            for (zone_id, year), number in sorted(highest.items())
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_pipeline_totals'),
        ('registry', '0004_seed_clusters'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProjectCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('last_number', models.PositiveIntegerField(default=0)),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.zone')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('zone', 'year'), name='project_counter_unique')],
            },
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
    ]
