"""Seed the managed lists of source channels and origin regions (REFERENCE.md, "Investment
promotion"); each is data an administrator may change."""

from django.db import migrations

CHANNELS = (
    ("专业招商", "professional"),
    ("以企招商", "via_enterprises"),
    ("以商招商", "via_business"),
    ("股权招商", "equity"),
    ("产业链招商", "chain"),
    ("委托/市场化招商", "market"),
    ("全员招商", "other"),
    ("网上咨询", "other"),
)
REGIONS = ("京津冀", "环渤海", "长三角", "珠三角", "粤港澳大湾区", "黄河金三角", "省内", "境外")


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    Channel = apps.get_model("promotion", "Channel")
    Region = apps.get_model("promotion", "Region")
    for order, (name, code) in enumerate(CHANNELS, start=1):
        Channel.objects.using(db).get_or_create(
            name=name, defaults={"project_channel": code, "sort_order": order * 10}
        )
    for order, name in enumerate(REGIONS, start=1):
        Region.objects.using(db).get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("promotion", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
