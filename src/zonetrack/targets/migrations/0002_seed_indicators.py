"""Seed the indicator catalogue with the indicators zones are commonly set (administrators edit
them afterwards; a second run adds only what is missing)."""

from decimal import Decimal

from django.db import migrations

# (code, name, unit, direction, source, stage, min investment 万元, additive, accumulates,
#  lowest value, decimal places, description)
INDICATORS = [
    ("fai_growth", "固定资产投资增速", "%", "higher", "reported", "", None, False, False,
     Decimal("-99.99"), 1, "1–N月累计同比增速"),
    ("industrial_investment_growth", "工业投资增速", "%", "higher", "reported", "", None, False,
     False, Decimal("-99.99"), 1, "1–N月累计同比增速"),
    ("projects_signed_100m", "新签约亿元以上项目数", "个", "higher", "computed", "signed",
     Decimal("10000"), True, True, Decimal("0"), 0, "当年签约且经认定、总投资1亿元以上的项目"),
    ("projects_started", "新开工项目数", "个", "higher", "computed", "started", None, True, True,
     Decimal("0"), 0, "当年开工且经认定的项目"),
    ("projects_started_500m", "新开工5亿元以上项目数", "个", "higher", "computed", "started",
     Decimal("50000"), True, True, Decimal("0"), 0, "当年开工且经认定、总投资5亿元以上的项目"),
    ("projects_in_production", "新投产项目数", "个", "higher", "computed", "in_production", None,
     True, True, Decimal("0"), 0, "当年投产且经认定的项目"),
    ("industrial_value_added", "规上工业增加值", "万元", "higher", "reported", "", None, True, True,
     Decimal("0"), 2, "当月值，全年为各月之和"),
    ("general_budget_revenue", "一般公共预算收入", "万元", "higher", "reported", "", None, True,
     True, Decimal("0"), 2, "当月值，全年为各月之和"),
    ("foreign_capital_used", "实际利用外资", "万美元", "higher", "reported", "", None, True, True,
     Decimal("0"), 2, "当月值，全年为各月之和"),
    ("trade_total", "进出口总额", "万元", "higher", "reported", "", None, True, True,
     Decimal("0"), 2, "当月值，全年为各月之和"),
    ("energy_per_value_added", "单位工业增加值能耗", "吨标准煤/万元", "lower", "reported", "", None,
     False, False, Decimal("0"), 2, "1–N月累计，越低越好"),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("targets", "Indicator")
    for order, row in enumerate(INDICATORS, start=1):
        (code, name, unit, direction, source, stage, threshold, additive, accumulates, lowest,
         places, description) = row
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "period": "month",
                "source": source,
                "computation": "stage_reached" if source == "computed" else "",
                "stage": stage,
                "min_investment_wan": threshold,
                "is_additive": additive,
                "accumulates": accumulates,
                "min_value": lowest,
                "decimal_places": places,
                "sort_order": order * 10,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
