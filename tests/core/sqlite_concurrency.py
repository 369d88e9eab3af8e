"""A long zone import on a SQLite file while another thread writes: prints what happened.

Run by tests/core/test_import_concurrency.py in its own process, with its own data directory,
since the test database of the suite is held in one transaction and cannot show locking.
Usage: python sqlite_concurrency.py ZONES BUSY_TIMEOUT_SECONDS [CHUNK_ROWS]
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")

from django.conf import settings

ZONES, TIMEOUT = int(sys.argv[1]), float(sys.argv[2])
options = settings.DATABASES["default"]["OPTIONS"]
options["timeout"] = TIMEOUT
options["init_command"] = options["init_command"].replace(
    "busy_timeout=30000", f"busy_timeout={int(TIMEOUT * 1000)}"
)

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402

from zonetrack.accounts.choices import OrganisationKind  # noqa: E402
from zonetrack.accounts.services import organisation_create  # noqa: E402
from zonetrack.core import chunked  # noqa: E402
from zonetrack.registry import imports, services  # noqa: E402
from zonetrack.registry.models import Zone  # noqa: E402

if len(sys.argv) > 3:
    chunked.CHUNK_ROWS = int(sys.argv[3])

call_command("migrate", verbosity=0)
province = organisation_create(
    actor=None, name="省厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
)
workbook = openpyxl.Workbook()
workbook.active.append(["开发区名称", "行政区划代码", "规划面积", "主导产业"])
for n in range(ZONES):
    workbook.active.append([f"导入{n}区", "141023", 3, "新材料"])
buffer = io.BytesIO()
workbook.save(buffer)
plan = imports.plan_import(imports.read_table(buffer.getvalue(), "z.xlsx"), user=None)
# The zone the other writer edits, made before the import starts.
other = services.zones_bulk_create(
    actor=None, parent=province, zones=[(Zone(**plan.rows.pop().fields), None)]
)[0]

done = threading.Event()
report: dict[str, object] = {"writes": 0, "failures": [], "longest_write_s": 0.0}


def write_meanwhile() -> None:
    zone = Zone.objects.get(pk=other.pk)
    try:
        while not done.is_set():
            started = time.perf_counter()
            try:
                zone = services.zone_update(
                    actor=None, zone=zone, changes={"description": f"edit {report['writes']}"}
                )
                report["writes"] = int(report["writes"]) + 1  # type: ignore[call-overload]
            except OperationalError as exc:
                report["failures"].append(str(exc))  # type: ignore[attr-defined]
            took = time.perf_counter() - started
            report["longest_write_s"] = max(float(report["longest_write_s"]), took)  # type: ignore[arg-type]
            time.sleep(0.05)
    finally:
        connection.close()


writer = threading.Thread(target=write_meanwhile)
started = time.perf_counter()
writer.start()
try:
    imports.apply_import(plan, actor=None, parent=province)
    report["imported"] = Zone.objects.count() - 1
except OperationalError as exc:
    report["import_failure"] = str(exc)
report["import_s"] = round(time.perf_counter() - started, 2)
done.set()
writer.join()
print(json.dumps(report))
