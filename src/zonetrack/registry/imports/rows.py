"""One spreadsheet row read into a zone's fields: place, kind, level, dates, area, clusters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zonetrack.sheets.cells import CellError, parse_date, parse_decimal

from ..choices import Management, ZoneKind, ZoneLevel, ZoneStatus
from .columns import KIND_WORDS, LEVEL_WORDS, STATUS_WORDS, _choose, _norm
from .gazetteer import Gazetteer
from .plan_types import Action, RowPlan


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
