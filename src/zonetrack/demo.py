"""The demo dataset: Shanxi's commerce department, Linfen and its zones, and demo users.

Deterministic and idempotent: every record is looked up by its natural key first, so loading
twice writes nothing the second time. Records are created through the services, so the demo
has the same change history as real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from zonetrack.accounts.choices import OrganisationKind as Kind
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.accounts.services import membership_set, organisation_create, user_create
from zonetrack.demo_projects import load_projects
from zonetrack.dispatch.demo import load_dispatch
from zonetrack.registry.choices import Infrastructure, Management, ZoneKind, ZoneLevel, ZoneStatus
from zonetrack.registry.models import Cluster, Park, Region, Zone
from zonetrack.registry.services import park_create, zone_create

DEMO_PASSWORD = "zonetrack-demo-2026"  # noqa: S105 (printed for demo users)


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

OTHER_CITIES = (
    (
        "晋城市商务局",
        "1405",
        "jc",
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
    ),
    (
        "运城市商务局",
        "1408",
        "yc",
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
    ),
    (
        "大同市商务局",
        "1402",
        "dt",
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

DEPARTMENTS = ("招商服务局", "经济发展局", "规划建设局")


def _organisation(name: str, kind: Kind, parent: Organisation | None, region: str) -> Organisation:
    existing = Organisation.objects.filter(name=name, parent=parent).first()
    if existing:
        return existing
    return organisation_create(actor=None, name=name, kind=kind, parent=parent, region_code=region)


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


def _user(
    username: str,
    display_name: str,
    memberships: list[tuple[Organisation, Role, str]],
    *,
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            is_superuser=superuser,
        )
    for organisation, role, title in memberships:
        if not Membership.objects.filter(user=user, organisation=organisation).exists():
            membership_set(actor=None, user=user, organisation=organisation, role=role, title=title)
    return user


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    """Load the demo dataset; returns (username, who, role) of the demo logins."""
    province = _organisation("山西省商务厅", Kind.PROVINCE_DEPT, None, "14")
    linfen = _organisation("临汾市商务局", Kind.CITY_BUREAU, province, "1410")
    committees: dict[str, Organisation] = {}
    for seed in LINFEN_ZONES:
        committee = _organisation(f"{seed.name}管委会", Kind.ZONE_COMMITTEE, linfen, seed.region)
        committees[seed.key] = committee
        _zone(seed, committee)
    for department in DEPARTMENTS:
        _organisation(department, Kind.DEPARTMENT, committees["lfkfq"], "141002")
    city_managers = []
    for bureau_name, city_code, key, seed in OTHER_CITIES:
        bureau = _organisation(bureau_name, Kind.CITY_BUREAU, province, city_code)
        committee = _organisation(f"{seed.name}管委会", Kind.ZONE_COMMITTEE, bureau, seed.region)
        committees[seed.key] = committee
        _zone(seed, committee)
        _user(f"{key}_manager", f"{bureau_name}科长", [(bureau, Role.MANAGER, "开发区科科长")])
        city_managers.append((f"{key}_manager", bureau_name, "manager"))

    lfkfq, hmkfq = committees["lfkfq"], committees["hmkfq"]
    logins = [
        ("admin", "系统管理员", "superuser", [], True),
        (
            "sx_manager",
            "省商务厅开发区处",
            "manager",
            [(province, Role.MANAGER, "开发区处处长")],
            False,
        ),
        ("sx_viewer", "省商务厅观察员", "viewer", [(province, Role.VIEWER, "科员")], False),
        ("lf_admin", "临汾市商务局管理员", "admin", [(linfen, Role.ADMIN, "信息科")], False),
        ("lf_manager", "临汾市商务局", "manager", [(linfen, Role.MANAGER, "开发区科科长")], False),
        ("lf_viewer", "临汾市商务局观察员", "viewer", [(linfen, Role.VIEWER, "科员")], False),
        (
            "lfkfq_manager",
            "临汾经开区管委会",
            "manager",
            [(lfkfq, Role.MANAGER, "管委会副主任")],
            False,
        ),
        (
            "lfkfq_officer",
            "临汾经开区项目专员",
            "officer",
            [(lfkfq, Role.OFFICER, "项目专员")],
            False,
        ),
        ("lfkfq_viewer", "临汾经开区观察员", "viewer", [(lfkfq, Role.VIEWER, "科员")], False),
        ("hm_manager", "侯马经开区管委会", "manager", [(hmkfq, Role.MANAGER, "管委会主任")], False),
        ("hm_officer", "侯马经开区项目专员", "officer", [(hmkfq, Role.OFFICER, "项目专员")], False),
    ]
    result = []
    for username, display_name, role, memberships, superuser in logins:
        _user(username, display_name, memberships, superuser=superuser)
        result.append((username, display_name, role))
    # The other cities' managers are logins too (the README lists them).
    result.extend(city_managers)
    load_projects()
    load_dispatch()
    return result
