"""Seed the evidence each claimed stage calls for (REFERENCE.md), editable afterwards."""

from django.db import migrations

RULES = [
    ("signed", "签订的投资合同"),
    ("started", "施工许可证，或纳入固定资产投资统计（入库）的证明，或开工照片"),
    ("in_production", "投产记录或首笔纳税凭证"),
    ("at_capacity", "达产情况说明及产值、税收数据"),
]


def seed(apps, schema_editor):
    StageRule = apps.get_model("projects", "StageRule")
    for stage, evidence in RULES:
        StageRule.objects.using(schema_editor.connection.alias).get_or_create(stage=stage, defaults={"evidence": evidence})


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_stage_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
