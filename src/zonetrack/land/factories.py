"""Reads of standard factories: buildings with their occupancy, occupancy and vacancy per park,
and the vacant units ranked against a project's needs (地等项目) with the reasons for each
place. A fixed number of queries whatever the number of buildings and units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access

from .matching import _plain, lacking
from .models import FactoryBuilding, FactoryUnit


@dataclass
class Occupancy:
    """Floor area let, reserved and vacant (m²) and units, of a building or a park."""

    name: str = ""
    units: int = 0
    let_units: int = 0
    total_m2: Decimal = Decimal(0)
    let_m2: Decimal = Decimal(0)
    reserved_m2: Decimal = Decimal(0)

    @property
    def vacant_m2(self) -> Decimal:
        return self.total_m2 - self.let_m2 - self.reserved_m2

    @property
    def occupancy_percent(self) -> Decimal | None:
        if not self.total_m2:
            return None
        return (self.let_m2 * 100 / self.total_m2).quantize(Decimal("0.1"))

    def add(self, unit: FactoryUnit, day: date) -> None:
        self.units += 1
        self.total_m2 += unit.floor_area_m2
        if unit.is_let_on(day):
            self.let_units += 1
            self.let_m2 += unit.floor_area_m2
        elif unit.reserved_for_id:
            self.reserved_m2 += unit.floor_area_m2


def _units() -> Prefetch[Any]:
    return Prefetch(
        "units",
        queryset=FactoryUnit.objects.active().select_related("occupant_project", "reserved_for"),
    )


def building_list(*, user: Any, zone_id: int | None = None) -> list[FactoryBuilding]:
    """The buildings the user sees, each with its units and ``occupancy`` (two queries)."""
    rows = access.visible(FactoryBuilding.objects.active(), user)
    if zone_id is not None:
        rows = rows.filter(zone_id=zone_id)
    buildings = list(
        rows.select_related("zone", "park")
        .prefetch_related(_units())
        .order_by("zone__name", "code")
    )
    today = timezone.localdate()
    for building in buildings:
        occupancy = Occupancy(name=str(building))
        for unit in building.units.all():
            occupancy.add(unit, today)
        building.occupancy = occupancy  # type: ignore[attr-defined]
    return buildings


def by_park(buildings: Iterable[FactoryBuilding]) -> list[Occupancy]:
    """Occupancy and vacancy per park (buildings outside a park under their zone), from the
    buildings ``building_list`` returned."""
    found: dict[Any, Occupancy] = {}
    today = timezone.localdate()
    for building in buildings:
        key = building.park_id or f"zone-{building.zone_id}"
        name = building.park.name if building.park else building.zone.name
        cell = found.setdefault(key, Occupancy(name=name))
        for unit in building.units.all():
            cell.add(unit, today)
    return sorted(found.values(), key=lambda o: o.name)


def building_get(*, user: Any, building_id: int) -> FactoryBuilding:
    rows = access.visible(FactoryBuilding.objects.all(), user).select_related("zone", "park")
    building = rows.prefetch_related(_units()).filter(pk=building_id).first()
    if building is None:
        raise Http404
    occupancy = Occupancy(name=str(building))
    today = timezone.localdate()
    for unit in building.units.all():
        occupancy.add(unit, today)
        unit.is_let = unit.is_let_on(today)  # type: ignore[attr-defined]
    building.occupancy = occupancy  # type: ignore[attr-defined]
    return building


def unit_get(*, user: Any, unit_id: int) -> FactoryUnit:
    unit = (
        access.visible(FactoryUnit.objects.active(), user)
        .select_related("building__zone__organisation")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def units_on_offer(*, user: Any, project: Any) -> QuerySet[FactoryUnit]:
    """Units of the project's zone neither let today nor reserved, as the user may see them."""
    today = timezone.localdate()
    rows = access.visible(FactoryUnit.objects.active(), user).filter(
        building__zone_id=project.zone_id, building__archived_at__isnull=True, reserved_for=None
    )
    let = rows.filter(lease_start_on__lte=today).exclude(lease_end_on__lt=today)
    let = let.exclude(occupant_firm="", occupant_project=None)
    return rows.exclude(pk__in=let.values("pk")).select_related("building", "building__park")


def units_reserved_for(*, user: Any, project: Any) -> QuerySet[FactoryUnit]:
    return (
        access.visible(FactoryUnit.objects.active(), user)
        .filter(reserved_for=project)
        .select_related("building")
    )


# --- matching -------------------------------------------------------------------------------

# A unit this much smaller than the need still counts as large enough.
AREA_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class UnitNeeds:
    """What a project needs of a factory unit; each optional."""

    area_m2: Decimal | None = None
    storey_height_m: Decimal | None = None
    floor_load_kn_m2: Decimal | None = None
    power_kva: Decimal | None = None
    crane: bool = False
    park_id: int | None = None
    items: tuple[str, ...] = ()  # infrastructure the project cannot do without


@dataclass
class UnitMatch:
    unit: FactoryUnit
    key: tuple[Any, ...]
    reasons: list[str] = field(default_factory=list)
    fails: int = 0


def _meets(
    have: Decimal | None, need: Decimal | None, ok: str, short: str, unknown: str
) -> tuple[bool, str | None]:
    if need is None:
        return True, None
    if have is None:
        return False, unknown
    if have >= need:
        return True, ok % {"have": _plain(have)}
    return False, short % {"have": _plain(have), "need": _plain(need)}


def rank_units(units: Iterable[FactoryUnit], needs: UnitNeeds) -> list[UnitMatch]:
    """The units best first: fewest needs unmet (storey height, floor load, power, crane — a
    building's bones cannot be changed); large enough; in the preferred park; on a lower floor
    (heavy work goes down); area closest to the need."""
    matches = []
    for unit in units:
        reasons: list[str] = []
        fails = 0
        checks = [
            _meets(
                unit.storey_height_m,
                needs.storey_height_m,
                _("storey height %(have)s m"),
                _("storey height %(have)s m, below %(need)s m"),
                _("storey height not recorded"),
            ),
            _meets(
                unit.floor_load_kn_m2,
                needs.floor_load_kn_m2,
                _("floor load %(have)s kN/m²"),
                _("floor load %(have)s kN/m², below %(need)s kN/m²"),
                _("floor load not recorded"),
            ),
            _meets(
                unit.power_kva,
                needs.power_kva,
                _("power %(have)s kVA"),
                _("power %(have)s kVA, below %(need)s kVA"),
                _("power not recorded"),
            ),
        ]
        if needs.items:
            missing = lacking(unit.building.park, needs.items)
            checks.append(
                (False, _("lacks %(items)s") % {"items": "、".join(missing)})
                if missing
                else (True, _("has the infrastructure needed"))
            )
        if needs.crane:
            checks.append(
                (True, _("crane %(t)s t") % {"t": _plain(unit.crane_tonnes)})
                if unit.crane_tonnes
                else (False, _("no crane"))
            )
        for ok, text in checks:
            fails += 0 if ok else 1
            if text:
                reasons.append(text)
        if needs.area_m2:
            big_enough = unit.floor_area_m2 >= needs.area_m2 * (1 - AREA_TOLERANCE)
            gap = abs(unit.floor_area_m2 - needs.area_m2)
            reasons.insert(
                0,
                _("%(area)s m², %(gap)s m² from the need")
                % {"area": _plain(unit.floor_area_m2), "gap": _plain(gap)}
                if big_enough
                else _("too small: %(area)s m²") % {"area": _plain(unit.floor_area_m2)},
            )
            fails += 0 if big_enough else 1
        else:
            big_enough, gap = True, Decimal(0)
        in_park = needs.park_id is not None and unit.building.park_id == needs.park_id
        if in_park:
            reasons.append(_("in the preferred park"))
        # The area is ranked on its own (a larger unit can be split, a machine cannot be lowered).
        key = (-(fails - (not big_enough)), big_enough, in_park, -unit.floor, -gap, -unit.pk)
        matches.append(UnitMatch(unit=unit, key=key, reasons=reasons, fails=fails))
    matches.sort(key=lambda match: match.key, reverse=True)
    return matches
