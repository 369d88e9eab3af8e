"""Benchmark of rankings: a scheme of 20 items over 300 zones — computing it, and the ranking
page, an item explanation and the API's ranking with explanations.

Makes, in a fresh database (SQLite in a temporary data directory unless DATABASE_URL is set),
a city of 300 zones with half a year of 20 indicators' monthly values (the 9 of the catalogue
and 11 more) and the year's targets, then a 20-item scheme using every kind of indicator rule.
Server time is measured in-process with Django's test client. Output: bench/results/rankings.txt
(one section per database).

    python bench/rankings.py [--zones 300] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
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
from django.db import connection, transaction
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.accounts.services import organisation_create
from zonetrack.rankings import services
from zonetrack.targets.models import Indicator, ReportedValue, Target

BATCH = 5000
RULES = [
    ("linear", {}),
    ("rank_points", {"first": 10, "step": "0.05"}),
    ("growth_vs_average", {"span": 10}),
    ("bands", {"bands": [[800, 1], [500, "0.6"], [200, "0.3"]]}),
]


@transaction.atomic
def make_data(
    zones: int, seed: int = 12
) -> tuple[Organisation, list[Organisation], list[Indicator]]:
    """A city of ``zones`` zones, 20 indicators, six months of values and the year's targets."""
    rng = random.Random(seed)
    province = organisation_create(
        actor=None, name="基准省", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    city = organisation_create(
        actor=None, name="基准市", kind=OrganisationKind.CITY_BUREAU, parent=province
    )
    members = [
        organisation_create(
            actor=None, name=f"基准区{n:03d}", kind=OrganisationKind.ZONE_COMMITTEE, parent=city
        )
        for n in range(zones)
    ]
    indicators = list(Indicator.objects.filter(source="reported"))
    for n in range(20 - len(indicators)):
        indicators.append(
            Indicator.objects.create(code=f"bench_{n}", name=f"基准指标{n}", unit="万元")
        )
    year = timezone.localdate().year - 1
    ReportedValue.objects.bulk_create(
        [
            ReportedValue(
                organisation=zone,
                indicator=indicator,
                period=date(year, month, 1),
                value=Decimal(rng.randint(0, 1000)),
            )
            for zone in members
            for indicator in indicators
            for month in range(1, 7)
            if rng.random() > 0.02  # a few months missing
        ],
        batch_size=BATCH,
    )
    Target.objects.bulk_create(
        [
            Target(organisation=zone, indicator=indicator, year=year, value=Decimal(3000))
            for zone in members
            for indicator in indicators[:5]
        ],
        batch_size=BATCH,
    )
    return city, members, indicators


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    city, zones, indicators = make_data(args.zones)
    generated = time.perf_counter() - started
    manager = User.objects.create(username="bench_city", display_name="市局考核员")
    Membership.objects.create(user=manager, organisation=city, role=Role.MANAGER)
    zone_viewer = User.objects.create(username="bench_zone", display_name="园区观察员")
    Membership.objects.create(user=zone_viewer, organisation=zones[0], role=Role.VIEWER)
    categories = []
    for c in range(4):
        items = []
        for n in range(5):
            indicator = indicators[c * 5 + n]
            rule, params = ("target_ratio", {"cap": "1.2"}) if c == 0 else RULES[(c + n) % 4]
            items.append(services.ItemDraft(f"项{c}{n}", rule, Decimal(5), indicator, params))
        categories.append(services.CategoryDraft(f"类{c}", items))
    scheme = services.scheme_save(
        actor=manager,
        draft=services.SchemeDraft(
            name="基准考核", owner=city, period_kind="half_year", categories=categories
        ),
    )
    period = f"{timezone.localdate().year - 1}H1"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    lines = [
        f"zonetrack rankings benchmark — {connection.vendor}, {platform.python_implementation()} "
        f"{platform.python_version()}, {timezone.localdate():%Y-%m-%d}",
        f"data: {args.zones} zones, {len(indicators)} indicators, "
        f"{ReportedValue.objects.count()} monthly values, generated in {generated:.1f} s",
    ]
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        ranking = services.ranking_compute(actor=manager, scheme=scheme, period=period)
        timings.append(time.perf_counter() - start)
    lines.append(
        f"compute 20 items × {args.zones} zones (gather, score, store): "
        f"best {min(timings):.2f} s, worst {max(timings):.2f} s of 3"
    )
    start = time.perf_counter()
    same = services.recompute(ranking) == ranking.result
    lines.append(
        f"recompute from stored inputs: {time.perf_counter() - start:.2f} s, byte-identical: {same}"
    )
    services.ranking_publish(actor=manager, ranking=ranking, acknowledged=True)
    print("\n".join(lines), flush=True)
    lines += ["", HEADER]
    table = Table(lines, args.runs)
    clients = signed_in(manager, zone_viewer)
    city_client, city_auth = clients["bench_city"]
    zone_client, _zone_auth = clients["bench_zone"]
    detail = f"/rankings/{ranking.pk}/"
    item = f"/rankings/{ranking.pk}/organisations/{zones[0].pk}/"
    table.row("ranking page (龙虎榜), city manager", lambda: ok(city_client.get(detail)))
    table.row("ranking page, a ranked zone's viewer", lambda: ok(zone_client.get(detail)))
    table.row("item explanation, a ranked zone's viewer", lambda: ok(zone_client.get(item)))
    table.row("side by side, city manager", lambda: ok(city_client.get(f"{detail}compare/")))
    table.row(
        "API ranking with explanations, city manager",
        lambda: ok(city_client.get(f"/api/rankings/{ranking.pk}", headers=city_auth)),
    )
    table.row("scheme list, city manager", lambda: ok(city_client.get("/rankings/")))
    _write_results("\n".join(lines))


def _write_results(text: str) -> None:
    """One section per database in bench/results/rankings.txt; this run's replaces the
    earlier run's on the same database."""
    path = ROOT / "bench" / "results" / "rankings.txt"
    path.parent.mkdir(exist_ok=True)
    marker = "zonetrack rankings benchmark — "
    old = path.read_text("utf-8") if path.exists() else ""
    sections = [marker + part.strip() for part in old.split(marker) if part.strip()]
    kept = [s for s in sections if not s.startswith(f"{marker}{connection.vendor},")]
    ordered = sorted([*kept, text.strip()], key=lambda s: "postgresql" in s.split("\n")[0])
    path.write_text("\n\n".join(ordered) + "\n", "utf-8")


if __name__ == "__main__":
    main()
