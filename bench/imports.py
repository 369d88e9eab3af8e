"""Benchmark of large imports: the upload request's time and memory, then its jobs.

`python bench/imports.py --zones 200000 --ledger 120000` builds a zone list and a project
ledger of that many rows, posts each to its import page as a signed-in manager (jobs queued,
not run, so the request is measured alone), then runs the preview job and, with --write, the
confirmed import job. Memory is the peak of Python's allocations (tracemalloc) in a second,
separate post.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from huey.contrib.djhuey import HUEY
from openpyxl import Workbook

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.services import membership_set, organisation_create, user_create
from zonetrack.core import jobs
from zonetrack.core.models import Job
from zonetrack.registry.choices import ZoneKind, ZoneLevel
from zonetrack.registry.models import Region
from zonetrack.registry.services import zone_create


def zone_file(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("开发区")
    sheet.append(["开发区名称", "行政区划代码", "规划面积", "主导产业"])
    for n in range(rows):
        sheet.append([f"测试{n}开发区", "141023", 3 + n % 7, "新材料、装备制造"])
    return _save(workbook)


def ledger_file(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["序号", "项目名称", "建设单位", "项目级别", "总投资", "年度计划投资", "形象进度"])
    for n in range(1, rows + 1):
        investor = f"测试{n:06d}有限公司"
        sheet.append([n, f"测试项目{n:06d}", investor, "市重点", 100 + n % 50, 80, ""])
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    workbook.save(path)
    return path.read_bytes()


def post(client: Client, url: str, data: dict, memory: bool) -> tuple[float, float, int]:
    """Seconds and peak MB of one upload request, and its status."""
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    response = client.post(url, data)
    seconds = time.perf_counter() - start
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return seconds, peak, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=200_000)
    parser.add_argument("--ledger", type=int, default=120_000)
    parser.add_argument("--write", action="store_true", help="also run the confirmed imports")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `zonetrack serve` does
    HUEY.immediate = False  # the request is measured alone; its jobs wait in the queue
    province = organisation_create(
        actor=None, name="省厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    committee = organisation_create(
        actor=None, name="测试区管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=province
    )
    zone = zone_create(
        actor=None,
        name="测试区",
        kind=ZoneKind.ETDZ,
        level=ZoneLevel.PROVINCIAL,
        region=Region.objects.get(code="141023"),
        organisation=committee,
    )
    user = user_create(actor=None, username="bench", password="bench-password-2026")
    membership_set(actor=None, user=user, organisation=province, role=Role.MANAGER)
    client = Client()
    client.force_login(user)
    lines = [
        f"zonetrack import benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        "",
    ]

    def say(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    cases = [
        ("zone list", args.zones, zone_file, "/registry/zones/import/", {"parent": province.pk}),
        ("ledger", args.ledger, ledger_file, "/projects/ledger/import/", {"zone": zone.pk}),
    ]
    client.get("/registry/zones/import/")  # warm up: the first request loads the URL conf
    client.get("/projects/ledger/import/")
    for label, rows, build, url, fields in cases:
        if not rows:
            continue
        data = build(rows)
        name = "file.xlsx"
        seconds, _peak, status = post(
            client, url, {"file": SimpleUploadedFile(name, data), **fields}, memory=False
        )
        _seconds, peak, _status = post(
            client, url, {"file": SimpleUploadedFile(name, data), **fields}, memory=True
        )
        say(
            f"{label} of {rows} rows ({len(data) / 1024 / 1024:.1f} MB): upload request "
            f"{seconds:.2f} s, peak {peak:.0f} MB allocated, status {status}"
        )
        if not hasattr(jobs, "execute"):
            continue
        preview = Job.objects.filter(kind__endswith="_preview").first()
        start = time.perf_counter()
        jobs.execute(preview.pk)
        preview.refresh_from_db()
        say(
            f"  preview job: {time.perf_counter() - start:.1f} s, {preview.status}, "
            f"{preview.result.get('summary')}"
        )
        if not args.write:
            continue
        response = client.post(url, {"confirm": "1", "preview": preview.pk})
        job = Job.objects.filter(kind__endswith="_import").first()
        start = time.perf_counter()
        jobs.execute(job.pk)
        job.refresh_from_db()
        say(
            f"  import job: {time.perf_counter() - start:.1f} s, {job.status} "
            f"{job.message} (confirm request answered {response.status_code})"
        )
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    out = ROOT / "bench" / "results" / f"imports{suffix}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
