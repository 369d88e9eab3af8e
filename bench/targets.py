"""Benchmark of the targets app at province scale: the overview pages read the kept rollups.

On top of the projects benchmark's province (bench/generate.py; fewer projects by default, they
only feed the computed indicators), makes ``--indicators`` indicators (the seeded ones and
reported additive ones up to the number), ``--years`` years of monthly values for every zone and
indicator (1,000 × 200 × 60 ≈ 12 million at the issue's scale), the rollups of the cities and
the province settled from them in SQL (what ``rollups.rebuild`` computes, at bulk-load speed),
and a measured city of ``--city-zones`` zones with targets for ``--city-indicators``
indicators. Then measures server time in-process with Django's test client:

    python bench/targets.py [--zones 1000] [--indicators 200] [--years 5] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from generate import existing_province, generate_province
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.accounts.services import organisation_create
from zonetrack.registry.models import Region
from zonetrack.registry.services import zone_create
from zonetrack.targets import selectors, services
from zonetrack.targets.models import Indicator, ReportedValue, Rollup, Target
from zonetrack.targets.services import rollups

CITY = "基准指标市商务局"
CHUNK = 20_000


def _months(years: int, today: date) -> list[date]:
    """The months of the last ``years`` years up to the last month over, oldest first."""
    found = []
    for year in range(today.year - years + 1, today.year + 1):
        for month in range(1, 13):
            if date(year, month, 1) < today.replace(day=1):
                found.append(date(year, month, 1))
    return found[-12 * years :]


def _indicators(count: int) -> list[Indicator]:
    """The seeded catalogue, and reported additive amounts up to ``count`` indicators."""
    have = Indicator.objects.count()
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench_{n:03d}",
            name=f"基准指标{n:03d}",
            unit="万元",
            min_value=Decimal(0),
            sort_order=500 + n,
        )
        for n in range(max(0, count - have))
    )
    return list(Indicator.objects.order_by("sort_order", "code"))


def _values(orgs: list[int], indicators: list[Indicator], months: list[date]) -> int:
    """Monthly values of every organisation and reported indicator, straight into the table
    (a bulk load), then their rollups settled up the tree in SQL; the number of values."""
    reported = [i for i in indicators if i.source == "reported"]
    table = ReportedValue._meta.db_table
    now = timezone.now()
    # Table names from the models, numbers as parameters: nothing from outside is spliced.
    sql = (
        f"INSERT INTO {table} "  # noqa: S608
        "(version, created_at, updated_at, organisation_id, indicator_id, period, value, source) "
        "VALUES (1, %s, %s, %s, %s, %s, %s, 'entered')"
    )
    made = 0
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for n, org in enumerate(orgs):
            for i, ind in enumerate(reported):
                top = 100 if ind.accumulates else 20
                for m, month in enumerate(months):
                    value = Decimal((org * 7 + i * 13 + m * 31) % 997 * top) / 100
                    rows.append((now, now, org, ind.pk, month, value))
            if len(rows) >= CHUNK or n == len(orgs) - 1:
                cursor.executemany(sql, rows)
                made += len(rows)
                rows = []
        rollup = Rollup._meta.db_table
        cursor.execute(
            f"INSERT INTO {rollup} "  # noqa: S608
            "(organisation_id, indicator_id, period, own_amount, amount, basis) "
            f"SELECT organisation_id, indicator_id, period, value, value, 'reported' FROM {table}"
        )
        org_table = Organisation._meta.db_table
        additive = [i.pk for i in reported if i.is_additive and i.accumulates]
        marks = ", ".join(["%s"] * len(additive))
        for depth in (1, 0):  # the cities, then the province: each from the level below
            cursor.execute(
                f"INSERT INTO {rollup} "  # noqa: S608
                "(organisation_id, indicator_id, period, amount, basis) "
                f"SELECT o.parent_id, r.indicator_id, r.period, SUM(r.amount), 'summed' "
                f"FROM {rollup} r JOIN {org_table} o ON o.id = r.organisation_id "
                f"WHERE o.depth = %s AND r.indicator_id IN ({marks}) "
                f"GROUP BY o.parent_id, r.indicator_id, r.period",
                [depth + 1, *additive],
            )
    return made


def _city(zones: int, indicators: list[Indicator], year: int) -> Organisation:
    """The measured city: ``zones`` zones and targets for ``len(indicators)`` indicators."""
    province = Organisation.objects.get(name="基准省商务厅", parent=None)
    city = organisation_create(
        actor=None, name=CITY, kind=OrganisationKind.CITY_BUREAU, parent=province
    )
    region = Region.objects.filter(level="county").first()
    committees = []
    for n in range(zones):
        org = organisation_create(
            actor=None,
            name=f"基准指标区{n:02d}管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=city,
        )
        zone_create(
            actor=None,
            name=f"基准指标区{n:02d}",
            kind="etdz",
            level="provincial",
            region=region,
            organisation=org,
        )
        committees.append(org)
    entries = [
        services.TargetEntry(org, ind, Decimal(1000 + n))
        for n, org in enumerate(committees)
        for ind in indicators
    ]
    entries += [
        services.TargetEntry(city, ind, Decimal(1000 * zones))
        for ind in indicators
        if ind.is_additive
    ]
    entries += [
        services.TargetEntry(city, ind, Decimal(1000)) for ind in indicators if not ind.is_additive
    ]
    services.targets_set(actor=None, year=year, entries=entries)
    return city


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--city-zones", type=int, default=40)
    parser.add_argument("--city-indicators", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    today = timezone.localdate()
    year = today.year
    started = time.perf_counter()
    data = existing_province() or generate_province(
        zones=args.zones, projects=args.projects, reports=args.reports
    )
    indicators = _indicators(args.indicators)
    measured = [i for i in indicators if i.source == "reported"][: args.city_indicators - 3]
    measured += [i for i in indicators if i.source == "computed"][:3]
    with transaction.atomic():
        city = Organisation.objects.filter(name=CITY).first() or _city(
            args.city_zones, measured, year
        )
        values = ReportedValue.objects.count()
        if not values:
            orgs = list(
                Organisation.objects.filter(kind=OrganisationKind.ZONE_COMMITTEE)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            values = _values(orgs, indicators, _months(args.years, today))
            # The computed figures from the province's projects, kept as the services would.
            rollups.zones_changed([z.pk for z in data.zones])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    lines = [
        f"zonetrack targets benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        f"data: {Organisation.objects.filter(kind='zone_committee').count()} zone committees, "
        f"{len(indicators)} indicators, {values} monthly values over {args.years} years, "
        f"{Rollup.objects.count()} rollups, {Target.objects.count()} targets "
        f"(made in {seconds:.0f} s); measured city: {args.city_zones} zones × "
        f"{len(measured)} indicators",
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    clients = signed_in(data.manager, data.zone_manager)
    province, province_auth = clients["bench_province"]
    zone = city.children.order_by("pk").first()
    assert zone is not None
    row = Table(lines, args.runs).row
    row(
        "baseline: GET /api/me (token auth + one user lookup)",
        lambda: ok(province.get("/api/me", headers=province_auth)),
    )
    row(
        f"city targets overview page ({args.city_zones} zones × {len(measured)} indicators)",
        lambda: ok(province.get(f"/targets/organisations/{city.pk}/", {"year": year})),
    )
    row(
        "city progress API (GET /api/targets/progress)",
        lambda: ok(
            province.get(
                f"/api/targets/progress?organisation={city.pk}&year={year}",
                headers=province_auth,
            )
        ),
    )
    row(
        "zone targets overview page",
        lambda: ok(province.get(f"/targets/organisations/{zone.pk}/", {"year": year})),
    )
    row(
        "indicator history page (5 years, ECharts)",
        lambda: ok(
            province.get(f"/targets/organisations/{city.pk}/indicators/{measured[0].pk}/history/")
        ),
    )
    # Wall time on a shared machine counts the other processes' turns too; the CPU time of
    # this process (the server's Python and, on SQLite, the database) does not.
    for label, call in (
        (
            "city targets overview page",
            lambda: ok(province.get(f"/targets/organisations/{city.pk}/", {"year": year})),
        ),
        (
            "zone targets overview page",
            lambda: ok(province.get(f"/targets/organisations/{zone.pk}/", {"year": year})),
        ),
    ):
        lines.append(f"{label}, CPU time of the server process: median {_cpu(call, args.runs)}")
        print(lines[-1], flush=True)
    _saves(lines, city, measured, year, today)
    text = "\n".join(lines)
    print("\n".join(lines[-2:]), flush=True)
    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / f"targets{suffix}.txt").write_text(text + "\n", "utf-8")


def _cpu(call: Callable[[], object], runs: int) -> str:
    """The median CPU time of ``runs`` calls (after one warm-up), as text."""
    call()
    spent = []
    for _ in range(runs):
        start = time.process_time()
        call()
        spent.append((time.process_time() - start) * 1000)
    return f"{statistics.median(spent):.1f} ms"


def _saves(
    lines: list[str], city: Organisation, indicators: list[Indicator], year: int, today: date
) -> None:
    """A grid of 40 zones × 30 indicators saved in one transaction, twice: the targets grid
    (every cell changed), and a month's values (rollups of the city and province settled)."""
    zones = list(city.children.order_by("pk"))
    # Figures new to this run (a cell equal to what is stored writes nothing), kept within
    # the decomposition tolerance of the city's target (40 × under 1,000).
    step = [int(time.time()) % 97]

    def targets() -> None:
        step[0] += 1
        services.targets_set(
            actor=None,
            year=year,
            entries=[
                services.TargetEntry(org, ind, Decimal(900 + (n + step[0]) % 97))
                for n, org in enumerate(zones)
                for ind in indicators
            ],
        )

    start, cpu = time.perf_counter(), time.process_time()
    targets()
    lines.append(
        f"targets grid save, {len(zones)} × {len(indicators)} cells changed: "
        f"{(time.perf_counter() - start) * 1000:.0f} ms, CPU "
        f"{(time.process_time() - cpu) * 1000:.0f} ms (one transaction, with history)"
    )
    reported = [i for i in indicators if i.source == "reported"]
    month = (today.replace(day=1) - date.resolution).replace(day=1)
    if selectors.covering_window(organisation=zones[0], period=month) is None:
        services.window_open(actor=None, organisation=city, period=month, due_on=today)
    start, cpu = time.perf_counter(), time.process_time()
    # The city's grid of the month in one write, as an imported sheet or the API writes it.
    services.values_write(
        actor=None,
        items=[
            services.ValueItem(org, ind, month, Decimal(500 + n + step[0]), f"{org.pk}_{ind.pk}")
            for n, org in enumerate(zones)
            for ind in reported
        ],
    )
    lines.append(
        f"values grid save, {len(zones)} × {len(reported)} cells changed: "
        f"{(time.perf_counter() - start) * 1000:.0f} ms, CPU "
        f"{(time.process_time() - cpu) * 1000:.0f} ms (one write, rollups settled)"
    )
    start, cpu = time.perf_counter(), time.process_time()
    # Each zone's own entry form (values_report), all in one transaction.
    with transaction.atomic():
        for n, org in enumerate(zones):
            services.values_report(
                actor=None,
                organisation=org,
                period=month,
                values={ind: Decimal(700 + n + step[0]) for ind in reported},
            )
    lines.append(
        f"{len(zones)} zone entry forms of {len(reported)} cells each: "
        f"{(time.perf_counter() - start) * 1000:.0f} ms, CPU "
        f"{(time.process_time() - cpu) * 1000:.0f} ms "
        f"(one transaction, rollups settled {len(zones)} times)"
    )


if __name__ == "__main__":
    main()
