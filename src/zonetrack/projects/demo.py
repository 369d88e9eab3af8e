"""Demo investment projects: a pipeline across the demo zones, in every stage.

Loaded after the registry's demo zones. Deterministic (a seeded generator and dates relative to
a fixed anchor), written through the services so the history is real, and skipped for zones that
already have projects, so loading twice changes nothing. Includes pending verifications and one
investor claimed by two zones.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zonetrack.accounts.models import User
from zonetrack.core.demo import register
from zonetrack.registry.models import Cluster, Zone

from . import services
from .choices import STAGE_ORDER, ConstructionStatus, ProjectKind, Stage
from .models import EndReason, Enterprise, Project
from .validators import CHARSET, credit_code_check_char

PRODUCTS = [
    ("年产10万吨高纯石英砂", "new-materials", ProjectKind.INDUSTRIAL),
    ("新能源汽车零部件生产基地", "automotive", ProjectKind.INDUSTRIAL),
    ("氢能装备制造", "new-energy", ProjectKind.INDUSTRIAL),
    ("光伏组件智能工厂", "new-energy", ProjectKind.INDUSTRIAL),
    ("高端轴承精密加工", "high-end-equipment", ProjectKind.INDUSTRIAL),
    ("工业机器人集成应用", "intelligent-manufacturing", ProjectKind.INDUSTRIAL),
    ("生物医药中间体", "biomedicine", ProjectKind.INDUSTRIAL),
    ("煤基新材料深加工", "chemicals", ProjectKind.INDUSTRIAL),
    ("冷链物流园", "logistics", ProjectKind.SERVICE),
    ("跨境电商产业园", "e-commerce", ProjectKind.SERVICE),
    ("标准化厂房（三期）", "", ProjectKind.INFRASTRUCTURE),
    ("园区污水处理厂扩建", "energy-saving", ProjectKind.INFRASTRUCTURE),
    ("特色农产品精深加工", "food", ProjectKind.AGRICULTURAL),
    ("数据中心", "electronics", ProjectKind.SERVICE),
    ("铝镁合金压铸件", "metallurgy", ProjectKind.INDUSTRIAL),
    ("装配式建筑构件", "building-materials", ProjectKind.INDUSTRIAL),
]
INVESTOR_HEADS = ["晋", "华", "中", "汾", "尧", "鑫", "泰", "宏", "恒", "远", "瑞", "博"]
INVESTOR_TAILS = ["新材料", "科技", "能源", "装备", "智能", "实业", "生物", "物流", "电子"]
ORIGINS = ["京津冀", "长三角", "珠三角", "粤港澳大湾区", "黄河金三角", "本省", ""]
# Share of projects ending in each stage (the rest of the pipeline is pursued).
STAGE_MIX = [
    (Stage.PACKAGED, 0.15),
    (Stage.SIGNED, 0.20),
    (Stage.STARTED, 0.25),
    (Stage.IN_PRODUCTION, 0.10),
    (Stage.AT_CAPACITY, 0.03),
    (Stage.TERMINATED, 0.03),
]
PER_ZONE = {"临汾经济开发区": 60, "侯马经济开发区": 35}
DEFAULT_PER_ZONE = 18


def _credit_code(rng: random.Random) -> str:
    body = "9114" + "".join(rng.choice(CHARSET[:10]) for _ in range(4))
    body += "".join(rng.choice(CHARSET) for _ in range(17 - len(body)))
    return body + credit_code_check_char(body)


def _final_stage(rng: random.Random) -> Stage:
    roll, total = rng.random(), 0.0
    for stage, share in STAGE_MIX:
        total += share
        if roll < total:
            return stage
    return Stage.PURSUED


def _spot(zone: Zone, number: int) -> dict[str, Any] | None:
    """A plausible site a few kilometres around the zone's centre (its own seed, so the other
    demo values stay as they were)."""
    if zone.center_lat is None or zone.center_lng is None:
        return None
    rng = random.Random(f"zonetrack-demo-site-{zone.name}-{number}")
    lng = float(zone.center_lng) + rng.uniform(-0.03, 0.03)
    lat = float(zone.center_lat) + rng.uniform(-0.02, 0.02)
    return {"type": "Point", "coordinates": [round(lng, 5), round(lat, 5)]}


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _supervisor(zone: Zone) -> User | None:
    """The nearest manager above the zone committee: who verifies its claims."""
    organisation = zone.organisation.parent
    while organisation is not None:
        membership = organisation.memberships.filter(role="manager").select_related("user").first()
        if membership:
            return membership.user
        organisation = organisation.parent
    return None


@services.changes_batched()
def load() -> None:
    """Create the demo projects of every zone that has none yet (what is kept from them
    elsewhere, once at the end)."""
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    clusters = {c.code: c for c in Cluster.objects.all()}
    shared_investor: Enterprise | None = None
    for zone in Zone.objects.select_related("organisation").order_by("pk"):
        if Project.objects.filter(zone=zone).exists():
            continue
        rng = random.Random(f"zonetrack-demo-{zone.name}")
        members = {
            m.role: m.user
            for m in zone.organisation.memberships.select_related("user").order_by("pk")
        }
        actor = members.get("manager")
        leader, officer = members.get("manager"), members.get("officer")
        verifier = _supervisor(zone)
        parks = list(zone.parks.active())
        for number in range(PER_ZONE.get(zone.name, DEFAULT_PER_ZONE)):
            product, cluster_code, kind = PRODUCTS[(number + zone.pk) % len(PRODUCTS)]
            head = rng.choice(INVESTOR_HEADS) + rng.choice(INVESTOR_HEADS)
            investor_name = f"山西{head}{rng.choice(INVESTOR_TAILS)}有限公司"
            investor = services.enterprise_for(name=investor_name, credit_code=_credit_code(rng))
            if zone.name == "侯马经济开发区" and number == 0 and shared_investor is not None:
                investor = shared_investor  # the same investor claimed by two zones
            if zone.name == "临汾经济开发区" and number == 0:
                shared_investor = investor
            total = Decimal(rng.choice([3000, 8000, 12000, 20000, 50000, 80000, 150000, 320000]))
            fields: dict[str, Any] = dict(
                name=f"{investor_name[2:6]}{product}项目",
                investor=investor,
                cluster=clusters.get(cluster_code),
                kind=kind,
                park=parks[number % len(parks)] if parks else None,
                location=_spot(zone, number),
                total_investment_wan=total,
                fixed_asset_investment_wan=(total * Decimal("0.8")).quantize(Decimal("1")),
                land_mu=Decimal(rng.choice([30, 50, 80, 120, 200, 350])),
                expected_output_wan=(total * Decimal("1.5")).quantize(Decimal("1")),
                expected_tax_wan=(total * Decimal("0.06")).quantize(Decimal("1")),
                expected_jobs=rng.choice([50, 120, 300, 600]),
                is_provincial_key=total >= 100000,
                is_city_key=total >= 20000,
                origin_region=rng.choice(ORIGINS),
                source_channel=rng.choice(["professional", "via_business", "chain", "equity"]),
                description=f"建设{product}生产线及配套设施。",
                leader=leader,
                officer=officer,
            )
            final = _final_stage(rng)
            target = final
            if final == Stage.TERMINATED:
                target = rng.choice(STAGE_ORDER[1:4])  # the stage it reached before it ended
            # Pursued since before its later stages, so its history reads in order.
            since = None
            if final != Stage.PURSUED:
                since = today - timedelta(days=rng.randint(200, 700))
            project = services.project_create(actor=actor, zone=zone, pursued_on=since, **fields)
            _advance(project, final, target, rng, today, actor, verifier)
            _plans_and_reports(project, rng, today, last_month, actor)


def _advance(
    project: Project,
    final: Stage,
    target: Stage,
    rng: random.Random,
    today: date,
    actor: User | None,
    verifier: User | None,
) -> None:
    """Walk the project to its final stage with realistic gaps, and verify most claims."""
    if final == Stage.PURSUED or project.stage_on is None:
        return
    day = project.stage_on
    steps = STAGE_ORDER[1 : STAGE_ORDER.index(target) + 1]
    for stage in steps:
        day = min(day + timedelta(days=rng.randint(20, 120)), today - timedelta(days=1))
        services.project_transition(actor=actor, project=project, to_stage=stage, happened_on=day)
    if final == Stage.TERMINATED:
        reason = rng.choice(list(EndReason.objects.order_by("sort_order")))
        services.project_transition(
            actor=actor,
            project=project,
            to_stage=Stage.TERMINATED,
            happened_on=today - timedelta(days=rng.randint(1, 30)),
            note=f"{reason.name}，项目终止",
            end_reason=reason,
            lost_to="河南省" if reason.name == "落户外地园区" else "",
        )
    if verifier is None:
        return
    pending = list(project.transitions.filter(verification="pending").order_by("happened_on"))
    # The latest claim of about one project in five still waits for the city.
    keep_pending = pending[-1:] if rng.random() < 0.2 else []
    for claim in pending:
        if claim not in keep_pending:
            # Demo claims carry no files: the city passes them on its own word.
            services.verification_decide(
                actor=verifier, transition=claim, approve=True, without_evidence=True
            )
    project.refresh_from_db()
    status = {
        Stage.STARTED: ConstructionStatus.CONTINUING
        if project.started_on and project.started_on.year < today.year
        else ConstructionStatus.NEW_START,
        Stage.IN_PRODUCTION: ConstructionStatus.COMPLETED,
        Stage.AT_CAPACITY: ConstructionStatus.COMPLETED,
    }.get(Stage(project.stage))
    if status:
        services.project_update(
            actor=actor,
            project=project,
            changes={"construction_status": status, "is_in_statistics": True},
        )


def _plans_and_reports(
    project: Project, rng: random.Random, today: date, last_month: date, actor: User | None
) -> None:
    project.refresh_from_db()
    if project.stage not in (Stage.SIGNED, Stage.STARTED, Stage.IN_PRODUCTION):
        return
    assert project.total_investment_wan is not None  # every demo project has one
    plan = (project.total_investment_wan * Decimal("0.35")).quantize(Decimal("1"))
    services.year_plan_set(
        actor=actor,
        project=project,
        year=today.year,
        planned_investment_wan=plan,
        # Planned to start this year: those signed and waiting, and those that have started.
        planned_start=project.stage == Stage.SIGNED
        or (project.started_on is not None and project.started_on.year == today.year),
    )
    if project.stage == Stage.SIGNED:
        services.milestone_save(
            actor=actor,
            project=project,
            name="取得施工许可",
            planned_on=today + timedelta(days=rng.randint(-20, 60)),
        )
        return
    start = max(project.started_on or today, date(today.year, 1, 1))
    services.milestone_save(
        actor=actor,
        project=project,
        name="主体结构封顶",
        planned_on=start + timedelta(days=rng.randint(90, 240)),
        actual_on=(
            min(start + timedelta(days=200), today - timedelta(days=1))
            if project.stage == Stage.IN_PRODUCTION
            else None
        ),
    )
    progress = ["场地平整完成", "基础施工", "主体结构施工", "主体结构封顶", "设备安装", "试生产"]
    months = _months(start, last_month)
    for index, month in enumerate(months):
        if index == len(months) - 1 and rng.random() < 0.3:
            break  # this month's report is still due
        services.report_submit(
            actor=actor,
            project=project,
            month=month,
            submitted_on=services.report_due(month) + timedelta(days=rng.randint(-4, 3)),
            invested_wan=(plan / 12 * Decimal(rng.uniform(0.5, 1.4))).quantize(Decimal("0.01")),
            progress=progress[min(index, len(progress) - 1)],
            percent_complete=min(100, 10 + index * 9),
        )


register(30, load)
