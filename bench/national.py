"""National-scale data for benchmarks: 31 provinces, ~330 cities, 2,700 zones, a million projects
with their stage moves, ten million monthly reports, year plans, problems, colours and targets.

Rows go straight into the tables, as a migration of old ledgers would (COPY on PostgreSQL,
bulk_create on SQLite), streamed a batch of projects at a time so memory stays flat; every
project's facts come from its own seeded random stream, so a run makes the same data each time.
Then the kept totals are rebuilt by the app's own services (pipeline totals, colours, target
rollups, the cockpits' zone-months) and the tables analysed. Generate once, reuse with --reuse:

    DATABASE_URL=postgres://…/national python bench/national.py [--zones 2700]
        [--projects 1000000] [--reports 10000000] [--reuse] [--derive-only]

    from national import existing_nation, generate_nation
    nation = existing_nation() or generate_nation(zones=60, projects=5000, reports=30_000)
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.accounts.services import membership_set, user_create
from zonetrack.dispatch.choices import EscalationLevel, EventKind, ProblemCategory, ProblemStatus
from zonetrack.dispatch.models import ColourChange, ColourStatus, Problem, ProblemEvent
from zonetrack.dispatch.services import colours_refresh
from zonetrack.projects.choices import (
    STAGE_ORDER,
    VERIFIED_STAGES,
    ConstructionStatus,
    ProjectKind,
    SourceChannel,
    Stage,
    Verification,
)
from zonetrack.projects.models import (
    EndReason,
    Enterprise,
    PipelineTotal,
    ProgressReport,
    Project,
    ProjectCounter,
    StageTransition,
    YearPlan,
)
from zonetrack.projects.selectors import report_month
from zonetrack.projects.services import projects_changed, refresh_pipeline
from zonetrack.registry.choices import Management, ZoneKind, ZoneLevel, ZoneStatus
from zonetrack.registry.models import Cluster, Region, Zone
from zonetrack.targets.choices import Source
from zonetrack.targets.models import Indicator, ReportedValue, Rollup, Target
from zonetrack.targets.services import rollups

BATCH = 5000  # projects per streamed batch (their transitions, reports and plans go with them)
PASSWORD = "bench password 2026"  # noqa: S105 - the benchmark users' password
USERS = ("national_province", "national_city", "national_zone")
MEASURED_PROVINCE = "32"  # 江苏省: the managers' province, when the division codes have it
PLACE = Decimal("0.000001")  # of a coordinate
WINDOW = 24  # months of monthly reports kept, back from the last complete month

# A project's stage, and how long ago it entered it (at most, in days).
STAGES = [*STAGE_ORDER, Stage.TERMINATED]
STAGE_WEIGHTS = [0.13, 0.07, 0.11, 0.36, 0.25, 0.03, 0.05]
SPAN = {
    Stage.PURSUED: 365,
    Stage.PACKAGED: 450,
    Stage.SIGNED: 540,
    Stage.STARTED: 900,
    Stage.IN_PRODUCTION: 1000,
    Stage.AT_CAPACITY: 1100,
    Stage.TERMINATED: 720,
}
# Days between entering the stage before and entering this one.
GAP = {
    Stage.PACKAGED: (20, 150),
    Stage.SIGNED: (30, 240),
    Stage.STARTED: (30, 300),
    Stage.IN_PRODUCTION: (150, 700),
    Stage.AT_CAPACITY: (90, 500),
}
REPORTING = {Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY}
PLANNED = {Stage.SIGNED, *REPORTING}
INVESTMENT_WAN = [2000, 5000, 12000, 30000, 50000, 100000, 200000, 500000]
INVESTMENT_WEIGHTS = [0.18, 0.22, 0.2, 0.16, 0.1, 0.08, 0.04, 0.02]
PROGRESS = [
    "场地平整",
    "桩基施工",
    "主体施工",
    "主体封顶",
    "设备安装",
    "装修收尾",
    "试生产",
    "正常生产",
]
PHRASES = [
    "年产10万吨新材料",
    "智能制造产业园",
    "新能源电池",
    "高端装备制造基地",
    "生物医药研发生产",
    "电子信息产业园",
    "现代物流园",
    "汽车零部件",
    "精细化工",
    "绿色食品加工",
]
PROBLEM_TEXT = {
    ProblemCategory.LAND: "用地指标未落实，土地组卷报批进度滞后",
    ProblemCategory.FUNDING: "项目融资未到位，银行授信审批中",
    ProblemCategory.APPROVAL: "环评、能评手续办理进度慢",
    ProblemCategory.INFRASTRUCTURE: "园区道路和管网未接通",
    ProblemCategory.POWER: "双回路供电线路未建成",
    ProblemCategory.ENVIRONMENT: "排污指标不足",
    ProblemCategory.LABOUR: "技术工人招聘困难",
    ProblemCategory.OTHER: "其他需协调事项",
}
# Zone kinds of provincial and lesser zones, and how common each is.
LOCAL_KINDS = [
    (ZoneKind.ETDZ, 0.34),
    (ZoneKind.HIGH_TECH, 0.16),
    (ZoneKind.CLUSTER, 0.3),
    (ZoneKind.AGRICULTURE, 0.1),
    (ZoneKind.CULTURE_TOURISM, 0.05),
    (ZoneKind.OTHER, 0.05),
]
# Roughly where each province's zones lie (latitude, longitude), for the cockpits' maps.
CENTRES = {
    "11": (39.9, 116.4), "12": (39.1, 117.2), "13": (38.0, 114.5), "14": (37.9, 112.5),
    "15": (40.8, 111.7), "21": (41.8, 123.4), "22": (43.9, 125.3), "23": (45.8, 126.5),
    "31": (31.2, 121.5), "32": (32.1, 118.8), "33": (30.3, 120.2), "34": (31.9, 117.3),
    "35": (26.1, 119.3), "36": (28.7, 115.9), "37": (36.7, 117.0), "41": (34.8, 113.7),
    "42": (30.6, 114.3), "43": (28.2, 113.0), "44": (23.1, 113.3), "45": (22.8, 108.3),
    "46": (20.0, 110.3), "50": (29.6, 106.5), "51": (30.7, 104.1), "52": (26.6, 106.7),
    "53": (25.0, 102.7), "54": (29.7, 91.1), "61": (34.3, 108.9), "62": (36.1, 103.8),
    "63": (36.6, 101.8), "64": (38.5, 106.3), "65": (43.8, 87.6),
}  # fmt: skip
KIND_NAME = {
    ZoneKind.ETDZ: "经济技术开发区",
    ZoneKind.HIGH_TECH: "高新技术产业开发区",
    ZoneKind.AGRICULTURE: "现代农业产业示范区",
    ZoneKind.CULTURE_TOURISM: "文旅示范区",
    ZoneKind.BONDED: "综合保税区",
    ZoneKind.CLUSTER: "产业集聚区",
    ZoneKind.OTHER: "产业园区",
}


@dataclass
class Nation:
    provinces: list[Organisation]
    province: Organisation  # the measured province: the province manager's
    city: Organisation  # a city of it: the city manager's
    zone: Zone  # a zone of that city: the zone manager's
    manager: User  # a province-level manager: sees the province
    city_manager: User
    zone_manager: User
    seconds: float  # 0 when generated by an earlier run
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def province_zones(self) -> list[Zone]:
        return list(
            Zone.objects.filter(organisation__path__startswith=self.province.path).order_by("pk")
        )


# --- writing rows ------------------------------------------------------------------------------


def _copy_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


class _Table:
    """Rows of one model written straight into its table: COPY on PostgreSQL, bulk_create
    elsewhere. ``columns`` are given per row; every other NOT NULL column gets its default
    (timestamps: now) once for all rows."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        self.model, self.columns = model, columns
        now = timezone.now()
        self.extra: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.extra[f.attname] = now
            elif f.has_default() or not f.null:
                value = f.get_default()
                if value is None and not f.null:
                    raise ValueError(f"{model.__name__}.{f.attname} needs a value")
                self.extra[f.attname] = value
        self.rows: list[tuple] = []
        self.count = 0
        self.pg = connection.vendor == "postgresql"

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        if self.pg:
            column = {f.attname: f.column for f in self.model._meta.concrete_fields}
            names = ", ".join(
                connection.ops.quote_name(column[n]) for n in (*self.columns, *self.extra)
            )
            tail = tuple(_copy_value(v) for v in self.extra.values())
            table = connection.ops.quote_name(self.model._meta.db_table)
            sql = f"COPY {table} ({names}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in self.rows:
                    copy.write_row((*row, *tail))
        else:
            self.model.objects.bulk_create(
                [
                    self.model(**dict(zip(self.columns, row, strict=True)), **self.extra)
                    for row in self.rows
                ],
                batch_size=500,
            )
        self.count += len(self.rows)
        self.rows = []


def _reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of ``count`` primary keys kept for rows written with explicit keys; the
    sequence is moved past them, so the app's own inserts later take the next ones."""
    first = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    if connection.vendor == "postgresql" and count:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [model._meta.db_table, first + count - 1],
            )
    return first


def _reset_sequences(*models_: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


@contextmanager
def _quiet(signal: Signal) -> Iterator[None]:
    """No receivers for the duration: a bulk load's derived rows are rebuilt whole afterwards
    (what the receivers would recount zone by zone, many times over)."""
    receivers = signal.receivers
    signal.receivers = []
    signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        signal.receivers = receivers
        signal.sender_receivers_cache.clear()


def _aware(day: date, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(8 + minute // 60 % 10, minute % 60)))


def _month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


# --- the frame: provinces, cities, zone committees, zones, clusters, investors -----------------


@dataclass
class _Frame:
    provinces: list[Organisation]
    cities: list[Organisation]
    committees: list[Organisation]
    zones: list[Zone]
    city_of: list[int]  # per zone index: the city organisation's id
    province_of: list[int]  # per zone index: the province organisation's id
    weights: list[float]  # per zone index: its share of projects
    clusters: list[int]
    zone_clusters: list[list[int]]
    investor_first: int
    investors: int


def _frame(
    rng: random.Random, *, zones: int, cities: int, projects: int, provinces: int = 31
) -> _Frame:
    regions = list(Region.objects.filter(level="province").order_by("code"))[:31]
    if provinces < len(regions):  # a smaller country: the measured province first
        regions.sort(key=lambda r: r.code != MEASURED_PROVINCE)
        regions = sorted(regions[:provinces], key=lambda r: r.code)
    real_cities: dict[int, list[Region]] = defaultdict(list)
    for region in Region.objects.filter(level="city").order_by("code"):
        if "辖" not in region.name:
            real_cities[region.parent_id].append(region)
    counties: dict[int, list[Region]] = defaultdict(list)
    for region in Region.objects.filter(level="county").select_related("parent").order_by("code"):
        counties[region.parent_id].append(region)
        if region.parent is not None and region.parent.parent_id is not None:
            counties[region.parent.parent_id].append(region)
    everywhere = list(Region.objects.filter(level="county").order_by("code")[:500])
    provinces = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{r.name}商务厅",
                kind=OrganisationKind.PROVINCE_DEPT,
                region_code=r.code,
            )
            for r in regions
        ]
    )
    for org in provinces:
        org.path, org.depth = f"{org.pk:08d}.", 0
    Organisation.objects.bulk_update(provinces, ["path", "depth"])
    # Cities: as even a share of ``cities`` as can be, real names first; no more cities than
    # zones (a small test nation).
    cities = min(cities, max(len(regions), zones))
    per = [cities // len(regions) + (i < cities % len(regions)) for i in range(len(regions))]
    city_rows, city_regions = [], []
    for province, region, count in zip(provinces, regions, per, strict=True):
        named = real_cities.get(region.pk, [])
        for n in range(count):
            real = named[n] if n < len(named) else None
            city_rows.append(
                Organisation(
                    name=f"{real.name}商务局" if real else f"{region.name}基准{n + 1:02d}市商务局",
                    kind=OrganisationKind.CITY_BUREAU,
                    parent=province,
                    region_code=real.code if real else "",
                )
            )
            city_regions.append(counties.get(real.pk if real else region.pk) or everywhere)
    made_cities = Organisation.objects.bulk_create(city_rows)
    for org in made_cities:
        org.path, org.depth = f"{org.parent.path}{org.pk:08d}.", 1
    Organisation.objects.bulk_update(made_cities, ["path", "depth"], batch_size=BATCH)
    # Zones: provinces differ in how many they have, cities within a province too.
    city_weight = [rng.uniform(0.5, 1.5) * rng.uniform(0.7, 1.3) for _ in made_cities]
    cum = list(_cumulative(city_weight))
    counts = [0] * len(made_cities)
    for i in range(zones):  # every city one zone at least, the rest by weight
        counts[i if i < len(made_cities) else bisect.bisect(cum, rng.random() * cum[-1])] += 1
    zone_city = [c for c, n in enumerate(counts) for _ in range(n)]
    kinds, levels, managements, names = [], [], [], []
    seq: Counter[int] = Counter()
    for c in zone_city:
        roll = rng.random()
        if roll < 0.085:
            kind, level = ZoneKind.ETDZ, ZoneLevel.NATIONAL
        elif roll < 0.15:
            kind, level = ZoneKind.HIGH_TECH, ZoneLevel.NATIONAL
        elif roll < 0.17:
            kind, level = ZoneKind.BONDED, ZoneLevel.NATIONAL
        else:
            kind = rng.choices([k for k, _ in LOCAL_KINDS], [w for _, w in LOCAL_KINDS])[0]
            level = ZoneLevel.PROVINCIAL if rng.random() < 0.85 else ZoneLevel.OTHER
        national = level == ZoneLevel.NATIONAL
        city_managed = rng.random() < (0.8 if national else 0.4)
        managements.append(Management.CITY if city_managed else Management.COUNTY)
        seq[c] += 1
        place = made_cities[c].name.removesuffix("商务局")
        names.append(f"{place}{'国家级' if national else ''}{KIND_NAME[kind]}{seq[c]:02d}")
        kinds.append(kind)
        levels.append(level)
    committees = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{names[i]}管委会",
                kind=OrganisationKind.ZONE_COMMITTEE,
                parent=made_cities[c],
            )
            for i, c in enumerate(zone_city)
        ],
        batch_size=BATCH,
    )
    for org in committees:
        org.path, org.depth = f"{org.parent.path}{org.pk:08d}.", 2
    Organisation.objects.bulk_update(committees, ["path", "depth"], batch_size=BATCH)
    today = timezone.localdate()
    zone_rows = []
    for i, c in enumerate(zone_city):
        national = levels[i] == ZoneLevel.NATIONAL
        choices = city_regions[c]
        lat, lng = CENTRES.get(made_cities[c].parent.region_code, (32.0, 112.0))
        status = (
            ZoneStatus.OPERATING
            if rng.random() < 0.96
            else rng.choice([ZoneStatus.APPLYING, ZoneStatus.SETTING_UP])
        )
        zone_rows.append(
            Zone(
                name=names[i],
                kind=kinds[i],
                level=levels[i],
                management=managements[i],
                region=choices[i % len(choices)],
                organisation=committees[i],
                status=status,
                approved_on=None
                if status == ZoneStatus.APPLYING
                else today - timedelta(days=rng.randint(400, 12000)),
                approval_authority=("国务院" if national else "省人民政府")
                if status != ZoneStatus.APPLYING
                else "",
                planned_area_km2=Decimal(rng.randint(300, 30000 if national else 8000)) / 100,
                center_lat=Decimal(round(lat + rng.uniform(-1.5, 1.5), 6)).quantize(PLACE),
                center_lng=Decimal(round(lng + rng.uniform(-1.5, 1.5), 6)).quantize(PLACE),
            )
        )
    made_zones = Zone.objects.bulk_create(zone_rows, batch_size=BATCH)
    clusters = list(Cluster.objects.order_by("pk").values_list("pk", flat=True))
    zone_clusters = [rng.sample(clusters, rng.randint(2, 4)) for _ in made_zones]
    Zone.clusters.through.objects.bulk_create(
        [
            Zone.clusters.through(zone_id=z.pk, cluster_id=c)
            for z, picked in zip(made_zones, zone_clusters, strict=True)
            for c in picked
        ],
        batch_size=BATCH,
    )
    # National zones draw more projects; every zone some.
    weights = [
        rng.lognormvariate(0, 0.6) * (1.8 if levels[i] == ZoneLevel.NATIONAL else 1.0)
        for i in range(len(made_zones))
    ]
    investors = max(1, projects // 4)
    first = _reserve_ids(Enterprise, investors)
    table = _Table(
        Enterprise,
        [
            "id",
            "name",
            "industry",
            "cluster_id",
            "scale",
            "headquarters",
            "is_listed",
            "is_fortune500",
            "is_china500",
            "is_chain_leader_candidate",
        ],
    )
    cluster_names = dict(Cluster.objects.values_list("pk", "name"))
    origins = [
        "上海市",
        "江苏省",
        "浙江省",
        "广东省",
        "北京市",
        "山东省",
        "香港",
        "长三角",
        "珠三角",
    ]
    for n in range(investors):
        cluster = clusters[n % len(clusters)]
        table.add(
            (
                first + n,
                f"基准{rng.choice(PHRASES)[:4]}投资企业{n:07d}有限公司",
                cluster_names[cluster],
                cluster,
                rng.choices(["large", "medium", "small", "micro"], [0.1, 0.3, 0.45, 0.15])[0],
                rng.choice(origins),
                rng.random() < 0.05,
                rng.random() < 0.005,
                rng.random() < 0.01,
                rng.random() < 0.01,
            )
        )
        if len(table.rows) >= BATCH * 4:
            table.flush()
    table.flush()
    return _Frame(
        provinces=provinces,
        cities=made_cities,
        committees=committees,
        zones=made_zones,
        city_of=[made_cities[c].pk for c in zone_city],
        province_of=[made_cities[c].parent_id for c in zone_city],
        weights=weights,
        clusters=clusters,
        zone_clusters=zone_clusters,
        investor_first=first,
        investors=investors,
    )


def _cumulative(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


# --- one project's facts -----------------------------------------------------------------------


@dataclass
class _Skeleton:
    zone: int  # index into the frame's zones
    stage: Stage
    reached: int  # index in STAGE_ORDER of the furthest stage reached
    dates: list[date]  # the day it entered each stage up to ``reached``
    ended_on: date | None  # terminated projects: when
    months: list[date]  # the months it reports, oldest first
    skips_last: bool  # has not filed last month's report yet


def _skeleton(rng: random.Random, cum: list[float], today: date, last: date) -> _Skeleton:
    zone = bisect.bisect(cum, rng.random() * cum[-1])
    stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
    entered = today - timedelta(days=rng.randint(0, SPAN[stage]))
    ended_on = None
    if stage == Stage.TERMINATED:
        reached = rng.choices([0, 1, 2, 3], [0.45, 0.25, 0.2, 0.1])[0]
        ended_on, entered = entered, entered - timedelta(days=rng.randint(20, 300))
    else:
        reached = STAGE_ORDER.index(stage)
    dates = [entered]
    for k in range(reached, 0, -1):
        low, high = GAP[STAGE_ORDER[k]]
        dates.append(dates[-1] - timedelta(days=rng.randint(low, high)))
    dates.reverse()
    months: list[date] = []
    skips_last = False
    if stage in REPORTING:
        start = dates[3].replace(day=1)
        first = max(start, _month_add(last, 1 - WINDOW))
        months = [_month_add(first, n) for n in range(_months_between(first, last) + 1)]
        skips_last = rng.random() < 0.06
        if skips_last and months:
            months.pop()
    return _Skeleton(zone, stage, reached, dates, ended_on, months, skips_last)


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _rng(seed: int, i: int) -> random.Random:
    return random.Random(seed * 1_000_003 + i)


# --- projects and everything that hangs off them -----------------------------------------------


@dataclass
class _Loaded:
    projects: int
    transitions: int
    reports: int
    plans: int
    per_zone: list[int]
    problems: list[tuple]  # (project id, zone index, a roll) of the projects with a problem


def _projects(
    frame: _Frame, *, projects: int, reports: int, seed: int, say: Callable[[str], None]
) -> _Loaded:
    today = timezone.localdate()
    last = report_month(today)
    cum = list(_cumulative(frame.weights))
    # First pass: how many reports the projects could have, to keep ``reports`` of them.
    # The months of this year are kept whole (the colours and rates of the year read them);
    # what is left over comes from the earlier months, the latest first.
    january = date(today.year, 1, 1)
    this_year = earlier = 0
    for i in range(projects):
        months = _skeleton(_rng(seed, i), cum, today, last).months
        recent = sum(1 for m in months if m >= january)
        this_year, earlier = this_year + recent, earlier + len(months) - recent
    if reports >= this_year:
        ratio = min(1.0, (reports - this_year) / earlier) if earlier else 0.0
        say(
            f"  {this_year} report months this year, {earlier} before: keeping {ratio:.3f} of those"
        )
    else:
        ratio = 0.0
        say(f"  {this_year} report months this year: more than --reports, keeping {reports}")
    first = _reserve_ids(Project, projects)
    project_table = _Table(
        Project,
        [
            "id",
            "zone_id",
            "code",
            "name",
            "investor_id",
            "cluster_id",
            "kind",
            "total_investment_wan",
            "fixed_asset_investment_wan",
            "land_mu",
            "expected_output_wan",
            "expected_tax_wan",
            "expected_jobs",
            "is_provincial_key",
            "is_city_key",
            "origin_region",
            "source_channel",
            "stage",
            "stage_on",
            "verified_stage",
            "signed_on",
            "started_on",
            "production_on",
            "construction_status",
            "is_in_statistics",
            "end_reason_id",
            "created_at",
            "updated_at",
        ],
    )
    transition_table = _Table(
        StageTransition,
        [
            "project_id",
            "from_stage",
            "to_stage",
            "happened_on",
            "created_at",
            "verification",
            "verified_at",
        ],
    )
    report_table = _Table(
        ProgressReport,
        [
            "project_id",
            "month",
            "invested_wan",
            "funds_in_place_wan",
            "progress",
            "percent_complete",
            "submitted_at",
            "is_late",
        ],
    )
    plan_table = _Table(
        YearPlan,
        ["project_id", "year", "planned_investment_wan", "planned_start", "planned_completion"],
    )
    tables = [project_table, transition_table, report_table, plan_table]
    end_reasons = list(EndReason.objects.values_list("pk", flat=True)) or [None]
    zone_ids = [z.pk for z in frame.zones]
    counters: Counter[tuple[int, int]] = Counter()
    per_zone = [0] * len(zone_ids)
    problem_candidates: list[tuple] = []
    problem_share = max(20, projects // 250) / max(1, projects * 0.47)
    kept = 0.0
    made_reports = made_earlier = 0
    channels = [c.value for c in SourceChannel]
    origins = ["长三角", "珠三角", "京津冀", "粤港澳大湾区", "本省", "境外", "成渝"]
    started = time.perf_counter()
    for i in range(projects):
        rng = _rng(seed, i)
        s = _skeleton(rng, cum, today, last)
        pk = first + i
        zone = zone_ids[s.zone]
        per_zone[s.zone] += 1
        total = rng.choices(INVESTMENT_WAN, INVESTMENT_WEIGHTS)[0] * rng.randint(8, 12) // 10
        year = s.dates[0].year
        counters[(zone, year)] += 1
        stage_on = s.ended_on or s.dates[-1]
        pending = s.stage in VERIFIED_STAGES and rng.random() < 0.12
        verified = STAGE_ORDER[s.reached - 1] if pending else s.stage
        reached = STAGE_ORDER[: s.reached + 1]
        on = dict(zip(reached, s.dates, strict=True))
        started_on = on.get(Stage.STARTED)
        if s.stage in (Stage.IN_PRODUCTION, Stage.AT_CAPACITY):
            status = ConstructionStatus.COMPLETED
        elif s.stage == Stage.STARTED:
            status = (
                ConstructionStatus.SUSPENDED
                if rng.random() < 0.03
                else ConstructionStatus.NEW_START
                if started_on and started_on.year == today.year
                else ConstructionStatus.CONTINUING
            )
        elif s.stage == Stage.TERMINATED and started_on:
            status = ConstructionStatus.SUSPENDED
        else:
            status = ConstructionStatus.PREPARATION
        picked = frame.zone_clusters[s.zone]
        cluster = rng.choice(picked) if rng.random() < 0.75 else rng.choice(frame.clusters)
        project_table.add(
            (
                pk,
                zone,
                f"{zone:04d}-{year}-{counters[(zone, year)]:04d}",
                f"基准{i:07d}{rng.choice(PHRASES)}项目",
                frame.investor_first + rng.randrange(frame.investors),
                cluster,
                rng.choices(
                    [ProjectKind.INDUSTRIAL, ProjectKind.INFRASTRUCTURE, ProjectKind.SERVICE],
                    [0.78, 0.08, 0.14],
                )[0],
                total,
                total * 8 // 10,
                Decimal(rng.randint(10, 600)),
                total * rng.randint(8, 20) // 10,
                total * rng.randint(3, 8) // 100,
                rng.randint(20, 2000),
                total >= 100000 and rng.random() < 0.3,
                rng.random() < 0.15,
                rng.choice(origins),
                rng.choice(channels),
                s.stage,
                stage_on,
                verified,
                on.get(Stage.SIGNED),
                started_on,
                on.get(Stage.IN_PRODUCTION),
                status,
                s.stage in REPORTING and total >= 500,
                rng.choice(end_reasons) if s.stage == Stage.TERMINATED else None,
                _aware(s.dates[0], rng.randrange(600)),
                _aware(stage_on, rng.randrange(600)),
            )
        )
        previous = ""
        for k, stage in enumerate(reached):
            if stage in VERIFIED_STAGES:
                check = (
                    Verification.PENDING if pending and k == s.reached else Verification.VERIFIED
                )
            else:
                check = Verification.NOT_REQUIRED
            when = s.dates[k]
            transition_table.add(
                (
                    pk,
                    previous,
                    stage,
                    when,
                    _aware(when, rng.randrange(600)),
                    check,
                    _aware(when + timedelta(days=rng.randint(1, 20)), 120)
                    if check == Verification.VERIFIED
                    else None,
                )
            )
            previous = stage
        if s.ended_on:
            transition_table.add(
                (
                    pk,
                    previous,
                    Stage.TERMINATED,
                    s.ended_on,
                    _aware(s.ended_on, 60),
                    Verification.NOT_REQUIRED,
                    None,
                )
            )
        # Year plans of this year and last: what was planned to start, finish and be invested;
        # the monthly reports keep to a year's plan at the project's own pace.
        plans: dict[int, tuple[float, float]] = {}  # year: investment planned a month, pace
        if s.stage in PLANNED:
            signed_on = on[Stage.SIGNED]
            production_on = on.get(Stage.IN_PRODUCTION)
            for y in (today.year - 1, today.year):
                if signed_on.year > y:
                    continue
                building = started_on is not None and started_on.year <= y
                start = bool(started_on and started_on.year == y and rng.random() < 0.9) or (
                    not building and rng.random() < 0.4
                )
                if building and production_on and production_on.year < y:
                    share = rng.uniform(0.02, 0.08)  # producing: what is left to invest
                elif building:
                    share = rng.uniform(0.2, 0.45)
                else:  # signed: only a planned start plans investment
                    share = rng.uniform(0.05, 0.2) if start else 0.0
                planned = max(100, int(total * share)) if share else 0
                done = bool(production_on and production_on.year == y and rng.random() < 0.85) or (
                    s.stage == Stage.STARTED and y == today.year and rng.random() < 0.2
                )
                active = 13 - started_on.month if started_on and started_on.year == y else 12
                pace = rng.choices(
                    [rng.uniform(0.9, 1.2), rng.uniform(0.78, 0.9), rng.uniform(0.45, 0.78)],
                    [0.72, 0.17, 0.11],
                )[0]
                plans[y] = (planned / active, pace)
                plan_table.add((pk, y, planned, start, done))
        # Monthly reports: the latest months, as many as this project's share of ``reports``.
        recent = sum(1 for m in s.months if m >= january)
        kept += ratio * (len(s.months) - recent)
        take = min(len(s.months) - recent, max(0, round(kept) - made_earlier))
        made_earlier += take
        percent = 5
        for month in s.months[len(s.months) - recent - take :]:
            if made_reports >= reports:
                break
            made_reports += 1
            monthly, pace = plans.get(month.year) or (0.0, 1.0)
            if monthly:
                invested = max(1, int(monthly * pace * rng.uniform(0.85, 1.15)))
            else:
                invested = max(1, int(total / 40 * rng.uniform(0.6, 1.3)))
            percent = min(100 if s.stage != Stage.STARTED else 99, percent + rng.randint(2, 8))
            report_table.add(
                (
                    pk,
                    month,
                    invested,
                    int(invested * rng.uniform(0.7, 1.1)),
                    rng.choice(PROGRESS),
                    percent,
                    _aware(_month_add(month, 1) + timedelta(days=rng.randint(0, 12)), 90),
                    rng.random() < 0.07,
                )
            )
        if s.stage in (Stage.SIGNED, Stage.STARTED) and rng.random() < problem_share:
            problem_candidates.append((pk, s.zone, rng.random()))
        if (i + 1) % BATCH == 0 or i == projects - 1:
            for table in tables:
                table.flush()
            if (i + 1) % (BATCH * 40) == 0:
                rate = (i + 1) / (time.perf_counter() - started)
                say(f"  {i + 1} projects, {report_table.count} reports ({rate:.0f} projects/s)")
    ProjectCounter.objects.bulk_create(
        [ProjectCounter(zone_id=z, year=y, last_number=n) for (z, y), n in counters.items()],
        batch_size=BATCH,
    )
    return _Loaded(
        projects=project_table.count,
        transitions=transition_table.count,
        reports=report_table.count,
        plans=plan_table.count,
        per_zone=per_zone,
        problems=problem_candidates,
    )


# --- problems ----------------------------------------------------------------------------------


def _problems(frame: _Frame, loaded: _Loaded, seed: int) -> int:
    rng = random.Random(seed + 1)
    today = timezone.localdate()
    categories = list(ProblemCategory)
    rows, events = [], []
    for project_id, z, _roll in loaded.problems:
        category = rng.choice(categories)
        raised = today - timedelta(days=rng.randint(3, 200))
        deadline = raised + timedelta(days=rng.randint(10, 60))
        closed = rng.random() < 0.25
        level, escalated_on, closed_on = EscalationLevel.ZONE, None, None
        if closed:
            status = ProblemStatus.CLOSED
            closed_on = min(today, raised + timedelta(days=rng.randint(3, 75)))
        else:
            status = rng.choices(
                [ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND, ProblemStatus.ANSWERED],
                [0.3, 0.55, 0.15],
            )[0]
            if deadline < today and rng.random() < 0.4:
                levels = [EscalationLevel.CITY, EscalationLevel.PROVINCE]
                level = rng.choices(levels, [0.75, 0.25])[0]
                escalated_on = min(today, deadline + timedelta(days=rng.randint(1, 10)))
        unit = {
            EscalationLevel.ZONE: frame.committees[z].pk,
            EscalationLevel.CITY: frame.city_of[z],
            EscalationLevel.PROVINCE: frame.province_of[z],
        }[level]
        rows.append(
            Problem(
                project_id=project_id,
                zone_id=frame.zones[z].pk,
                category=category,
                description=PROBLEM_TEXT[category],
                raised_on=raised,
                responsible_unit_id=unit,
                deadline_on=deadline,
                status=status,
                resolution="已协调解决" if closed else "",
                escalation_level=level,
                escalated_on=escalated_on,
                closed_on=closed_on,
            )
        )
    made = Problem.objects.bulk_create(rows, batch_size=1000)
    for p in made:
        events.append(
            ProblemEvent(
                problem=p,
                kind=EventKind.RAISE,
                status=ProblemStatus.ASSIGNED,
                escalation_level=EscalationLevel.ZONE,
            )
        )
        if p.escalated_on:
            events.append(
                ProblemEvent(
                    problem=p,
                    kind=EventKind.ESCALATE,
                    status=p.status,
                    escalation_level=p.escalation_level,
                )
            )
        if p.closed_on:
            events.append(
                ProblemEvent(
                    problem=p,
                    kind=EventKind.ACCEPT,
                    status=ProblemStatus.CLOSED,
                    escalation_level=p.escalation_level,
                )
            )
    ProblemEvent.objects.bulk_create(events, batch_size=1000)
    return len(made)


# --- targets and reported values ---------------------------------------------------------------

# Per zone project: the share of a zone's projects its yearly count target asks for.
COUNT_SHARE = {
    "projects_signed_100m": 0.05,
    "projects_started": 0.18,
    "projects_started_500m": 0.015,
    "projects_in_production": 0.1,
}
# Reported amounts: a middling zone's monthly figure.
MONTHLY = {
    "industrial_value_added": 40000,
    "general_budget_revenue": 6000,
    "foreign_capital_used": 800,
    "trade_total": 25000,
}


def _targets(frame: _Frame, loaded: _Loaded, seed: int) -> tuple[int, int]:
    """A target of every indicator for every zone committee, city and province this year, the
    children's adding up to no more than their parent's; the zones' monthly values of the
    reported indicators since January last year (growth rates and energy use for the cities
    and provinces too)."""
    rng = random.Random(seed + 2)
    today = timezone.localdate()
    year = today.year
    indicators = list(Indicator.objects.exclude(source=Source.DERIVED).order_by("sort_order"))
    rows: list[Target] = []
    city_sum: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    province_sum: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    scale = [w / (sum(frame.weights) / len(frame.weights)) for w in frame.weights]

    def own(ind: Indicator) -> Decimal:
        if ind.code in ("fai_growth", "industrial_investment_growth"):
            return Decimal(rng.randint(50, 120)) / 10
        if ind.code == "energy_per_value_added":
            return Decimal(rng.randint(30, 70)) / 100
        return Decimal(rng.randint(70, 100))  # a rate, in per cent

    for z, committee in enumerate(frame.committees):
        for ind in indicators:
            if ind.code in COUNT_SHARE:
                value = Decimal(max(1, round(loaded.per_zone[z] * COUNT_SHARE[ind.code])))
            elif ind.code in MONTHLY:
                value = Decimal(int(MONTHLY[ind.code] * scale[z] * 12 * rng.uniform(0.95, 1.2)))
            else:
                value = own(ind)
            rows.append(Target(organisation=committee, indicator=ind, year=year, value=value))
            if ind.is_additive:
                city_sum[(frame.city_of[z], ind.pk)] += value
    for city in frame.cities:
        for ind in indicators:
            if ind.is_additive:
                total = city_sum[(city.pk, ind.pk)]
                if not total:
                    continue
                value = (total * Decimal(rng.uniform(1.0, 1.08))).quantize(Decimal(1))
                province_sum[(city.parent_id, ind.pk)] += value
            else:
                value = own(ind)
            rows.append(Target(organisation=city, indicator=ind, year=year, value=value))
    for province in frame.provinces:
        for ind in indicators:
            if ind.is_additive:
                value = (province_sum[(province.pk, ind.pk)] * Decimal("1.02")).quantize(Decimal(1))
                if not value:
                    continue
            else:
                value = own(ind)
            rows.append(Target(organisation=province, indicator=ind, year=year, value=value))
    Target.objects.bulk_create(rows, batch_size=BATCH)
    # Reported monthly values.
    reported = [i for i in indicators if i.source == Source.REPORTED]
    last = report_month(today)
    months = [
        _month_add(date(year - 1, 1, 1), n)
        for n in range(_months_between(date(year - 1, 1, 1), last) + 1)
    ]
    table = _Table(ReportedValue, ["organisation_id", "indicator_id", "period", "value"])
    for z, committee in enumerate(frame.committees):
        for ind in reported:
            for month in months:
                if rng.random() < 0.03:
                    continue  # a few months not reported
                if ind.code in MONTHLY:
                    value = Decimal(int(MONTHLY[ind.code] * scale[z] * rng.uniform(0.7, 1.3)))
                else:
                    value = own(ind)
                table.add((committee.pk, ind.pk, month, value))
        if len(table.rows) >= BATCH * 4:
            table.flush()
    for org in [*frame.cities, *frame.provinces]:
        for ind in reported:
            if ind.is_additive and ind.accumulates:
                continue  # summed from the organisations below
            for month in months:
                table.add((org.pk, ind.pk, month, own(ind)))
    table.flush()
    return len(rows), table.count


# --- the whole nation --------------------------------------------------------------------------


def generate_nation(
    *,
    zones: int = 2700,
    projects: int = 1_000_000,
    reports: int = 10_000_000,
    cities: int = 330,
    provinces: int = 31,
    seed: int = 7,
    say: Callable[[str], None] = lambda _text: None,
) -> Nation:
    """Make the nation in this database: load the records, rebuild what the app keeps from
    them, make the three managers, analyse the tables."""
    started = time.perf_counter()
    phases: dict[str, float] = {}
    rng = random.Random(seed)
    with transaction.atomic():
        mark = time.perf_counter()
        frame = _frame(rng, zones=zones, cities=cities, projects=projects, provinces=provinces)
        phases["provinces, cities, zones, investors"] = time.perf_counter() - mark
        say(f"frame: {len(frame.cities)} cities, {len(frame.zones)} zones ({_took(mark)})")
        mark = time.perf_counter()
        loaded = _projects(frame, projects=projects, reports=reports, seed=seed, say=say)
        phases["projects, transitions, reports, plans"] = time.perf_counter() - mark
        say(
            f"projects: {loaded.projects}, transitions {loaded.transitions}, reports "
            f"{loaded.reports}, year plans {loaded.plans} ({_took(mark)})"
        )
        mark = time.perf_counter()
        problems = _problems(frame, loaded, seed)
        targets, values = _targets(frame, loaded, seed)
        phases["problems, targets, reported values"] = time.perf_counter() - mark
        say(f"problems {problems}, targets {targets}, reported values {values} ({_took(mark)})")
        _reset_sequences(
            Organisation, Zone, Enterprise, Project, StageTransition, ProgressReport, YearPlan
        )
    phases |= derive(say=say)
    nation = _managers(frame.provinces)
    mark = time.perf_counter()
    analyse()
    phases["vacuum analyze"] = time.perf_counter() - mark
    nation.seconds = time.perf_counter() - started
    nation.phases = phases
    return nation


def derive(*, say: Callable[[str], None] = lambda _text: None) -> dict[str, float]:
    """Rebuild what the app keeps from the records, as its own services do: the pipeline totals
    zone by zone, the three colours, the target rollups and the cockpits' zone-months."""
    phases: dict[str, float] = {}
    mark = time.perf_counter()
    zone_ids = list(Zone.objects.order_by("pk").values_list("pk", flat=True))
    with _quiet(projects_changed):  # the rollups below are rebuilt whole
        for start in range(0, len(zone_ids), 100):
            with transaction.atomic():
                refresh_pipeline(zone_ids[start : start + 100])
    phases["pipeline totals"] = time.perf_counter() - mark
    say(f"pipeline totals: {PipelineTotal.objects.count()} rows ({_took(mark)})")
    mark = time.perf_counter()
    changed = colours_refresh()
    phases["colours"] = time.perf_counter() - mark
    say(f"colours: {changed} set ({_took(mark)})")
    mark = time.perf_counter()
    with transaction.atomic():
        written = rollups.rebuild()
    phases["target rollups"] = time.perf_counter() - mark
    say(f"target rollups: {written} rows written ({_took(mark)})")
    try:
        from zonetrack.dashboards import services as dashboards
    except ImportError:
        dashboards = None
    # The cockpits' kept zone-months, where this checkout has them.
    if hasattr(dashboards, "rollup_rebuild"):
        mark = time.perf_counter()
        written = dashboards.rollup_rebuild()
        phases["cockpit zone-months"] = time.perf_counter() - mark
        say(f"cockpit zone-months: {written} rows written ({_took(mark)})")
    else:
        say("cockpit zone-months: dashboards.services.rollup_rebuild not there, left out")
    return phases


def analyse() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM too: COPY leaves pages not yet all-visible, and index-only scans need them.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _managers(provinces: list[Organisation]) -> Nation:
    province = next((p for p in provinces if p.region_code == MEASURED_PROVINCE), provinces[0])
    zone = (
        Zone.objects.filter(organisation__path__startswith=province.path)
        .select_related("organisation__parent")
        .order_by("pk")
        .first()
    )
    assert zone is not None and zone.organisation.parent is not None
    city = zone.organisation.parent
    users = []
    for username, org, title in zip(
        USERS,
        (province, city, zone.organisation),
        ("省厅处长", "市局局长", "管委会主任"),
        strict=True,
    ):
        user = user_create(actor=None, username=username, password=PASSWORD, display_name=title)
        membership_set(actor=None, user=user, organisation=org, role=Role.MANAGER)
        users.append(user)
    return Nation(provinces, province, city, zone, *users, seconds=0.0)


def existing_nation() -> Nation | None:
    """The nation a previous run generated in this database (``--reuse``); None when there is
    none, or it was left unfinished."""
    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    if len(users) != len(USERS):
        return None
    orgs = []
    for name in USERS:
        membership = users[name].memberships.select_related("organisation").order_by("pk").first()
        if membership is None:
            return None
        orgs.append(membership.organisation)
    zone = Zone.objects.filter(organisation=orgs[2]).order_by("pk").first()
    if zone is None:
        return None
    provinces = list(
        Organisation.objects.filter(parent=None, kind=OrganisationKind.PROVINCE_DEPT).order_by(
            "path"
        )
    )
    return Nation(provinces, orgs[0], orgs[1], zone, *(users[n] for n in USERS), seconds=0.0)


def check(nation: Nation) -> list[str]:
    """The app's own invariants on the data made (empty when all hold): every kept table
    equals what the app counts from the records now, and the managers' pages open."""
    from django.db.models import Count, Sum
    from django.test import Client

    failures = []
    kept = {
        (r.organisation_id, r.indicator_id, r.period): rollups.Figure(
            r.own_amount, r.own_base, r.amount, r.base, r.basis
        )
        for r in Rollup.objects.all()
    }
    live = rollups.live()
    if kept != live:
        differ = sum(1 for k in set(kept) | set(live) if kept.get(k) != live.get(k))
        failures.append(f"target rollups: {len(kept)} kept, {len(live)} live, {differ} differ")
    try:
        from zonetrack.dashboards import services as dashboards
    except ImportError:
        dashboards = None
    if hasattr(dashboards, "rollup_live"):
        kept_months, live_months = dashboards.rollup_kept(), dashboards.rollup_live()
        if kept_months != live_months:
            differ = sum(
                1
                for k in set(kept_months) | set(live_months)
                if kept_months.get(k) != live_months.get(k)
            )
            failures.append(
                f"cockpit zone-months: {len(kept_months)} kept, {len(live_months)} live, "
                f"{differ} differ"
            )
    totals = {
        (r["zone_id"], r["stage"], r["verified_stage"]): (r["n"], r["total"])
        for r in Project.objects.active()
        .order_by()
        .values("zone_id", "stage", "verified_stage")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
    }
    pipeline = {
        (t.zone_id, t.stage, t.verified_stage): (t.projects, t.investment_wan)
        for t in PipelineTotal.objects.all()
    }
    if totals != pipeline:
        failures.append(f"pipeline totals: {len(pipeline)} kept, {len(totals)} counted")
    # The app's own writes go on from the keys the load left (sequences moved past them).
    from zonetrack.projects import services as project_services

    class _Undo(Exception):
        pass

    today = timezone.localdate()
    try:
        with transaction.atomic():
            project = project_services.project_create(
                actor=nation.zone_manager,
                zone=nation.zone,
                name="检查项目",
                total_investment_wan=Decimal(20000),
            )
            project_services.project_transition(
                actor=nation.zone_manager,
                project=project,
                to_stage=Stage.PACKAGED,
                happened_on=today,
            )
            project_services.year_plan_set(
                actor=nation.zone_manager,
                project=project,
                year=today.year,
                planned_investment_wan=Decimal(5000),
            )
            raise _Undo
    except _Undo:
        pass
    except Exception as exc:  # reported with the other failures
        failures.append(f"writing after the load: {exc!r}")
    from django.urls import NoReverseMatch, reverse

    for user, org in (
        (nation.manager, nation.province),
        (nation.city_manager, nation.city),
        (nation.zone_manager, nation.zone.organisation),
    ):
        client = Client()
        client.force_login(user)
        urls = ["/", "/projects/", "/projects/?stage=started"]
        with suppress(NoReverseMatch):  # no cockpits in this checkout
            urls.append(reverse("dashboards:cockpit", kwargs={"organisation_id": org.pk}))
        for url in urls:
            status = client.get(url).status_code
            if status != 200:
                failures.append(f"{url} as {user.username}: {status}")
    return failures


def _took(mark: float) -> str:
    return f"{time.perf_counter() - mark:.1f} s"


# --- the command -------------------------------------------------------------------------------

COUNTED = [
    Organisation,
    Zone,
    Zone.clusters.through,
    Enterprise,
    Project,
    StageTransition,
    ProgressReport,
    YearPlan,
    ProjectCounter,
    PipelineTotal,
    Problem,
    ProblemEvent,
    ColourStatus,
    ColourChange,
    Target,
    ReportedValue,
    Rollup,
]


def counts() -> dict[str, int]:
    """Rows per table of what the nation is made of."""
    found = {}
    models_ = list(COUNTED)
    try:
        from zonetrack.dashboards.models import ZoneMonth

        models_.append(ZoneMonth)
    except ImportError:
        pass
    for model in models_:
        found[model._meta.db_table] = model.objects.count()
    return found


def database_size() -> str:
    if connection.vendor != "postgresql":
        path = Path(connection.settings_dict["NAME"])
        return f"{path.stat().st_size / 1e9:.2f} GB (SQLite file)" if path.exists() else "?"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "pg_database_size(current_database())"
        )
        pretty, raw = cursor.fetchone()
    return f"{pretty} ({raw / 1e9:.2f} GB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zones", type=int, default=2700)
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument("--cities", type=int, default=330)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the nation a previous run made, if there is one"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the kept totals against the records and open the managers' pages",
    )
    parser.add_argument(
        "--derive-only",
        action="store_true",
        help="only rebuild the kept totals of the records already loaded (after a failed run)",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    def say(text: str) -> None:
        print(text, flush=True)

    if args.derive_only:
        phases = derive(say=say)
        if existing_nation() is None:
            _managers(
                list(
                    Organisation.objects.filter(
                        parent=None, kind=OrganisationKind.PROVINCE_DEPT
                    ).order_by("path")
                )
            )
        analyse()
        say(", ".join(f"{k} {v:.0f} s" for k, v in phases.items()))
        return
    nation = existing_nation() if args.reuse else None
    if nation is None:
        nation = generate_nation(
            zones=args.zones,
            projects=args.projects,
            reports=args.reports,
            cities=args.cities,
            seed=args.seed,
            say=say,
        )
    rows = counts()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"zonetrack national data — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {timezone.localdate():%Y-%m-%d}",
        f"{len(nation.provinces)} provinces; measured: {nation.province.name} "
        f"({len(nation.province_zones)} zones), {nation.city.name}, {nation.zone.name}",
        (
            f"generated in {nation.seconds:.0f} s ({nation.seconds / 60:.1f} min), "
            f"peak memory of the process {peak:.0f} MB"
            if nation.seconds
            else "generated by an earlier run"
        ),
        *(f"  {name:<40}{seconds:>8.0f} s" for name, seconds in nation.phases.items()),
        f"database size: {database_size()}",
        "",
        f"{'table':<40}{'rows':>12}",
        *(f"{table:<40}{n:>12}" for table, n in rows.items()),
    ]
    text = "\n".join(lines)
    print(text, flush=True)
    if args.check:
        failures = check(nation)
        print("\n".join(failures) or "check: kept totals equal the records; pages open", flush=True)
    if nation.seconds:
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "national-generate.txt").write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
