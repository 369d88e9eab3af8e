"""An alert names the organisation it concerns instead of a dispatch zone and project (the
notices app names no domain app): each stored alert takes its zone's organisation, then the
zone and project columns go. Its kind is any code an app registered, no longer dispatch's
choices; the stored codes are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


def organisation_from_zone(apps, schema_editor):
    Alert = apps.get_model("notices", "Alert")
    Zone = apps.get_model("registry", "Zone")
    # Checked first, reading no column: the tests run data migrations again on the final
    # schema (no zone column), always on an empty table.
    if not Alert.objects.exists():
        return
    owners = dict(Zone.objects.values_list("pk", "organisation_id"))
    for zone_id in Alert.objects.exclude(zone=None).values_list("zone_id", flat=True).distinct():
        Alert.objects.filter(zone_id=zone_id).update(organisation_id=owners.get(zone_id))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("notices", "0001_initial"),
        ("registry", "0004_seed_clusters"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(organisation_from_zone, migrations.RunPython.noop),
        migrations.RemoveField(model_name="alert", name="project"),
        migrations.RemoveField(model_name="alert", name="zone"),
        migrations.AlterField(
            model_name="alert",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="kind"),
        ),
    ]
