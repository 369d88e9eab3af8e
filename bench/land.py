"""Benchmark of land: a zone's parcel list and map data among many parcels, matching land to a
project, and scoring a year's per-mu evaluation of many firms.

Makes the parcels (spread over 100 zones) and one evaluation's firms in a fresh database
(SQLite in a temporary data directory unless DATABASE_URL is set), then measures server time
in-process and prints one line per figure.

    python bench/land.py [--parcels 100000] [--firms 50000] [--runs 20]
"""

from __future__ import annotations

import argparse
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

from django.core.management import call_command
from django.db import connection
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.services import membership_set, organisation_create, user_create
from zonetrack.land import services
from zonetrack.land.choices import FirmKind, ParcelStatus
from zonetrack.land.models import FirmYear, Parcel
from zonetrack.projects.services import project_create
from zonetrack.registry.models import Region
from zonetrack.registry.services import park_create, zone_create

ZONES = 100
STATUSES = list(ParcelStatus.values)


def _square(i: int) -> tuple[dict, tuple[float, float, float, float]]:
    west, south = 112.0 + (i % 300) * 0.003, 37.0 + (i // 300 % 300) * 0.003
    east, north = west + 0.002, south + 0.002
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}, (west, south, east, north)


def generate(parcels: int, firms: int) -> tuple[object, object, object, object]:
    city = organisation_create(
        actor=None, name="基准市商务局", kind=OrganisationKind.CITY_BUREAU, parent=None
    )
    region = Region.objects.filter(level="county").first()
    zones = []
    for z in range(ZONES):
        committee = organisation_create(
            actor=None,
            name=f"基准区{z:03d}管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=city,
        )
        zone = zone_create(
            actor=None,
            name=f"基准区{z:03d}",
            kind="etdz",
            level="provincial",
            region=region,
            organisation=committee,
        )
        park_create(actor=None, zone=zone, name=f"基准园{z:03d}", infrastructure={"road": True})
        zones.append(zone)
    per_zone = parcels // ZONES
    rows = []
    for z, zone in enumerate(zones):
        park = zone.parks.first()
        for i in range(per_zone):
            geometry, (west, south, east, north) = _square(i)
            rows.append(
                Parcel(
                    zone=zone,
                    park=park,
                    code=f"{z:03d}-{i:05d}",
                    area_mu=Decimal(10 + i % 90),
                    status=STATUSES[i % len(STATUSES)],
                    geometry=geometry,
                    min_lng=west,
                    min_lat=south,
                    max_lng=east,
                    max_lat=north,
                )
            )
        if len(rows) >= 20000:
            Parcel.objects.bulk_create(rows, batch_size=2000)
            rows = []
    Parcel.objects.bulk_create(rows, batch_size=2000)
    zone = zones[0]
    project = project_create(
        actor=None, zone=zone, name="基准项目", total_investment_wan=Decimal(50000)
    )
    type(project).objects.filter(pk=project.pk).update(land_mu=Decimal(50), park=zone.parks.first())
    project.refresh_from_db()
    evaluation = services.evaluation_create(actor=None, organisation=city, year=2024)
    FirmYear.objects.bulk_create(
        (
            FirmYear(
                evaluation=evaluation,
                name=f"基准企业{i:06d}",
                zone=zones[i % ZONES],
                kind=FirmKind.ABOVE_SCALE if i % 3 else FirmKind.BELOW_SCALE,
                land_mu=Decimal(10 + i % 200),
                tax_wan=Decimal(i % 997),
                value_added_wan=Decimal(i % 4999),
                output_wan=Decimal(i % 19997),
                energy_tce=Decimal(1 + i % 500),
                emissions_t=Decimal(1 + i % 50),
                electricity_wan_kwh=Decimal(1 + i % 300),
                employees=10 + i % 900,
                rnd_wan=Decimal(i % 300),
                founded_year=2000 + i % 25,
            )
            for i in range(firms)
        ),
        batch_size=5000,
    )
    evaluation.firms_count = firms
    return city, zone, project, evaluation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--firms", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `zonetrack serve` does
    started = time.perf_counter()
    city, zone, project, evaluation = generate(args.parcels, args.firms)
    user = user_create(actor=None, username="bench-land", password="x" * 12)
    membership_set(actor=None, user=user, organisation=city, role=Role.MANAGER)
    client, _auth = signed_in(user)[user.username]
    lines = [
        f"land benchmark: {args.parcels:,} parcels in {ZONES} zones, {args.firms:,} firms; "
        f"{connection.vendor}, Python {platform.python_version()}; "
        f"generated in {time.perf_counter() - started:.0f} s",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    row = Table(lines, args.runs).row
    row("parcel list of one zone, page 1", lambda: ok(client.get(f"/land/parcels/?zone={zone.pk}")))
    row("parcel list of the city, page 1", lambda: ok(client.get("/land/parcels/")))
    row(
        "map data of one zone",
        lambda: ok(client.get(f"/land/zones/{zone.pk}/map/data/")),
    )
    row(
        "matching land for one project",
        lambda: ok(client.get(f"/land/projects/{project.pk}/land/")),
    )
    row(
        f"per-mu scoring of {args.firms:,} firms (service)",
        lambda: services.evaluation_score(actor=None, evaluation=evaluation),
        runs=3,
    )
    row(
        "evaluation page, page 1",
        lambda: ok(client.get(f"/land/evaluations/{evaluation.pk}/")),
        runs=5,
    )
    name = "land-postgresql.txt" if connection.vendor == "postgresql" else "land.txt"
    out = ROOT / "bench" / "results" / name
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
