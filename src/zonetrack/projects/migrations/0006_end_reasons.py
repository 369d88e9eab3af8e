"""Reasons for termination become a managed list (the free-text field had no data to keep)."""

import django.db.models.deletion
from django.db import migrations, models

REASONS = [
    "投资方资金链紧张",
    "用地条件未落实",
    "落户外地园区",
    "环评或能评未通过",
    "投资方战略调整",
    "政策变化",
    "其他",
]


def seed(apps, schema_editor):
    EndReason = apps.get_model("projects", "EndReason")
    for order, name in enumerate(REASONS):
        EndReason.objects.using(schema_editor.connection.alias).get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_seed_stage_rules")]

    operations = [
        migrations.CreateModel(
            name="EndReason",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=60, unique=True, verbose_name="reason")),
                ("sort_order", models.PositiveSmallIntegerField(default=100)),
                ("is_active", models.BooleanField(default=True, verbose_name="in use")),
            ],
            options={
                "verbose_name": "reason for termination",
                "verbose_name_plural": "reasons for termination",
                "ordering": ["sort_order", "name"],
            },
        ),
        migrations.RemoveField(model_name="project", name="end_reason"),
        migrations.AddField(
            model_name="project",
            name="end_reason",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"is_active": True},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="projects.endreason",
                verbose_name="reason for termination",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
