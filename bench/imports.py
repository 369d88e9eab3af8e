"""Benchmark of large imports: the upload request's time and memory, then its jobs.

`python bench/imports.py --zones 200000 --ledger 120000` builds a zone list and a project
ledger of that many rows, posts each to its import page as a signed-in manager (jobs queued,
not run, so the request is measured alone), then runs the preview job and, with --write, the
confirmed import job. Memory is the peak of Python's allocations (tracemalloc) in a second,
separate post.

`--changed 5000` measures a ledger whose rows all change existing projects (new total, level,
statistics flag and year plan): the preview job, then the import job, in rows per
second; beside it the same changes made one by one (``project_update`` and ``year_plan_set``
per row, as imports did before) on the first `--one-by-one` rows, rolled back.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
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


def changed_file(rows: int) -> bytes:
    """Every project of ``existing_projects`` again, each with something changed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["序号", "项目名称", "项目级别", "总投资", "年度计划投资", "是否入统"])
    for n in range(1, rows + 1):
        sheet.append([n, f"续建项目{n:06d}", "省重点", 200 + n % 50, 90, "是"])
    return _save(workbook)


def existing_projects(zone: Any, rows: int) -> None:
    """``rows`` projects of the zone, half of them with this year's plan."""
    from zonetrack.projects import services

    for start in range(0, rows, 1000):
        created = services.projects_bulk_create(
            actor=None,
            zone=zone,
            drafts=[
                {"name": f"续建项目{n:06d}", "total_investment_wan": Decimal(100)}
                for n in range(start + 1, min(start + 1000, rows) + 1)
            ],
        )
        services.year_plans_bulk_create(
            actor=None,
            year=timezone.localdate().year,
            entries=[(project, Decimal(50)) for project in created[::2]],
        )


def _profiled(path: str, suffix: str, run: Any) -> None:
    """``run()``, under cProfile when ``path`` is given (its stats saved as path.suffix)."""
    if not path:
        run()
        return
    import cProfile

    profile = cProfile.Profile()
    profile.runcall(run)
    profile.dump_stats(f"{path}.{suffix}")


def changed_rows(
    client: Client, zone: Any, user: Any, rows: int, one_by_one: int, say: Any, profile: str = ""
) -> None:
    """A ledger of ``rows`` changed projects: preview, import, and the old way for contrast."""
    from zonetrack.projects import jobs as ledger_jobs
    from zonetrack.projects import services

    existing_projects(zone, rows)
    data = changed_file(rows)
    jobs.JOB_BYTES = 0  # the jobs wait in the queue, run below one by one
    url = "/projects/ledger/import/"
    Job.objects.all().delete()
    seconds, _peak, status = post(
        client, url, {"file": SimpleUploadedFile("changed.xlsx", data), "zone": zone.pk}, False
    )
    say(f"changed ledger of {rows} rows: upload request {seconds:.2f} s, status {status}")
    preview = Job.objects.get(kind=ledger_jobs.PREVIEW)
    start = time.perf_counter()
    _profiled(profile, "preview", lambda: jobs.execute(preview.pk))
    preview.refresh_from_db()
    took = time.perf_counter() - start
    say(
        f"  preview job: {took:.1f} s ({rows / took:.0f} rows/s), {preview.status}, "
        f"{preview.result.get('summary')}"
    )
    if one_by_one:
        plan = jobs.load_plan(preview)
        updates = [row for row in plan.rows if row.action == "update"][:one_by_one]
        start = time.perf_counter()
        with transaction.atomic():
            for row in updates:
                if row.fields:
                    row.project = services.project_update(
                        actor=user, project=row.project, changes=row.fields
                    )
                if row.year_plan is not None:
                    services.year_plan_set(
                        actor=user,
                        project=row.project,
                        year=plan.year,
                        planned_investment_wan=row.year_plan,
                        planned_start=row.plan_flags[0],
                        planned_completion=row.plan_flags[1],
                    )
            took = time.perf_counter() - start
            transaction.set_rollback(True)
        say(
            f"  the same changes one by one (first {len(updates)} rows, rolled back): "
            f"{took:.1f} s ({len(updates) / took:.0f} rows/s)"
        )
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    job = Job.objects.get(kind=ledger_jobs.IMPORT)
    start, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as captured:
        _profiled(profile, "import", lambda: jobs.execute(job.pk))
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    job.refresh_from_db()
    say(
        f"  import job: {took:.1f} s ({rows / took:.0f} changed rows/s; {cpu:.1f} s of CPU, "
        f"{rows / cpu:.0f} rows per CPU second; {len(captured)} queries), {job.status} "
        f"{job.message} (confirm request answered {response.status_code})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=200_000)
    parser.add_argument("--ledger", type=int, default=120_000)
    parser.add_argument("--write", action="store_true", help="also run the confirmed imports")
    parser.add_argument("--changed", type=int, default=0, help="rows of a changed ledger")
    parser.add_argument("--one-by-one", type=int, default=500, help="rows edited one by one")
    parser.add_argument(
        "--profile", default="", help="save cProfile stats of the changed ledger's jobs here"
    )
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
    if args.changed:
        changed_rows(client, zone, user, args.changed, args.one_by_one, say, args.profile)
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    out = ROOT / "bench" / "results" / f"imports{suffix}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
