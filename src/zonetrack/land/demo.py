"""Demo data of land: parcels in every status in each demo zone with a centre, outlined on its
map, the supplied ones granted to one of the zone's projects, with dated status steps; and
last year's per-mu evaluation of one zone, published for comment, with one objection; and one
supplied parcel's standard-land commitment, checked at completion and failed (a follow-up open).

Loaded after the projects (supplied land names a project). Written through the services, so
the demo has the same history as real data; idempotent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zonetrack.core.demo import register
from zonetrack.projects.models import Project
from zonetrack.registry.models import Cluster, Zone

from . import services
from .choices import FirmKind, LandUse, ParcelStatus
from .models import Commitment, Evaluation, FactoryBuilding, FirmYear, Parcel, Threshold

# (code suffix, name, use, the statuses it went through, days ago of its first step)
PARCELS = (
    ("01", "东区储备地块", LandUse.INDUSTRIAL, [ParcelStatus.RESERVE], 400),
    ("02", "标准地一号", LandUse.INDUSTRIAL, [ParcelStatus.RESERVE, ParcelStatus.STANDARD], 300),
    (
        "03",
        "标准地二号",
        LandUse.NEW_INDUSTRY,
        [ParcelStatus.RESERVE, ParcelStatus.STANDARD, ParcelStatus.GRANTING],
        260,
    ),
    (
        "04",
        "装备制造地块",
        LandUse.INDUSTRIAL,
        [ParcelStatus.RESERVE, ParcelStatus.STANDARD, ParcelStatus.SUPPLIED],
        900,
    ),
    (
        "05",
        "原纺织厂地块",
        LandUse.INDUSTRIAL,
        [ParcelStatus.RESERVE, ParcelStatus.SUPPLIED, ParcelStatus.IDLE],
        1500,
    ),
    (
        "06",
        "物流仓储地块",
        LandUse.WAREHOUSE,
        [ParcelStatus.SUPPLIED, ParcelStatus.LOW_EFFICIENCY],
        2000,
    ),
)
# Side of a demo parcel's square, in degrees (about 180 m × 220 m: 40–60 亩 in Shanxi).
SIDE = 0.002


def _square(lng: float, lat: float) -> dict:
    ring = [[lng, lat], [lng + SIDE, lat], [lng + SIDE, lat + SIDE], [lng, lat + SIDE], [lng, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


@transaction.atomic
def load() -> None:
    """Six parcels per demo zone with a centre, and the per-mu evaluation; twice changes
    nothing."""
    today = timezone.localdate()
    _evaluation(today)
    if not Parcel.objects.exists():
        _parcels(today)
    _commitment(today)
    if not FactoryBuilding.objects.exists():
        _factories(today)
    if not Threshold.objects.exists():
        _thresholds()


# The city's standard-land control indicators ("5+X") for two clusters: (indicator, comparison,
# value, unit) — the figures a typical prefecture sets, one row a cluster.
THRESHOLDS = [
    ("investment_intensity", "gte", "300", "万元/亩"),
    ("plot_ratio", "gte", "1.2", ""),
    ("tax_per_mu", "gte", "15", "万元/亩"),
    ("energy_per_va", "lte", "0.5", "吨标煤/万元"),
]


def _thresholds() -> None:
    """Entry thresholds of the first demo zone's authority above it for its two first
    clusters, the second cluster asking more investment."""
    zone = Zone.objects.active().filter(center_lat__isnull=False).order_by("pk").first()
    clusters = list(Cluster.objects.order_by("pk")[:2])
    if zone is None or zone.organisation.parent is None or len(clusters) < 2:
        return
    authority = zone.organisation.parent
    for number, cluster in enumerate(clusters):
        for indicator, comparison, value, unit in THRESHOLDS:
            figure = Decimal(value) * (
                Decimal("1.5") if number and indicator == "investment_intensity" else 1
            )
            services.threshold_create(
                actor=None,
                organisation=authority,
                cluster=cluster,
                indicator=indicator,
                comparison=comparison,
                value=figure,
                unit=unit,
                source=f"{authority.name}标准地控制指标（示例）",
            )


# Two standard factory buildings of the first demo zone: (code, name, storeys, units), each
# unit (code, floor, m², storey height m, floor load kN/m², power kVA, crane t, rent, tenant).
Unit = tuple[str, int, int, float, int, int, int | None, int, str]
FACTORIES: list[tuple[str, str, int, list[Unit]]] = [
    (
        "A1",
        "标准厂房A1栋",
        1,
        [
            ("101", 1, 3200, 12, 30, 800, 10, 14, "晋南精密机械有限公司"),
            ("102", 1, 2800, 12, 30, 630, 5, 14, ""),
        ],
    ),
    (
        "B2",
        "标准厂房B2栋（多层）",
        4,
        [
            ("101", 1, 1500, 6.5, 12, 400, None, 16, "临汾智能电子科技有限公司"),
            ("201", 2, 1500, 5.0, 8, 250, None, 13, "晋华医疗器械有限公司"),
            ("301", 3, 1500, 4.5, 5, 200, None, 12, ""),
            ("401", 4, 1500, 4.5, 5, 200, None, 12, ""),
        ],
    ),
]


def _factories(today: date) -> None:
    """Two buildings with units, four let on leases of a few years, three vacant."""
    zone = Zone.objects.active().filter(center_lat__isnull=False).order_by("pk").first()
    if zone is None:
        return
    park = zone.parks.active().order_by("pk").first()
    for index, (code, name, storeys, units) in enumerate(FACTORIES):
        # Beside the demo parcels, south of the zone's centre.
        located = (
            {
                "center_lat": (zone.center_lat - Decimal("0.004")).quantize(Decimal("0.000001")),
                "center_lng": (zone.center_lng + Decimal("0.003") * index).quantize(
                    Decimal("0.000001")
                ),
            }
            if zone.center_lat is not None and zone.center_lng is not None
            else {}
        )
        building = services.building_create(
            actor=None,
            zone=zone,
            park=park,
            code=code,
            name=name,
            storeys=storeys,
            completed_year=today.year - 3,
            **located,
        )
        for number, (unit, floor, area, height, load, power, crane, rent, tenant) in enumerate(
            units
        ):
            made = services.unit_create(
                actor=None,
                building=building,
                code=unit,
                floor=floor,
                floor_area_m2=Decimal(area),
                storey_height_m=Decimal(str(height)),
                floor_load_kn_m2=Decimal(load),
                power_kva=Decimal(power),
                crane_tonnes=Decimal(crane) if crane else None,
                rent_yuan_m2_month=Decimal(rent),
            )
            if tenant:
                start = today - timedelta(days=300 + 200 * number)
                services.unit_lease(
                    actor=None,
                    unit=made,
                    occupant_firm=tenant,
                    lease_start_on=start,
                    lease_end_on=start.replace(year=start.year + 5),
                )


def _parcels(today: date) -> None:
    zones = Zone.objects.active().filter(center_lat__isnull=False).order_by("pk")
    for number, zone in enumerate(zones, start=1):
        parks = list(zone.parks.active().order_by("pk"))
        project = Project.objects.active().filter(zone=zone).order_by("pk").first()
        lng0, lat0 = float(zone.center_lng), float(zone.center_lat)
        for index, (suffix, name, use, steps, days) in enumerate(PARCELS):
            start = today - timedelta(days=days)
            supplied_to = (
                {"supplied_project": project} if project else {"supplied_firm": "晋南机械有限公司"}
            )
            first = steps[0]
            parcel = services.parcel_create(
                actor=None,
                zone=zone,
                park=parks[index % len(parks)] if parks else None,
                code=f"{number:02d}-{suffix}",
                name=name,
                area_mu=None,
                land_use=use,
                status=first,
                status_on=start,
                geometry=_square(lng0 + (index % 3) * SIDE * 1.5, lat0 + (index // 3) * SIDE * 1.5),
                **(supplied_to if first == ParcelStatus.SUPPLIED else {}),
            )
            for step, status in enumerate(steps[1:], start=1):
                services.parcel_set_status(
                    actor=None,
                    parcel=parcel,
                    status=status,
                    changed_on=start + timedelta(days=step * days // len(steps)),
                    project=project if status == ParcelStatus.SUPPLIED else None,
                    firm="" if project else "晋南机械有限公司",
                    note="示例数据",
                )


def _commitment(today: date) -> None:
    """The first supplied parcel's promise (投资强度 300 万元/亩, start within two months,
    production within eight), checked at completion: not kept."""
    if Commitment.objects.exists():
        return
    parcel = (
        Parcel.objects.active()
        .filter(status=ParcelStatus.SUPPLIED, supplied_project__isnull=False)
        .select_related("supplied_project")
        .order_by("pk")
        .first()
    )
    if parcel is None or parcel.supplied_project is None or parcel.status_on is None:
        return
    granted = parcel.status_on
    commitment = services.commitment_create(
        actor=None,
        parcel=parcel,
        project=parcel.supplied_project,
        granted_on=granted,
        investment_intensity_wan_per_mu=Decimal(300),
        plot_ratio=Decimal("1.2"),
        tax_wan_per_mu=Decimal(15),
        energy_tce_per_wan=Decimal("0.5"),
        start_by_on=granted + timedelta(days=60),
        production_by_on=granted + timedelta(days=240),
        note="示例数据：标准地出让合同附承诺书",
    )
    due = services.check_due_on(commitment, "completion")
    if due is not None and due <= today:
        services.commitment_check(actor=None, commitment=commitment, kind="completion", day=today)


FIRM_NAMES = (
    "晋南机械",
    "汾河纺织",
    "尧都精工",
    "平阳焦化",
    "临钢铸造",
    "华翔汽配",
    "永鑫新材",
    "晋阳电子",
    "尧乡食品",
    "鼓楼包装",
    "古县化工",
    "浮山建材",
    "汾西光伏",
    "霍州制药",
    "襄汾陶瓷",
    "洪洞电机",
    "乡宁轴承",
    "蒲县环保",
    "隰县农产",
    "大宁物流",
    "吉县印刷",
    "安泽煤机",
    "曲沃轮毂",
    "翼城阀门",
)


def _evaluation(today: date) -> None:
    """Last year's per-mu evaluation of the first demo zone committee with a zone, published
    for comment two days ago, with one objection waiting for its decision."""
    zone = Zone.objects.active().filter(center_lat__isnull=False).order_by("pk").first()
    if zone is None or Evaluation.objects.exists():
        return
    rng = random.Random("zonetrack-demo-land")  # noqa: S311 (demo data, not secrets)
    parks = list(zone.parks.active().order_by("pk"))
    evaluation = services.evaluation_create(
        actor=None, organisation=zone.organisation, year=today.year - 1
    )
    firms = []
    for index, name in enumerate(FIRM_NAMES):
        above = index % 3 != 2
        land = Decimal(rng.randint(20, 200))
        value_added = land * Decimal(rng.randint(40, 260))
        firms.append(
            FirmYear(
                name=f"{name}有限公司",
                zone=zone,
                park=parks[index % len(parks)] if parks else None,
                kind=FirmKind.ABOVE_SCALE if above else FirmKind.BELOW_SCALE,
                land_mu=land,
                tax_wan=land * Decimal(rng.randint(3, 50)),
                value_added_wan=value_added if above else Decimal(0),
                output_wan=value_added * 4,
                energy_tce=value_added / Decimal(rng.randint(1, 5)),
                emissions_t=value_added / Decimal(rng.randint(2000, 8000)),
                electricity_wan_kwh=land * Decimal(rng.randint(2, 30)),
                employees=rng.randint(30, 800),
                rnd_wan=value_added * 4 * Decimal(rng.randint(5, 50)) / 1000,
                founded_year=today.year - (1 if index == 5 else rng.randint(3, 20)),
            )
        )
    services.firms_replace(actor=None, evaluation=evaluation, firms=firms)
    services.evaluation_score(actor=None, evaluation=evaluation)
    evaluation.refresh_from_db()
    services.evaluation_publish(
        actor=None, evaluation=evaluation, published_on=today - timedelta(days=2)
    )
    lowest = evaluation.firms.filter(computed_class="D").order_by("-rank").first()
    if lowest is not None:
        services.objection_file(
            actor=None,
            firm=lowest,
            text="用地面积含代征道路和绿化带，应予扣除",
            evidence="不动产权证书及规划红线图（代征面积12亩）",
            filed_on=today - timedelta(days=1),
        )


register(45, load)
