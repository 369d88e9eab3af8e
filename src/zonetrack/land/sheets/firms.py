"""The per-mu evaluation's spreadsheets: a year's firm figures read into a checked plan, and
the results written out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from zonetrack.registry.models import Park, Zone
from zonetrack.sheets.reader import BinaryReader, Table, open_table
from zonetrack.sheets.writer import Column, write_xlsx

from ..choices import FirmClass, FirmKind
from ..models import FirmYear
from ..services import firm_errors
from .parcels import PlanRow

KNOWN: dict[str, list[str]] = {
    "name": ["企业名称", "企业", "单位名称"],
    "credit_code": ["统一社会信用代码", "信用代码"],
    "zone": ["开发区", "所在开发区"],
    "park": ["园区", "所在园区"],
    "kind": ["规模", "是否规上", "规上/规下", "企业类型"],
    "land_mu": ["用地面积(亩)", "用地面积", "占地面积"],
    "tax_wan": ["税收(万元)", "实缴税金", "税收"],
    "value_added_wan": ["增加值(万元)", "工业增加值", "增加值"],
    "output_wan": ["产值(万元)", "营业收入", "产值"],
    "energy_tce": ["能耗(吨标煤)", "综合能耗", "能耗"],
    "emissions_t": ["排放量(吨)", "主要污染物排放量", "排放量"],
    "electricity_wan_kwh": ["用电量(万千瓦时)", "用电量"],
    "employees": ["从业人员", "年平均职工人数", "职工人数"],
    "rnd_wan": ["研发投入(万元)", "研发经费", "研发投入"],
    "founded_year": ["成立年份", "投产年份"],
    "land_granted_year": ["供地年份", "取得土地年份"],
}
REQUIRED = ("name", "kind", "land_mu", "tax_wan")
KIND_WORDS = {
    "规上": FirmKind.ABOVE_SCALE,
    "规模以上": FirmKind.ABOVE_SCALE,
    "是": FirmKind.ABOVE_SCALE,
    "above": FirmKind.ABOVE_SCALE,
    "规下": FirmKind.BELOW_SCALE,
    "规模以下": FirmKind.BELOW_SCALE,
    "否": FirmKind.BELOW_SCALE,
    "below": FirmKind.BELOW_SCALE,
}
NUMBERS = (
    "land_mu",
    "tax_wan",
    "value_added_wan",
    "output_wan",
    "energy_tce",
    "emissions_t",
    "electricity_wan_kwh",
    "rnd_wan",
)


@dataclass
class FirmPlan:
    """What a firm import would write: every row's firm, all or none."""

    evaluation_id: int
    rows: list[PlanRow] = field(default_factory=list)
    firms: list[FirmYear] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(not row.errors for row in self.rows)

    @property
    def summary(self) -> dict[str, int]:
        rejected = sum(1 for row in self.rows if row.errors)
        return {
            "create": len(self.rows) - rejected,
            "update": 0,
            "unchanged": 0,
            "reject": rejected,
        }


def read_firm_table(stored: BinaryReader | bytes, name: str) -> Table:
    return open_table(stored, name, known=KNOWN)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def plan_firms(
    table: Table, *, evaluation_id: int, zones: Iterable[Zone], progress: Callable[[int], None]
) -> FirmPlan:
    """Check every row of a year's firm figures (names, kinds, numbers, zone and park)."""
    plan = FirmPlan(evaluation_id=evaluation_id, unknown_columns=list(table.unknown_columns))
    missing = [name for name in REQUIRED if name not in table.header.values()]
    if missing:
        plan.problems.append(
            _("The column %(column)s is missing.") % {"column": KNOWN[missing[0]][0]}
        )
        return plan
    zone_by_name = {zone.name: zone for zone in zones}
    parks = {
        (p.zone_id, p.name): p for p in Park.objects.active().filter(zone__in=zone_by_name.values())
    }
    for done, row in enumerate(table.rows(), start=1):
        values = row.values
        name = _text(values.get("name"))
        line = PlanRow(number=row.number, name=name, errors=list(row.problems))
        plan.rows.append(line)
        if done % 500 == 0:
            progress(done)
        if not name:
            line.errors.append(_("%(column)s is empty.") % {"column": "企业名称"})
        kind = KIND_WORDS.get(_text(values.get("kind")))
        if kind is None:
            line.errors.append(
                _("Unknown firm kind: %(word)s (规上 or 规下)")
                % {"word": _text(values.get("kind"))}
            )
        figures: dict[str, Any] = {}
        for column in NUMBERS:
            text = _text(values.get(column)).replace(",", "")
            try:
                figures[column] = Decimal(text) if text else Decimal(0)
            except InvalidOperation:
                line.errors.append(_("%(column)s: not a number") % {"column": KNOWN[column][0]})
                figures[column] = Decimal(0)
        for column in ("employees", "founded_year", "land_granted_year"):
            text = _text(values.get(column))
            if text and not text.isdigit():
                line.errors.append(_("%(column)s: not a number") % {"column": KNOWN[column][0]})
                text = ""
            figures[column] = int(text) if text else (0 if column == "employees" else None)
        zone_name, park_name = _text(values.get("zone")), _text(values.get("park"))
        zone = zone_by_name.get(zone_name) if zone_name else None
        if zone_name and zone is None:
            line.errors.append(_("No zone in view is called %(name)s.") % {"name": zone_name})
        park = parks.get((zone.pk, park_name)) if zone and park_name else None
        if park_name and zone and park is None:
            line.errors.append(_("No park of this zone is called %(name)s.") % {"name": park_name})
        firm = FirmYear(
            name=name[:100],
            credit_code=_text(values.get("credit_code"))[:18],
            zone=zone,
            park=park,
            kind=kind or FirmKind.BELOW_SCALE,
            **figures,
        )
        line.errors.extend(firm_errors(firm).values())
        if line.errors:
            line.action = "reject"
        else:
            plan.firms.append(firm)
    if not plan.rows:
        plan.problems.append(_("The file has no firm rows."))
    return plan


RESULT_COLUMNS = [
    Column("rank", "排名", 8),
    Column("name", "企业名称", 30),
    Column("kind", "规模", 8),
    Column("zone", "开发区", 20),
    Column("park", "园区", 16),
    Column("land_mu", "用地面积(亩)", 12, "0.00"),
    Column("tax_per_mu", "亩均税收(万元/亩)", 14, "0.00"),
    Column("output_per_mu", "亩均产出(万元/亩)", 14, "0.00"),
    Column("score", "得分", 10, "0.00"),
    Column("computed_class", "评价类别", 10),
    Column("final_class", "最终类别", 10),
]
CLASS_NAMES: dict[str, str] = {
    FirmClass.A: "A类",
    FirmClass.B: "B类",
    FirmClass.C: "C类",
    FirmClass.D: "D类",
    FirmClass.EXEMPT: "不参评",
}


def export_results(firms: Iterable[FirmYear], target: Any, *, title: str) -> None:
    """Write an evaluation's results, ranked within each firm kind."""
    rows = (
        {
            "rank": firm.rank,
            "name": firm.name,
            "kind": "规上" if firm.kind == FirmKind.ABOVE_SCALE else "规下",
            "zone": firm.zone.name if firm.zone else "",
            "park": firm.park.name if firm.park else "",
            "land_mu": firm.land_mu,
            "tax_per_mu": firm.tax_wan / firm.land_mu,
            "output_per_mu": firm.output_wan / firm.land_mu,
            "score": firm.score,
            "computed_class": CLASS_NAMES.get(firm.computed_class, ""),
            "final_class": CLASS_NAMES.get(firm.final_class, ""),
        }
        for firm in firms
    )
    write_xlsx(target, sheet_name="亩均评价结果", title=title, columns=RESULT_COLUMNS, rows=rows)
