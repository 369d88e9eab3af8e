"""Zone lists in and out of spreadsheets: plan an import row by row, apply it all or nothing.

An import is planned first: every row becomes a create, an update, "unchanged" or a rejection
with its reasons, and nothing is written. Applying the plan writes every row or none. The same
plan serves the preview page, the API-less command line and the tests. The national zone
catalogue's columns (代码, 开发区名称, 省份, 城市/区县, 批准级别, 批准时间, 核准面积_公顷, 主导产业,
经度/纬度) are understood as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.chunked import Run
from zonetrack.sheets.cells import CellError, parse_date, parse_decimal
from zonetrack.sheets.reader import Table, open_table
from zonetrack.sheets.writer import Column, write_xlsx

from . import services
from .choices import Management, RegionLevel, ZoneKind, ZoneLevel, ZoneStatus
from .models import Cluster, Region, Zone
from .selectors import park_counts

# Canonical field → header words that name it (after normalisation: no spaces, NFKC).
ZONE_COLUMNS: dict[str, set[str]] = {
    "name": {"开发区名称", "名称", "开发区", "园区名称", "zone", "name"},
    "short_name": {"简称", "shortname"},
    "catalogue_code": {"代码", "目录编码", "编码", "目录代码", "cataloguecode"},
    "kind": {"开发区类型", "类型", "类别", "kind"},
    "level": {"级别", "批准级别", "开发区级别", "level"},
    "management": {"管理层级", "管理方式", "市管县管", "management"},
    "province": {"省份", "省", "所在省份", "province"},
    "city": {"城市/区县", "城市", "地市", "所在地", "区县", "所在市县", "city"},
    "region_code": {"行政区划代码", "区划代码", "divisioncode", "regioncode"},
    "status": {"状态", "status"},
    "approved_on": {"批准时间", "批准日期", "设立时间", "approvedon", "approvaldate"},
    "approval_authority": {"批准机关", "审批机关", "approvalauthority"},
    "planned_area": {"规划面积", "核准面积", "面积", "核准面积_公顷", "plannedarea"},
    "clusters": {"主导产业", "产业", "产业集群", "clusters"},
    "lng": {"经度", "经度_wgs84", "longitude", "lng"},
    "lat": {"纬度", "纬度_wgs84", "latitude", "lat"},
    "description": {"简介", "描述", "概况", "description"},
}
REQUIRED = ("name",)
# The catalogue's own running number and geocoding notes are read and ignored, not reported.
IGNORED = {"序号", "地理编码精度", "no", "#"}

KIND_WORDS = [
    ("经济技术开发区", ZoneKind.ETDZ),
    ("经开区", ZoneKind.ETDZ),
    ("高新技术产业开发区", ZoneKind.HIGH_TECH),
    ("高新区", ZoneKind.HIGH_TECH),
    ("农业", ZoneKind.AGRICULTURE),
    ("文旅", ZoneKind.CULTURE_TOURISM),
    ("旅游", ZoneKind.CULTURE_TOURISM),
    ("保税", ZoneKind.BONDED),
    ("集聚区", ZoneKind.CLUSTER),
]
LEVEL_WORDS = [
    ("国务院", ZoneLevel.NATIONAL),
    ("国家", ZoneLevel.NATIONAL),
    ("省", ZoneLevel.PROVINCIAL),
]
STATUS_WORDS = [("申报", ZoneStatus.APPLYING), ("筹建", ZoneStatus.SETTING_UP)]
REGION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowPlan:
    """What one spreadsheet row will do, and why."""

    number: int
    name: str
    action: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    clusters: list[Cluster] | None = None
    zone: Zone | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The row-by-row plan of an import; ``ok`` when nothing is rejected."""

    rows: list[RowPlan]
    unknown_columns: list[str]
    missing_columns: list[str]
    unmatched_terms: Counter[str]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.action == Action.REJECT for r in self.rows)

    @property
    def unmatched(self) -> list[tuple[str, int]]:
        """Industry terms that matched no cluster, most frequent first."""
        return self.unmatched_terms.most_common()

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {
            action: self.count(action)
            for action in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.REJECT)
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).strip()


def _stem(name: str) -> str:
    """A place name without its administrative suffix: 临汾市 → 临汾, 东丽区 → 东丽."""
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _choose(text: str, words: list[tuple[str, Any]], values: Iterable[str]) -> Any:
    text = _norm(text)
    if text in set(values):
        return text
    for word, value in words:
        if word in text:
            return value
    return None


class Gazetteer:
    """Regions and clusters loaded once per import, so rows cost no queries to match."""

    def __init__(self) -> None:
        regions = list(Region.objects.all())
        self.by_code = {r.code: r for r in regions}
        self.provinces = [r for r in regions if r.level == RegionLevel.PROVINCE]
        self.children: dict[int, list[Region]] = {}
        for region in regions:
            if region.parent_id:
                self.children.setdefault(region.parent_id, []).append(region)
        self.clusters: dict[str, Cluster] = {}
        for cluster in Cluster.objects.filter(is_active=True):
            for word in (cluster.name, *cluster.aliases):
                self.clusters.setdefault(_norm(word), cluster)

    def province(self, text: str) -> Region | None:
        text = _norm(text)
        for region in self.provinces:
            if text in (region.name, _stem(region.name)) or region.name.startswith(text):
                return region
        return None

    def below(self, province: Region, text: str) -> Region | None:
        """The city or county under a province named by ``text`` (with or without suffix)."""
        text = _stem(_norm(text))
        if text in (_stem(province.name), province.name):
            return province
        cities = self.children.get(province.pk, [])
        counties = [c for city in cities for c in self.children.get(city.pk, [])]
        for candidates in (cities, counties):
            for region in candidates:
                if text in (region.name, _stem(region.name)):
                    return region
            for region in candidates:
                if region.name.startswith(text) and region.name != "市辖区":
                    return region
        # "唐山曹妃甸": a city's name followed by one of its counties, or the city alone.
        for city in cities:
            stem = _stem(city.name)
            if city.name != "市辖区" and len(stem) >= 2 and text.startswith(stem):
                rest = text[len(stem) :]
                for county in self.children.get(city.pk, []):
                    if rest and rest in (county.name, _stem(county.name)):
                        return county
                return city
        # A county named inside the text: "沧州临港" has no county, "天津子牙" none either.
        for county in counties:
            stem = _stem(county.name)
            if len(stem) >= 2 and stem in text:
                return county
        return None

    def match_clusters(self, text: str) -> tuple[list[Cluster], list[str]]:
        found: dict[int, Cluster] = {}
        unmatched: list[str] = []
        for term in re.split(r"[、,，;；/|\s]+", text or ""):
            term = _norm(term)
            if not term:
                continue
            cluster = self.clusters.get(term)
            if cluster is None:
                # Longest vocabulary word contained in the term: "汽车零部件制造" → 汽车零部件.
                hits = [w for w in self.clusters if len(w) >= 2 and w in term]
                cluster = self.clusters[max(hits, key=len)] if hits else None
            if cluster is None:
                unmatched.append(term)
            else:
                found[cluster.pk] = cluster
        return list(found.values()), unmatched


def _area_unit(table: Table) -> str:
    """The planned area's unit: from the header ("核准面积_公顷", "面积（亩）"), else km²."""
    raw = table.labels.get("planned_area", "")
    unit = table.units.get("planned_area")
    if unit:
        return unit
    for word, name in (("公顷", "公顷"), ("亩", "亩"), ("平方米", "平方米")):
        if word in raw:
            return name
    return "平方公里"


def plan_import(
    table: Table,
    *,
    user: Any,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Plan a zone import: read, match and validate every row; write nothing.
    ``progress(rows)`` is told how many rows are planned, every few hundred."""
    gazetteer = Gazetteer()
    area_unit = _area_unit(table)
    unknown = [c for c in table.unknown_columns if _norm(c).lower() not in IGNORED]
    plan = ImportPlan(
        rows=[],
        unknown_columns=unknown,
        missing_columns=[c for c in REQUIRED if c not in table.labels],
        unmatched_terms=Counter(),
    )
    if plan.missing_columns:
        plan.problems.append(
            _("Required columns are missing: %(columns)s")
            % {"columns": ", ".join(plan.missing_columns)}
        )
        return plan
    visible = list(
        access.visible(Zone.objects.all(), user)
        .select_related("region", "organisation")
        .prefetch_related("clusters")
    )
    by_code = {z.catalogue_code: z for z in visible if z.catalogue_code}
    by_key = {(z.region_id, z.name): z for z in visible}
    # Names taken in each region, by zones the user may not see too: a clash is still a clash.
    taken = {
        (region_id, name): pk
        for pk, region_id, name in Zone.objects.values_list("pk", "region_id", "name").iterator()
    }
    seen: dict[tuple[int, str], int] = {}
    for index, row in enumerate(table.rows(), start=1):
        if progress and index % 500 == 0:
            progress(index)
        item = _plan_row(row, gazetteer, area_unit, today)
        plan.unmatched_terms.update(item.warnings_terms)
        row_plan = item.plan
        if row_plan.action != Action.REJECT:
            key = (row_plan.fields["region"].pk, row_plan.fields["name"])
            if key in seen:
                row_plan.action = Action.REJECT
                row_plan.errors.append(_("The same zone as row %(row)d.") % {"row": seen[key]})
            else:
                seen[key] = row_plan.number
                code = row_plan.fields.get("catalogue_code")
                existing = by_code.get(code) if code else None
                existing = existing or by_key.get(key)
                _decide(row_plan, existing, user, taken)
        plan.rows.append(row_plan)
    return plan


@dataclass
class _Planned:
    plan: RowPlan
    warnings_terms: list[str]


def _plan_row(row: Any, gazetteer: Gazetteer, area_unit: str, today: date | None) -> _Planned:
    values = row.values
    name = _norm(str(values.get("name") or ""))
    plan = RowPlan(number=row.number, name=name, action=Action.CREATE)
    plan.errors.extend(row.problems)
    terms: list[str] = []
    if not name:
        plan.errors.append(_("The zone has no name."))
    fields: dict[str, Any] = {"name": name}

    def text(key: str) -> str:
        value = values.get(key)
        return "" if value is None else str(value).strip()

    # Where the zone is: a division code wins; else province + city names.
    region = None
    if text("region_code"):
        region = gazetteer.by_code.get(_norm(text("region_code")))
        if region is None:
            plan.errors.append(_("Unknown division code: %(code)s") % {"code": text("region_code")})
    elif text("province"):
        province = gazetteer.province(text("province"))
        if province is None:
            plan.errors.append(_("Unknown province: %(name)s") % {"name": text("province")})
        elif text("city"):
            region = gazetteer.below(province, text("city"))
            if region is None:
                region = province
                plan.warnings.append(
                    _("City or county “%(name)s” not found; the zone is placed at province level.")
                    % {"name": text("city")}
                )
        else:
            region = province
    else:
        plan.errors.append(_("Give the division code, or the province (and city)."))
    if region is not None:
        fields["region"] = region

    kind_text, level_text = text("kind"), text("level")
    fields["kind"] = _choose(kind_text or name, KIND_WORDS, ZoneKind.values) or ZoneKind.OTHER
    if level_text:
        fields["level"] = _choose(level_text, LEVEL_WORDS, ZoneLevel.values) or ZoneLevel.OTHER
        if "国务院" in level_text and not text("approval_authority"):
            fields["approval_authority"] = "国务院"
    if text("management"):
        management = _choose(
            text("management"),
            [("市", Management.CITY), ("县", Management.COUNTY)],
            Management.values,
        )
        if management is None:
            plan.errors.append(_("Managed by: write 市管 or 县管."))
        else:
            fields["management"] = management
    if text("status"):
        fields["status"] = _choose(text("status"), STATUS_WORDS, ZoneStatus.values) or (
            ZoneStatus.OPERATING
        )
    for key in ("short_name", "approval_authority", "description", "catalogue_code"):
        if text(key):
            fields[key] = text(key)

    def cell(key: str, parse: Any, label: str) -> Any:
        try:
            return parse(values.get(key))
        except CellError as exc:
            plan.errors.append(f"{label}: {exc.message}")
            return None

    approved = cell("approved_on", lambda v: parse_date(v, today=today), _("approval date"))
    if approved is not None:
        fields["approved_on"] = approved
    area = cell(
        "planned_area",
        lambda v: parse_decimal(v, header_unit=area_unit, unit_to="平方公里"),
        _("planned area"),
    )
    if area is not None:
        fields["planned_area_km2"] = area.quantize(Decimal("0.0001"))
    lat = cell("lat", parse_decimal, _("latitude"))
    lng = cell("lng", parse_decimal, _("longitude"))
    if lat is not None and lng is not None:
        fields["center_lat"] = lat.quantize(Decimal("0.000001"))
        fields["center_lng"] = lng.quantize(Decimal("0.000001"))
    if text("clusters"):
        plan.clusters, terms = gazetteer.match_clusters(text("clusters"))
        if terms:
            plan.warnings.append(
                _("Not in the cluster list: %(terms)s") % {"terms": "、".join(terms)}
            )
    plan.fields = fields
    if plan.errors:
        plan.action = Action.REJECT
    return _Planned(plan=plan, warnings_terms=terms)


def _decide(
    plan: RowPlan, existing: Zone | None, user: Any, taken: dict[tuple[int, str], int]
) -> None:
    """Create, update or leave alone; validate the result so the preview shows every error.

    Validation runs the zone's field and rule checks in memory; the region was resolved from
    the gazetteer and name clashes are looked up in ``taken``, so a row costs no query.
    """
    fields = plan.fields
    if existing is None:
        fields.setdefault("management", Management.COUNTY)
        fields.setdefault("level", ZoneLevel.OTHER)
        candidate = Zone(**fields)
    else:
        if not access.can_change(user, existing):
            plan.action = Action.REJECT
            plan.errors.append(_("You may not change this zone."))
            return
        plan.zone = existing
        plan.changed = [k for k, v in fields.items() if getattr(existing, k) != v]
        if plan.clusters is not None:
            current = {c.pk for c in existing.clusters.all()}
            if current != {c.pk for c in plan.clusters}:
                plan.changed.append("clusters")
        plan.action = Action.UPDATE if plan.changed else Action.UNCHANGED
        candidate = Zone(**{**_values(existing), **fields})
        candidate.pk = existing.pk
    errors: dict[str, list[str]] = {}
    try:
        candidate.clean_fields(exclude=["region", "organisation"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in candidate.rule_errors().items():
        errors.setdefault(name, []).append(message)
    holder = taken.get((candidate.region_id, candidate.name))
    if holder is not None and holder != candidate.pk:
        errors.setdefault("name", []).append(
            _("A zone of this name already exists in this region.")
        )
    if errors:
        plan.action = Action.REJECT
        plan.errors.extend(
            f"{Zone._meta.get_field(name).verbose_name}: {message}"
            for name, messages in errors.items()
            for message in messages
        )


def _values(zone: Zone) -> dict[str, Any]:
    return {f.attname: getattr(zone, f.attname) for f in zone._meta.concrete_fields}


class ImportRefused(Exception):
    """The plan has rejected rows or problems: nothing is written."""


def apply_import(
    plan: ImportPlan,
    *,
    actor: Any,
    parent: Organisation | None,
    run: Run | None = None,
    progress: Callable[[int, int], None] | None = None,
    publish: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write every planned row, or none: any rejection or error undoes the whole import.

    Rows are written in short transactions (``core.chunked``), so other writers wait at most
    one chunk; ``publish`` runs in the last one (see ``Run.write``). New zones get a zone
    committee of their name under ``parent``.
    """
    if not plan.ok:
        raise ImportRefused(_("The file has rejected rows; nothing was imported."))
    new = [row for row in plan.rows if row.action == Action.CREATE]
    if new and parent is None:
        raise ImportRefused(_("Choose where new zone committees go."))
    if new and not access.can_create_in(actor, parent):
        raise PermissionDenied
    work = new + [row for row in plan.rows if row.action == Action.UPDATE and row.zone]

    def write(rows: Sequence[RowPlan]) -> None:
        creates = [row for row in rows if row.action == Action.CREATE]
        if creates:
            assert parent is not None
            services.zones_bulk_create(
                actor=actor,
                parent=parent,
                zones=[(Zone(**row.fields), row.clusters) for row in creates],
            )
        for row in rows:
            if row.action != Action.UPDATE or row.zone is None:
                continue
            changes = {k: row.fields[k] for k in row.changed if k in row.fields}
            if "clusters" in row.changed:
                changes["clusters"] = row.clusters
            try:
                services.zone_update(actor=actor, zone=row.zone, changes=changes)
            except ValidationError as exc:
                raise ImportRefused(
                    _("Row %(row)d: %(error)s")
                    % {"row": row.number, "error": "; ".join(exc.messages)}
                ) from exc

    (run or Run()).write(work, write, progress=progress, publish=publish)
    return plan.summary


def read_table(data: bytes, filename: str) -> Table:
    """Open an uploaded zone list (xlsx or csv) with the zone columns."""
    return open_table(data, filename, known=ZONE_COLUMNS)


EXPORT_COLUMNS = [
    Column("name", "开发区名称", 28),
    Column("short_name", "简称", 14),
    Column("catalogue_code", "代码", 10),
    Column("kind", "开发区类型", 20),
    Column("level", "级别", 8),
    Column("management", "管理层级", 8),
    Column("province", "省份", 10),
    Column("city", "城市/区县", 12),
    Column("region_code", "行政区划代码", 12),
    Column("status", "状态", 8),
    Column("approved_on", "批准时间", 12, number_format="yyyy-mm-dd"),
    Column("approval_authority", "批准机关", 16),
    Column("planned_area", "规划面积（平方公里）", 12, number_format="0.00##"),
    Column("clusters", "主导产业", 30),
    Column("lng", "经度", 11),
    Column("lat", "纬度", 11),
    Column("parks", "园区数", 8),
    Column("description", "简介", 40),
]


def export_rows(zones: Iterable[Zone], park_counts: dict[int, int]) -> Iterator[list[Any]]:
    """One spreadsheet row per zone, in EXPORT_COLUMNS order; import reads them back."""
    for zone in zones:
        region = zone.region
        province = region
        while province.parent_id is not None and province.parent is not None:
            province = province.parent
        yield [
            zone.name,
            zone.short_name,
            zone.catalogue_code,
            zone.get_kind_display(),
            zone.get_level_display(),
            zone.get_management_display(),
            province.name,
            region.name if region != province else "",
            region.code,
            zone.get_status_display(),
            zone.approved_on,
            zone.approval_authority,
            zone.planned_area_km2,
            "、".join(c.name for c in zone.clusters.all()),
            zone.center_lng,
            zone.center_lat,
            park_counts.get(zone.pk, 0),
            zone.description,
        ]


def export_zones(zones: QuerySet[Zone], out: IO[bytes]) -> None:
    """Write a zone list as .xlsx (streamed; cells that look like formulas stay text)."""
    counts = park_counts(zones.order_by().values("pk"))
    write_xlsx(
        out,
        sheet_name="开发区",
        title="开发区名录",
        columns=EXPORT_COLUMNS,
        rows=export_rows(zones, counts),
    )
