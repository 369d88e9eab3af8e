"""Benchmark of the zone registry: list page, API, export and import at province scale.

Makes 3,000 zones and 10,000 parks in a fresh database (SQLite in a temporary data directory
unless DATABASE_URL is set), then measures server time in-process (Django's test client, so
network and browser time are left out) and prints one line per figure.

    python bench/registry.py [--zones 3000] [--parks 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

import openpyxl
from django.core.management import call_command
from django.db import connection
from django.test import Client
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation
from zonetrack.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from zonetrack.registry.imports import apply_import, export_zones, plan_import, read_table
from zonetrack.registry.models import Cluster, Park, Region, Zone
from zonetrack.registry.selectors import ZoneFilters, zone_list

KINDS = ["etdz", "high_tech", "agriculture", "bonded", "cluster"]


def generate(zones: int, parks: int) -> tuple[Organisation, Client, dict[str, str]]:
    """A province with one committee per zone; bulk inserts, as a migration of old data would."""
    province = organisation_create(
        actor=None, name="基准省商务厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    counties = list(Region.objects.filter(level="county").order_by("code")[:600])
    committees = Organisation.objects.bulk_create(
        Organisation(name=f"基准开发区{i:05d}管委会", kind="zone_committee", parent=province)
        for i in range(zones)
    )
    for org in committees:
        org.path = f"{province.path}{org.pk:08d}."
        org.depth = 1
    Organisation.objects.bulk_update(committees, ["path", "depth"], batch_size=1000)
    created = Zone.objects.bulk_create(
        (
            Zone(
                name=f"基准开发区{i:05d}",
                kind=KINDS[i % len(KINDS)],
                level="provincial" if i % 7 else "national",
                management="county" if i % 3 else "city",
                region=counties[i % len(counties)],
                organisation=committees[i],
                planned_area_km2=Decimal(10 + i % 90),
                center_lat=Decimal("30") + Decimal(i % 1000) / 100,
                center_lng=Decimal("105") + Decimal(i % 1500) / 100,
            )
            for i in range(zones)
        ),
        batch_size=1000,
    )
    clusters = list(Cluster.objects.all())
    links = Zone.clusters.through
    links.objects.bulk_create(
        (
            links(zone_id=zone.pk, cluster_id=clusters[(i + k) % len(clusters)].pk)
            for i, zone in enumerate(created)
            for k in range(2)
        ),
        batch_size=2000,
    )
    Park.objects.bulk_create(
        (Park(zone=created[i % zones], name=f"园区{i:05d}") for i in range(parks)),
        batch_size=2000,
    )
    user = user_create(actor=None, username="bench", password="benchmark password 2026")
    membership_set(actor=None, user=user, organisation=province, role=Role.MANAGER)
    client, headers = signed_in(user)[user.username]
    return province, client, headers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=3000)
    parser.add_argument("--parks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `zonetrack serve` does
    started = time.perf_counter()
    province, client, auth = generate(args.zones, args.parks)
    lines = [
        f"zonetrack registry benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        f"data: {Zone.objects.count()} zones, {Park.objects.count()} parks "
        f"(generated in {time.perf_counter() - started:.1f} s)",
        "",
        HEADER,
    ]
    row = Table(lines, args.runs).row

    me = lambda: ok(client.get("/api/me", headers=auth))  # noqa: E731
    row("baseline: GET /api/me (token, one user lookup)", me)
    row("zone list page, page 1", lambda: ok(client.get("/registry/zones/")))
    row(
        "zone list page, kind + level + search filters",
        lambda: ok(
            client.get("/registry/zones/", {"kind": "etdz", "level": "provincial", "q": "1"})
        ),
    )
    row(
        "zone list page, sorted by park count, page 20",
        lambda: ok(client.get("/registry/zones/", {"sort": "-parks", "page": 20})),
    )
    row("GET /api/zones (page 1 of 50)", lambda: ok(client.get("/api/zones", headers=auth)))
    row(
        "GET /api/zones?kind=etdz&cluster=new-materials&region=14",
        lambda: ok(
            client.get(
                "/api/zones",
                {"kind": "etdz", "cluster": "new-materials", "region": "14"},
                headers=auth,
            )
        ),
    )
    row("zone detail page", lambda: ok(client.get(f"/registry/zones/{Zone.objects.first().pk}/")))

    user = client.get("/api/me", headers=auth).wsgi_request.user
    buffer = io.BytesIO()

    def export() -> None:
        buffer.seek(0)
        buffer.truncate()
        zones = zone_list(user=user, filters=ZoneFilters()).select_related("region__parent__parent")
        export_zones(zones, buffer)

    row(f"export of all {args.zones} zones to .xlsx", export, runs=3)
    rows_exported = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    exported = sum(1 for _ in rows_exported.active.iter_rows(min_row=3))

    # Import: the exported file renamed, so every row is a new zone (preview, then commit).
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook.active
    for cells in sheet.iter_rows(min_row=3, max_col=1):
        cells[0].value = f"导入{cells[0].value}"
    upload = io.BytesIO()
    workbook.save(upload)
    data = upload.getvalue()
    start = time.perf_counter()
    plan = plan_import(read_table(data, "zones.xlsx"), user=user)
    preview = time.perf_counter() - start
    apply_import(plan, actor=user, parent=province)
    total = time.perf_counter() - start
    lines += [
        "",
        f"exported rows read back: {exported}",
        f"import of {len(plan.rows)} rows: preview {preview:.2f} s, preview + commit {total:.2f} s "
        f"({plan.summary})",
        f"zones after import: {Zone.objects.count()}",
    ]
    text = "\n".join(lines)
    print(text)
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    out = ROOT / "bench" / "results" / f"registry{suffix}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
