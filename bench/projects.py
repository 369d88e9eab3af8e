"""Benchmark of the projects app at province scale: pipeline counts, lists, detail, ledger.

Makes 1,000 zones, 200,000 projects and 2,000,000 monthly reports (bench/generate.py) in a fresh
database (SQLite in a temporary data directory unless DATABASE_URL is set), then measures server
time in-process with Django's test client, next to a bare authenticated endpoint doing one
primary-key lookup (GET /api/me) measured in the same run.

    python bench/projects.py [--zones 1000] [--projects 200000] [--reports 2000000] [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from generate import existing_province, generate_province
from measure import HEADER, Table, ok, signed_in

from zonetrack.projects.models import ProgressReport, Project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=200_000)
    parser.add_argument("--reports", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the province a previous run generated in this database, if there is one",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = (existing_province() if args.reuse else None) or generate_province(
        zones=args.zones, projects=args.projects, reports=args.reports
    )
    lines = [
        f"zonetrack projects benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        f"data: {len(data.zones)} zones, {Project.objects.count()} projects, "
        f"{ProgressReport.objects.count()} monthly reports "
        + (f"(generated in {data.seconds:.0f} s)" if data.seconds else "(generated earlier)"),
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    clients = signed_in(data.manager, data.zone_manager)
    province, province_auth = clients["bench_province"]
    zone_client, zone_auth = clients["bench_zone"]
    zone_id = data.zones[0].pk
    project = Project.objects.filter(zone_id=zone_id).order_by("pk").first()

    row = Table(lines, args.runs).row

    row(
        "baseline: GET /api/me (token auth + one user lookup)",
        lambda: ok(province.get("/api/me", headers=province_auth)),
    )
    row(
        "pipeline counts, one zone (GET /api/pipeline?zone=…)",
        lambda: ok(zone_client.get(f"/api/pipeline?zone={zone_id}", headers=zone_auth)),
    )
    row(
        "pipeline counts, whole province (GET /api/pipeline)",
        lambda: ok(province.get("/api/pipeline", headers=province_auth)),
    )
    row(
        "pipeline counts, province, verified only",
        lambda: ok(province.get("/api/pipeline?verified_only=true", headers=province_auth)),
    )
    row(
        "project list API, province, stage + key filter, page 1",
        lambda: ok(province.get("/api/projects?stage=started&key=city", headers=province_auth)),
    )
    row("project list page, province, page 1", lambda: ok(province.get("/projects/")))
    row(
        "project list page, province, stage + cluster filters",
        lambda: ok(province.get("/projects/", {"stage": "started", "cluster": "new-materials"})),
    )
    row(
        "project detail API",
        lambda: ok(province.get(f"/api/projects/{project.pk}", headers=province_auth)),
    )
    if _has_url("projects:project_detail"):
        row("project detail page", lambda: ok(province.get(f"/projects/{project.pk}/")))

    ledger = _ledger()
    if ledger is not None:
        export, plan = ledger
        subset = Project.objects.filter(zone_id__in=[z.pk for z in data.zones[:50]])[:10_000]
        ids = list(subset.values_list("pk", flat=True))
        projects = Project.objects.filter(pk__in=ids)
        out = io.BytesIO()
        start = time.perf_counter()
        export(projects, out)
        seconds = time.perf_counter() - start
        # Memory in a second run: tracing slows Python several times, so it is not timed.
        out = io.BytesIO()
        tracemalloc.start()
        export(projects, out)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        lines.append(
            f"ledger export of {len(ids)} projects: {seconds:.2f} s "
            f"(peak Python memory {peak:.0f} MB, measured in a second, traced run; "
            f"file {len(out.getvalue()) / 1e6:.1f} MB)"
        )
        lines.append(plan(out.getvalue()))
    text = "\n".join(lines)
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / f"projects{suffix}.txt").write_text(text + "\n", "utf-8")


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, kwargs={"project_id": 1})
    except NoReverseMatch:
        return False
    return True


def _ledger() -> tuple[Callable, Callable] | None:
    """The ledger export/import when the projects app has them (measured if present)."""
    try:
        from zonetrack.projects import ledger
    except ImportError:
        return None

    def export(projects: object, out: io.BytesIO) -> None:
        ledger.export_ledger(
            projects,
            out,
            year=timezone.localdate().year,
            as_of=timezone.localdate(),
            title="基准开发区项目推进情况表",
        )

    def plan(data: bytes) -> str:
        """Import the exported ledger into an empty zone: every row a new project."""

        from zonetrack.accounts.models import Organisation
        from zonetrack.accounts.services import organisation_create
        from zonetrack.registry.models import Region
        from zonetrack.registry.services import zone_create

        # A new zone each run, so that a reused database takes the import again.
        suffix = Organisation.objects.filter(name__startswith="导入基准开发区").count() or ""
        committee = organisation_create(
            actor=None,
            name=f"导入基准开发区{suffix}管委会",
            kind="zone_committee",
            parent=Organisation.objects.get(name="基准市00商务局"),
        )
        zone = zone_create(
            actor=None,
            name=f"导入基准开发区{suffix}",
            kind="etdz",
            level="provincial",
            region=Region.objects.filter(level="county").first(),
            organisation=committee,
        )
        start = time.perf_counter()
        planned = ledger.plan_ledger(
            ledger.read_ledger(data, "ledger.xlsx"),
            user=None,
            zone=zone,
            year=timezone.localdate().year,
            as_of=timezone.localdate(),
        )
        preview = time.perf_counter() - start
        rows = sum(1 for row in planned.rows if row.action == "create")
        if not planned.ok:
            return f"ledger import: plan refused ({preview:.1f} s)"
        ledger.apply_ledger(planned, actor=None, zone=zone)
        total = time.perf_counter() - start
        return (
            f"ledger import of {rows} rows into an empty zone: preview {preview:.2f} s, "
            f"preview + commit {total:.2f} s"
        )

    return export, plan


if __name__ == "__main__":
    main()
