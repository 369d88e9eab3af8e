"""The parcel ledger as a spreadsheet: reading an uploaded parcel list into a checked plan
(every row's parcel or its errors), and writing the ledger out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zonetrack.registry.models import Park, Zone
from zonetrack.sheets.reader import BinaryReader, Table, open_table
from zonetrack.sheets.writer import Column, write_xlsx

from ..choices import LandUse, ParcelStatus
from ..models import Parcel
from ..services import apply_outline

# Header texts of each field (the export's headers first, so an export imports back).
KNOWN: dict[str, list[str]] = {
    "code": ["地块编号", "地块编码", "宗地编号", "编号"],
    "name": ["地块名称", "名称", "坐落"],
    "park": ["所在园区", "园区"],
    "area_mu": ["面积(亩)", "面积", "用地面积", "出让面积"],
    "land_use": ["用途", "土地用途", "规划用途"],
    "status": ["状态", "地块状态"],
    "status_on": ["状态日期", "状态变更日期"],
    "supplied_firm": ["供地对象", "受让企业", "受让人"],
    "geometry": ["范围(GeoJSON/WKT)", "范围", "GeoJSON", "WKT", "坐标范围", "边界"],
    "note": ["备注"],
}
REQUIRED = ("code",)


def _words(choices: Any) -> dict[str, str]:
    """A choice's value and its Chinese and English labels, all meaning the value."""
    words: dict[str, str] = {}
    for value, label in choices:
        words[value] = value
        words[str(label)] = value
    return words


# The Chinese words a ledger writes, beside the labels of the page's language.
STATUS_WORDS = {
    **_words(ParcelStatus.choices),
    "储备": ParcelStatus.RESERVE,
    "储备用地": ParcelStatus.RESERVE,
    "标准地": ParcelStatus.STANDARD,
    "出让中": ParcelStatus.GRANTING,
    "已供": ParcelStatus.SUPPLIED,
    "已供地": ParcelStatus.SUPPLIED,
    "已出让": ParcelStatus.SUPPLIED,
    "闲置": ParcelStatus.IDLE,
    "低效": ParcelStatus.LOW_EFFICIENCY,
}
USE_WORDS = {
    **_words(LandUse.choices),
    "工业": LandUse.INDUSTRIAL,
    "工业用地": LandUse.INDUSTRIAL,
    "新型产业用地": LandUse.NEW_INDUSTRY,
    "M0": LandUse.NEW_INDUSTRY,
    "仓储": LandUse.WAREHOUSE,
    "仓储用地": LandUse.WAREHOUSE,
    "物流仓储用地": LandUse.WAREHOUSE,
    "科研用地": LandUse.RESEARCH,
    "科研": LandUse.RESEARCH,
    "商服用地": LandUse.COMMERCIAL,
    "商业": LandUse.COMMERCIAL,
    "其他": LandUse.OTHER,
}
STATUS_NAMES: dict[str, str] = {
    ParcelStatus.RESERVE: "储备",
    ParcelStatus.STANDARD: "标准地",
    ParcelStatus.GRANTING: "出让中",
    ParcelStatus.SUPPLIED: "已供",
    ParcelStatus.IDLE: "闲置",
    ParcelStatus.LOW_EFFICIENCY: "低效",
}
USE_NAMES: dict[str, str] = {
    LandUse.INDUSTRIAL: "工业用地",
    LandUse.NEW_INDUSTRY: "新型产业用地",
    LandUse.WAREHOUSE: "仓储用地",
    LandUse.RESEARCH: "科研用地",
    LandUse.COMMERCIAL: "商服用地",
    LandUse.OTHER: "其他",
}


@dataclass
class PlanRow:
    """One row of the file: its number, the parcel code, what would happen and why not."""

    number: int
    name: str
    action: str = "create"
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parcel: Parcel | None = None


@dataclass
class ImportPlan:
    """What an import would write: a parcel per row, all or none."""

    zone_id: int
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(not row.errors for row in self.rows) and bool(self.rows)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "reject": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def parcels(self) -> list[Parcel]:
        return [row.parcel for row in self.rows if row.parcel is not None]


def read_table(stored: BinaryReader | bytes, name: str) -> Table:
    """Open an uploaded parcel list (SheetError says why it cannot be read)."""
    return open_table(stored, name, known=KNOWN)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _area(value: Any) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    try:
        area = Decimal(_text(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(_("%(column)s: not a number") % {"column": "面积(亩)"}) from exc
    return area


def _day(value: Any) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
    except ValueError as exc:
        raise ValueError(_("%(column)s: not a date (2024-05-01)") % {"column": "状态日期"}) from exc


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [msg for messages in exc.message_dict.values() for msg in messages]
    return list(exc.messages)


def plan_import(
    table: Table, *, zone: Zone, progress: Callable[[int], None] | None = None
) -> ImportPlan:
    """Check every row of a parcel list for ``zone``: codes, areas, words, outlines (closed,
    simple, area within tolerance, overlapping no other parcel of the zone nor of the file)."""
    plan = ImportPlan(zone_id=zone.pk, unknown_columns=list(table.unknown_columns))
    missing = [name for name in REQUIRED if name not in table.header.values()]
    if missing:
        plan.problems.append(
            _("The column %(column)s is missing.") % {"column": KNOWN[missing[0]][0]}
        )
        return plan
    parks = {park.name: park for park in Park.objects.active().filter(zone=zone)}
    taken = set(Parcel.objects.filter(zone=zone).values_list("code", flat=True))
    seen: dict[str, int] = {}
    outlines: list[tuple[str, dict[str, Any]]] = []
    for done, row in enumerate(table.rows(), start=1):
        values = row.values
        code = _text(values.get("code"))
        line = PlanRow(number=row.number, name=code, errors=list(row.problems))
        plan.rows.append(line)
        if progress and done % 200 == 0:
            progress(done)
        if not code:
            line.errors.append(_("%(column)s is empty.") % {"column": "地块编号"})
        elif code in taken:
            line.errors.append(_("This zone already has a parcel with this code."))
        elif code in seen:
            line.errors.append(_("The code repeats row %(row)d.") % {"row": seen[code]})
        seen.setdefault(code, row.number)
        try:
            area = _area(values.get("area_mu"))
            status_on = _day(values.get("status_on"))
        except ValueError as exc:
            line.errors.append(str(exc))
            area, status_on = None, None
        status_word = _text(values.get("status")) or ParcelStatus.RESERVE
        use_word = _text(values.get("land_use")) or LandUse.INDUSTRIAL
        status = STATUS_WORDS.get(status_word)
        use = USE_WORDS.get(use_word)
        if status is None:
            line.errors.append(_("Unknown status: %(word)s") % {"word": status_word})
        if use is None:
            line.errors.append(_("Unknown land use: %(word)s") % {"word": use_word})
        park_name = _text(values.get("park"))
        park = parks.get(park_name) if park_name else None
        if park_name and park is None:
            line.errors.append(_("No park of this zone is called %(name)s.") % {"name": park_name})
        firm = _text(values.get("supplied_firm"))
        if status == ParcelStatus.SUPPLIED and not firm:
            line.errors.append(_("Supplied land names the project or the firm it went to."))
        parcel = Parcel(
            zone=zone,
            park=park,
            code=code[:40],
            name=_text(values.get("name"))[:100],
            **({"area_mu": area} if area is not None else {}),
            land_use=use or LandUse.INDUSTRIAL,
            status=status or ParcelStatus.RESERVE,
            status_on=status_on,
            supplied_firm=firm[:100],
            note=_text(values.get("note")),
        )
        raw = values.get("geometry")
        try:
            apply_outline(parcel, raw if _text(raw) else None, also=outlines)
        except ValidationError as exc:
            line.errors.extend(_messages(exc))
        if parcel.area_mu is None:
            line.errors.append(_("Give the area, or an outline to measure it from."))
        if not line.errors:
            try:
                parcel.full_clean(exclude=["zone", "code"])
            except ValidationError as exc:
                line.errors.extend(_messages(exc))
        if line.errors:
            line.action = "reject"
            continue
        if parcel.geometry:
            outlines.append((code, parcel.geometry))
        line.parcel = parcel
    if not plan.rows:
        plan.problems.append(_("The file has no parcel rows."))
    return plan


EXPORT_COLUMNS = [
    Column("zone", "开发区", 24),
    Column("park", "园区", 18),
    Column("code", "地块编号", 16),
    Column("name", "地块名称", 24),
    Column("area_mu", "面积(亩)", 12, "0.00"),
    Column("area_ha", "面积(公顷)", 12, "0.0000"),
    Column("land_use", "用途", 14),
    Column("status", "状态", 10),
    Column("status_on", "状态日期", 12),
    Column("project", "供地项目", 28),
    Column("supplied_firm", "供地对象", 24),
    Column("measured_mu", "测算面积(亩)", 14, "0.00"),
    Column("overlaps", "重叠地块", 16),
    Column("geometry", "范围(GeoJSON/WKT)", 40),
    Column("note", "备注", 30),
]


def export_parcels(parcels: Iterable[Parcel], target: Any, *, title: str) -> None:
    """Write the parcel ledger (the rows as listed) as an .xlsx that imports back."""
    import json

    rows = (
        {
            "zone": parcel.zone.name,
            "park": parcel.park.name if parcel.park else "",
            "code": parcel.code,
            "name": parcel.name,
            "area_mu": parcel.area_mu,
            "area_ha": parcel.area_ha,
            "land_use": USE_NAMES.get(parcel.land_use, parcel.land_use),
            "status": STATUS_NAMES.get(parcel.status, parcel.status),
            "status_on": parcel.status_on,
            "project": parcel.supplied_project.name if parcel.supplied_project else "",
            "supplied_firm": parcel.supplied_firm,
            "measured_mu": parcel.measured_mu,
            "overlaps": "、".join(parcel.overlaps),
            "geometry": json.dumps(parcel.geometry, ensure_ascii=False) if parcel.geometry else "",
            "note": parcel.note,
        }
        for parcel in parcels
    )
    write_xlsx(target, sheet_name="地块台账", title=title, columns=EXPORT_COLUMNS, rows=rows)
