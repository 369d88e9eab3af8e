"""Demo zones and parks: Linfen's nine zones and one zone in each of three more cities.

Each zone is run by the zone committee (管委会) of the accounts demo named after it.

Idempotent: every record is looked up by its natural key first. Written through the services,
so the demo has the same change history as real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.core.demo import register

from .choices import Infrastructure, Management, ZoneKind, ZoneLevel, ZoneStatus
from .models import Cluster, Park, Region, Zone
from .services import park_create, zone_create


@dataclass(frozen=True)
class ZoneSeed:
    key: str
    name: str
    short_name: str
    kind: ZoneKind
    level: ZoneLevel
    management: Management
    region: str
    approved_on: date
    authority: str
    area_km2: str
    lat: str
    lng: str
    parks: tuple[tuple[str, str, str], ...] = ()
    description: str = ""
    clusters: tuple[str, ...] = ()


LINFEN_ZONES = (
    ZoneSeed(
        "lfkfq",
        "临汾经济开发区",
        "临汾经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.CITY,
        "141002",
        date(1992, 8, 18),
        "山西省人民政府",
        "86.5",
        "36.0412",
        "111.5187",
        parks=(
            ("中心高端服务园区", "总部经济、金融服务、科技研发与商务会展", "6.8"),
            ("甘亭新兴工业园区", "高端装备制造、新材料、新能源汽车零部件", "38.2"),
            ("空港跨境自贸区", "跨境电商、保税物流、航空偏好型产业", "12.6"),
        ),
        description="市管开发区，一区三园，重点发展高端装备制造、新材料和现代服务业。",
        clusters=("high-end-equipment", "new-materials", "modern-services", "logistics"),
    ),
    ZoneSeed(
        "hmkfq",
        "侯马经济开发区",
        "侯马经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141081",
        date(1992, 11, 20),
        "山西省人民政府",
        "52.3",
        "35.6190",
        "111.3720",
        parks=(("侯马装备制造园", "汽车零部件、装备制造", "14.1"),),
        clusters=("automotive", "high-end-equipment"),
    ),
    ZoneSeed(
        "hdkfq",
        "洪洞经济技术开发区",
        "洪洞经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141024",
        date(2006, 3, 8),
        "山西省人民政府",
        "40.7",
        "36.2540",
        "111.6740",
        parks=(("甘亭精细化工园", "精细化工、新材料", "9.5"),),
        clusters=("chemicals", "new-materials"),
    ),
    ZoneSeed(
        "xfkfq",
        "襄汾经济技术开发区",
        "襄汾经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141023",
        date(2006, 3, 8),
        "山西省人民政府",
        "31.2",
        "35.8760",
        "111.4420",
    ),
    ZoneSeed(
        "azkfq",
        "安泽经济技术开发区",
        "安泽经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141026",
        date(2012, 6, 1),
        "山西省人民政府",
        "24.6",
        "36.1470",
        "112.2500",
    ),
    ZoneSeed(
        "xxny",
        "隰县现代农业产业示范区",
        "隰县农业示范区",
        ZoneKind.AGRICULTURE,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141031",
        date(2018, 4, 26),
        "山西省人民政府",
        "18.9",
        "36.6930",
        "110.9400",
    ),
    ZoneSeed(
        "ydgx",
        "尧都高新技术产业开发区",
        "尧都高新区",
        ZoneKind.HIGH_TECH,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141002",
        date(2015, 9, 10),
        "山西省人民政府",
        "21.4",
        "36.1120",
        "111.4980",
    ),
    ZoneSeed(
        "hzkfq",
        "霍州经济技术开发区",
        "霍州经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141082",
        date(2012, 6, 1),
        "山西省人民政府",
        "27.8",
        "36.5680",
        "111.7550",
    ),
    ZoneSeed(
        "gxkfq",
        "古县经济技术开发区",
        "古县经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.COUNTY,
        "141025",
        date(2013, 11, 5),
        "山西省人民政府",
        "16.3",
        "36.2680",
        "111.9200",
    ),
)

# Zones of the other demo cities (one each).
OTHER_ZONES = (
    ZoneSeed(
        "jckfq",
        "晋城经济技术开发区",
        "晋城经开区",
        ZoneKind.ETDZ,
        ZoneLevel.NATIONAL,
        Management.CITY,
        "140502",
        date(2013, 3, 1),
        "国务院",
        "60.4",
        "35.4900",
        "112.8510",
        parks=(("金匠工业园区", "光机电、新材料", "17.0"),),
    ),
    ZoneSeed(
        "yckfq",
        "运城经济技术开发区",
        "运城经开区",
        ZoneKind.ETDZ,
        ZoneLevel.PROVINCIAL,
        Management.CITY,
        "140802",
        date(1993, 5, 12),
        "山西省人民政府",
        "48.9",
        "35.0260",
        "111.0070",
    ),
    ZoneSeed(
        "dtkfq",
        "大同经济技术开发区",
        "大同经开区",
        ZoneKind.ETDZ,
        ZoneLevel.NATIONAL,
        Management.CITY,
        "140213",
        date(2010, 12, 26),
        "国务院",
        "35.6",
        "40.0600",
        "113.3400",
    ),
)

# Leading clusters of zones whose seed names none, by kind.
DEFAULT_CLUSTERS = {
    ZoneKind.ETDZ: ("high-end-equipment", "new-materials"),
    ZoneKind.HIGH_TECH: ("electronics", "biomedicine"),
    ZoneKind.AGRICULTURE: ("modern-agriculture", "food"),
}
# Infrastructure items not yet in place, and extra items, per demo park; others are complete.
INFRASTRUCTURE_GAPS: dict[str, tuple[str, ...]] = {
    "甘亭新兴工业园区": ("heat",),
    "空港跨境自贸区": ("heat", "gas"),
    "甘亭精细化工园": ("gas",),
}
EXTRA_ITEMS: dict[str, list[dict[str, object]]] = {
    "甘亭精细化工园": [{"name": "污水集中处理", "ready": False}],
    "空港跨境自贸区": [{"name": "海关监管设施", "ready": True}],
}


def _zone(seed: ZoneSeed, committee: Organisation) -> Zone:
    zone = Zone.objects.filter(name=seed.name, region__code=seed.region).first()
    if zone is None:
        zone = zone_create(
            actor=None,
            name=seed.name,
            short_name=seed.short_name,
            kind=seed.kind,
            level=seed.level,
            management=seed.management,
            region=Region.objects.get(code=seed.region),
            organisation=committee,
            status=ZoneStatus.OPERATING,
            approved_on=seed.approved_on,
            approval_authority=seed.authority,
            planned_area_km2=Decimal(seed.area_km2),
            center_lat=Decimal(seed.lat),
            center_lng=Decimal(seed.lng),
            description=seed.description,
            clusters=list(
                Cluster.objects.filter(code__in=seed.clusters or DEFAULT_CLUSTERS[seed.kind])
            ),
        )
    for name, positioning, area in seed.parks:
        if not Park.objects.filter(zone=zone, name=name).exists():
            gaps = INFRASTRUCTURE_GAPS.get(name, ())
            infrastructure: dict[str, object] = {
                item: item not in gaps for item in Infrastructure.values
            }
            if name in EXTRA_ITEMS:
                infrastructure["extra"] = EXTRA_ITEMS[name]
            park_create(
                actor=None,
                zone=zone,
                name=name,
                positioning=positioning,
                area_km2=Decimal(area),
                infrastructure=infrastructure,
                clusters=list(zone.clusters.all()),
            )
    return zone


def load() -> None:
    """Load the demo zones and their parks, after the organisations that run them."""
    for seed in (*LINFEN_ZONES, *OTHER_ZONES):
        committee = Organisation.objects.get(
            name=f"{seed.name}管委会", kind=OrganisationKind.ZONE_COMMITTEE
        )
        _zone(seed, committee)


register(20, load)
