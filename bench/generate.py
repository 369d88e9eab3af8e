"""Scale data for benchmarks: a province of zones with projects, transitions and monthly reports.

Bulk inserts straight into the tables (what a migration of old ledgers would do), in a fixed
random order so every run makes the same data. Reused by the projects and dispatch benchmarks.

    from generate import generate_province
    info = generate_province(zones=1000, projects=200_000, reports=2_000_000)
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.accounts.services import membership_set, organisation_create, user_create
from zonetrack.projects.choices import STAGE_ORDER, Stage, Verification
from zonetrack.projects.models import Enterprise, ProgressReport, Project, StageTransition
from zonetrack.projects.services import refresh_pipeline
from zonetrack.registry.models import Cluster, Region, Zone

BATCH = 5000


@dataclass
class Province:
    province: Organisation
    cities: list[Organisation]
    zones: list[Zone]
    manager: User  # a province-level manager: sees everything
    zone_manager: User  # a manager of the first zone
    seconds: float


def _bulk(model: type, rows: list, batch: int = BATCH) -> list:
    made = []
    for start in range(0, len(rows), batch):
        made += model.objects.bulk_create(rows[start : start + batch], batch_size=batch)
    return made


@transaction.atomic
def generate_province(
    *, zones: int = 1000, projects: int = 200_000, reports: int = 2_000_000, seed: int = 7
) -> Province:
    """Make one province with ``zones`` zones under 10 cities, and the projects and reports."""
    started = time.perf_counter()
    rng = random.Random(seed)
    province = organisation_create(
        actor=None, name="基准省商务厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    cities = [
        organisation_create(
            actor=None,
            name=f"基准市{i:02d}商务局",
            kind=OrganisationKind.CITY_BUREAU,
            parent=province,
        )
        for i in range(10)
    ]
    committees = _bulk(
        Organisation,
        [
            Organisation(
                name=f"基准开发区{i:05d}管委会", kind="zone_committee", parent=cities[i % 10]
            )
            for i in range(zones)
        ],
    )
    for org in committees:
        org.path = f"{org.parent.path}{org.pk:08d}."
        org.depth = 2
    Organisation.objects.bulk_update(committees, ["path", "depth"], batch_size=BATCH)
    counties = list(Region.objects.filter(level="county").order_by("code")[:zones])
    made_zones = _bulk(
        Zone,
        [
            Zone(
                name=f"基准开发区{i:05d}",
                kind="etdz",
                level="provincial",
                region=counties[i % len(counties)],
                organisation=committees[i],
                planned_area_km2=Decimal(20),
            )
            for i in range(zones)
        ],
    )
    clusters = list(Cluster.objects.all())
    investors = _bulk(
        Enterprise, [Enterprise(name=f"基准投资企业{i:06d}有限公司") for i in range(projects // 4)]
    )
    today = timezone.localdate()
    stage_weights = [0.25, 0.15, 0.2, 0.25, 0.1, 0.03, 0.02]
    stages = [*STAGE_ORDER, Stage.TERMINATED]
    project_rows = []
    for i in range(projects):
        stage = rng.choices(stages, stage_weights)[0]
        stage_on = today - timedelta(days=rng.randint(1, 900))
        verified = (
            stage
            if rng.random() > 0.15 or stage in (Stage.PURSUED, Stage.PACKAGED)
            else (
                STAGE_ORDER[max(0, STAGE_ORDER.index(stage) - 1)] if stage in STAGE_ORDER else stage
            )
        )
        zone = made_zones[i % zones]
        project_rows.append(
            Project(
                zone=zone,
                code=f"{zone.pk:04d}-B-{i:07d}",
                name=f"基准项目{i:07d}",
                investor=investors[i % len(investors)],
                cluster=clusters[i % len(clusters)],
                total_investment_wan=Decimal(rng.choice([3000, 12000, 50000, 150000])),
                stage=stage,
                verified_stage=verified,
                stage_on=stage_on,
                signed_on=stage_on if stage in (Stage.SIGNED,) else None,
                is_city_key=rng.random() < 0.2,
            )
        )
    made_projects = _bulk(Project, project_rows)
    del project_rows
    # Inserted in bulk, past the services: the kept pipeline totals are rebuilt once here.
    refresh_pipeline([zone.pk for zone in made_zones])
    _bulk(
        StageTransition,
        [
            StageTransition(
                project=p,
                from_stage="",
                to_stage=p.stage,
                happened_on=p.stage_on,
                verification=Verification.PENDING
                if p.verified_stage != p.stage
                else Verification.VERIFIED,
            )
            for p in made_projects
        ],
    )
    # Reports: the started and producing projects, one per month going back.
    reporting = [p for p in made_projects if p.stage in (Stage.STARTED, Stage.IN_PRODUCTION)]
    per_project = max(1, reports // max(1, len(reporting)))
    first = today.replace(day=1)
    rows: list[ProgressReport] = []
    count = 0
    for p in reporting:
        month = first
        for _ in range(per_project):
            month = (month - timedelta(days=1)).replace(day=1)
            rows.append(
                ProgressReport(
                    project=p,
                    month=month,
                    invested_wan=Decimal(rng.randint(10, 900)),
                    progress="主体施工",
                )
            )
            count += 1
            if count >= reports:
                break
        if len(rows) >= BATCH * 4:
            _bulk(ProgressReport, rows)
            rows = []
        if count >= reports:
            break
    _bulk(ProgressReport, rows)
    manager = user_create(actor=None, username="bench_province", password="bench password 2026")
    membership_set(actor=None, user=manager, organisation=province, role=Role.MANAGER)
    zone_manager = user_create(actor=None, username="bench_zone", password="bench password 2026")
    membership_set(actor=None, user=zone_manager, organisation=committees[0], role=Role.MANAGER)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Province(
        province, cities, made_zones, manager, zone_manager, time.perf_counter() - started
    )


def existing_province() -> Province | None:
    """The province a previous run generated in this database, to measure again without
    generating it anew (``--reuse``); None when there is none."""
    province = Organisation.objects.filter(name="基准省商务厅", parent=None).first()
    manager = User.objects.filter(username="bench_province").first()
    zone_manager = User.objects.filter(username="bench_zone").first()
    if province is None or manager is None or zone_manager is None:
        return None
    cities = list(Organisation.objects.filter(parent=province).order_by("pk"))
    zones = list(
        Zone.objects.filter(organisation__path__startswith=province.path)
        .exclude(name__startswith="导入基准")
        .order_by("pk")
    )
    return Province(province, cities, zones, manager, zone_manager, 0.0)
