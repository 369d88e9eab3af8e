"""Benchmark of promotion: the lead list and board, a zone's industry-chain map, the overview,
and the nightly check of every incentive condition of a province.

Makes the benchmark province (bench/generate.py) and, on it, the leads with their
interactions, one zone's chain map (firms present, targets, projects placed) and incentive
agreements whose conditions have fallen due, in a fresh database (SQLite in a temporary data
directory unless DATABASE_URL is set); then measures server time in-process and prints one line
per figure. The condition check runs in a transaction rolled back after each run, so every run
checks every condition.

    python bench/promotion.py [--zones 300] [--projects 30000] [--leads 100000]
        [--interactions 1000000] [--agreements 3000] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from generate import BATCH, _bulk, generate_province
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import Role
from zonetrack.accounts.services import membership_set, user_create
from zonetrack.projects.models import Project
from zonetrack.promotion import services
from zonetrack.promotion.choices import ConditionKind, InteractionKind, LeadStatus
from zonetrack.promotion.models import (
    Agreement,
    Chain,
    ChainFirm,
    ChainNode,
    ChainPlacement,
    Channel,
    Condition,
    Interaction,
    Lead,
    Promise,
    Region,
    TargetFirm,
)

STATUSES = list(LeadStatus.values)
KINDS = list(InteractionKind.values)


def make_leads(zones: list, owner: object, leads: int, interactions: int) -> None:
    """``leads`` leads spread over the zones (the first zone's owned by ``owner``), and
    ``interactions`` contacts spread over them."""
    rng = random.Random(11)
    channels, regions = list(Channel.objects.all()), list(Region.objects.all())
    nodes = list(ChainNode.objects.all())
    today = timezone.localdate()
    made = _bulk(
        Lead,
        [
            Lead(
                zone=zones[i % len(zones)],
                name=f"基准线索{i:06d}",
                prospect=f"基准意向企业{i:06d}",
                investment_wan=Decimal(rng.choice([5000, 20000, 80000])),
                channel=channels[i % len(channels)],
                region=regions[i % len(regions)],
                owner=owner if i % len(zones) == 0 else None,
                status=STATUSES[i % len(STATUSES)],
                status_on=today - timedelta(days=i % 400),
                node=nodes[i % len(nodes)] if i % 3 == 0 else None,
                next_action="电话回访" if i % 2 else "",
                next_action_on=today + timedelta(days=i % 30 - 10) if i % 2 else None,
            )
            for i in range(leads)
        ],
    )
    rows: list[Interaction] = []
    for i in range(interactions):
        rows.append(
            Interaction(
                lead=made[i % len(made)],
                kind=KINDS[i % len(KINDS)],
                happened_on=today - timedelta(days=i % 700),
                people="招商专员",
            )
        )
        if len(rows) >= BATCH * 4:
            _bulk(Interaction, rows)
            rows = []
    _bulk(Interaction, rows)


def make_chain_map(zone: object, chain: Chain) -> None:
    """The zone's map of one chain: 40 firms present and 20 targets per link of every other
    link, and 200 of its projects placed."""
    nodes = list(ChainNode.objects.filter(chain=chain))
    firms, targets = [], []
    for n, node in enumerate(nodes):
        if n % 2:
            continue
        firms += [
            ChainFirm(zone=zone, node=node, name=f"基准在链企业{n:02d}{i:03d}", is_leader=i == 0)
            for i in range(40)
        ]
        targets += [
            TargetFirm(zone=zone, node=node, name=f"基准目标企业{n:02d}{i:03d}") for i in range(20)
        ]
    _bulk(ChainFirm, firms)
    _bulk(TargetFirm, targets)
    projects = Project.objects.filter(zone=zone).order_by("pk")[:200]
    _bulk(
        ChainPlacement,
        [ChainPlacement(project=p, node=nodes[i % len(nodes)]) for i, p in enumerate(projects)],
    )


def make_agreements(count: int) -> None:
    """``count`` agreements on started and producing projects, each with a subsidy promised, an
    investment condition and a production condition fallen due (and one not yet due)."""
    today = timezone.localdate()
    projects = list(
        Project.objects.filter(stage__in=("started", "in_production")).order_by("pk")[:count]
    )
    signed = today - timedelta(days=500)
    agreements = _bulk(
        Agreement,
        [Agreement(project=p, title=f"{p.name}投资协议", signed_on=signed) for p in projects],
    )
    _bulk(
        Promise,
        [
            Promise(agreement=a, kind="subsidy", amount_wan=Decimal(300), due_on=signed)
            for a in agreements
        ],
    )
    conditions = []
    for i, agreement in enumerate(agreements):
        conditions += [
            Condition(
                agreement=agreement,
                kind=ConditionKind.INVESTMENT_BY,
                threshold=Decimal(500 + (i % 7) * 400),
                due_on=today - timedelta(days=30 + i % 200),
            ),
            Condition(
                agreement=agreement,
                kind=ConditionKind.PRODUCTION_BY,
                due_on=today - timedelta(days=10 + i % 100),
            ),
            Condition(
                agreement=agreement,
                kind=ConditionKind.INVESTMENT_BY,
                threshold=Decimal(9000),
                due_on=today + timedelta(days=200),
            ),
        ]
    _bulk(Condition, conditions)


def check_all(province: object) -> None:
    with transaction.atomic():
        services.conditions_check_due(actor=None, day=timezone.localdate(), organisation=province)
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=300)
    parser.add_argument("--projects", type=int, default=30_000)
    parser.add_argument("--reports", type=int, default=150_000)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--agreements", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `zonetrack serve` does
    started = time.perf_counter()
    data = generate_province(zones=args.zones, projects=args.projects, reports=args.reports)
    zone = data.zones[0]
    officer = user_create(actor=None, username="bench_officer", password="bench password 2026")
    membership_set(actor=None, user=officer, organisation=zone.organisation, role=Role.OFFICER)
    make_leads(data.zones, officer, args.leads, args.interactions)
    chain = Chain.objects.get(code="new-energy-vehicles")
    make_chain_map(zone, chain)
    make_agreements(args.agreements)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    due = services.checks.due_conditions(timezone.localdate(), data.province).count()
    clients = signed_in(data.manager, data.zone_manager, officer)
    province, _p = clients[data.manager.username]
    manager, _m = clients[data.zone_manager.username]
    mine, _o = clients[officer.username]
    _c, api = clients[data.manager.username]
    lines = [
        f"promotion benchmark: {args.leads:,} leads with {args.interactions:,} interactions in "
        f"{args.zones} zones ({args.projects:,} projects), {args.agreements:,} agreements with "
        f"{due:,} conditions due; {connection.vendor}, Python {platform.python_version()}; "
        f"generated in {time.perf_counter() - started:.0f} s",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    row = Table(lines, args.runs).row
    row("lead list of the province, page 1", lambda: ok(province.get("/promotion/leads/")))
    row(
        "lead list of one zone, page 1",
        lambda: ok(province.get(f"/promotion/leads/?zone={zone.pk}")),
    )
    row(
        "lead list filtered by status and channel",
        lambda: ok(province.get("/promotion/leads/?status=negotiating&channel=1")),
    )
    row("lead board of the province", lambda: ok(province.get("/promotion/leads/board/")))
    row(
        "lead board of one zone", lambda: ok(manager.get(f"/promotion/leads/board/?zone={zone.pk}"))
    )
    row("my leads (a zone's officer)", lambda: ok(mine.get("/promotion/leads/mine/")))
    url = f"/promotion/zones/{zone.pk}/chains/{chain.pk}/"
    row("a zone's chain map", lambda: ok(manager.get(url)))
    node = ChainNode.objects.filter(chain=chain).order_by("pk").first()
    row(
        "a link's panel on the chain map (htmx)",
        lambda: ok(manager.get(f"{url}?node={node.pk}", HTTP_HX_REQUEST="true")),
    )
    row("chain maps of the zone's chains", lambda: ok(manager.get("/promotion/chains/")))
    row(
        "promotion overview of the province (API)",
        lambda: ok(province.get("/api/promotion/overview", headers=api)),
        runs=5,
    )
    row(
        f"condition check of all {due:,} due conditions (service)",
        lambda: check_all(data.province),
        runs=3,
    )
    name = "promotion-postgresql.txt" if connection.vendor == "postgresql" else "promotion.txt"
    out = ROOT / "bench" / "results" / name
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
