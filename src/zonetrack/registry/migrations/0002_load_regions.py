"""Load the shipped administrative division codes into Region."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    db = schema_editor.connection.alias  # the database being migrated, not always default
    if Region.objects.using(db).exists():
        return
    by_code = {}

    def add(rows, level, parent_column):
        objs = []
        for row in rows:
            parent = by_code.get(row[parent_column]) if parent_column else None
            objs.append(Region(code=row["code"], name=row["name"], level=level, parent=parent))
        for obj in Region.objects.using(db).bulk_create(objs, batch_size=1000):
            by_code[obj.code] = obj

    def read(name):
        with open(DATA / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    add(read("gb2260_2023_provinces.csv"), "province", None)
    if not all(obj.pk for obj in by_code.values()):
        by_code.update({r.code: r for r in Region.objects.using(db).all()})
    add(read("gb2260_2023_cities.csv"), "city", "provinceCode")
    by_code.update({r.code: r for r in Region.objects.using(db).filter(level="city")})
    add(read("gb2260_2023_areas.csv"), "county", "cityCode")


def unload(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("registry", "Region").objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
